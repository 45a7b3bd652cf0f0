from datetime import datetime

from ninja import Field, Schema

from antq.core.api import choice_of
from antq.registry.choices import OrganisationType


class OrganisationOut(Schema):
    id: int
    name: str
    org_type: choice_of(OrganisationType)
    type_label: str = Field(alias="get_org_type_display")
    area_id: int
    area_name: str = Field(alias="area.name")
    address: str
    phone: str
    email: str
    notes: str
    created_at: datetime
    updated_at: datetime


class OrganisationIn(Schema):
    area_id: int
    name: str = Field(max_length=255)
    org_type: choice_of(OrganisationType)
    address: str = Field("", max_length=255)
    phone: str = Field("", max_length=30)
    email: str = ""
    notes: str = ""


class OrganisationPatch(Schema):
    area_id: int | None = None
    name: str | None = Field(None, max_length=255)
    org_type: choice_of(OrganisationType) | None = None
    address: str | None = Field(None, max_length=255)
    phone: str | None = Field(None, max_length=30)
    email: str | None = None
    notes: str | None = None
    reason: str = ""
