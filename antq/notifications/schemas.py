from datetime import datetime

from ninja import Schema

from antq.notifications.choices import Kind


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    link: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Schema):
    count: int
    unread: int
    page: int
    page_size: int
    items: list[NotificationOut]


class MarkReadIn(Schema):
    ids: list[int] | None = None


class MarkedOut(Schema):
    marked: int


class PreferenceIO(Schema):
    muted_kinds: list[Kind] = []
    by_email: bool = True
    by_sms: bool = False
    by_zalo: bool = False
    language: str = "vi"


class AlertIn(Schema):
    area_id: int
    team_kinds: list[str]
    channels: list[str] = ["sms"]
    text_vi: str = ""
    text_en: str = ""
    text_ar: str = ""


class ReachOut(Schema):
    teams: int
    members: int
    with_phone: int


class AlertOut(Schema):
    id: int
    area_id: int
    team_kinds: list[str]
    channels: list[str]
    text_vi: str
    text_en: str
    text_ar: str
    team_count: int
    member_count: int
    created_at: datetime


class DeliveryOut(Schema):
    id: int
    team: int | None
    member: int | None
    member_name: str
    channel: str
    address: str
    status: str
    attempts: int
    last_error: str
    sent_at: datetime | None

    @staticmethod
    def resolve_team(obj):
        return obj.team_id

    @staticmethod
    def resolve_member(obj):
        return obj.member_id

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.full_name if obj.member else ""


class DeliveryPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[DeliveryOut]
