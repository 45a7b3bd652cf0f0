"""API shapes of the inbox."""

from ninja import Schema

from antq.core.api import IsoDate


class ItemOut(Schema):
    title: str
    url: str
    detail: str
    when: IsoDate | None


class SectionOut(Schema):
    kind: str
    label: str
    count: int
    list_url: str
    items: list[ItemOut]


class InboxOut(Schema):
    total: int
    sections: list[SectionOut]
