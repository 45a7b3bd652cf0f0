from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from antq.cameras.choices import CameraStatus, FundingSource, OwnerType
from antq.core.api import IsoDate, choice_of


class CameraSiteOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    address: str
    latitude: float | None
    longitude: float | None
    owner_type: choice_of(OwnerType)
    owner_organisation_id: int | None
    household_contact: str
    heads: int
    connected: bool
    retention_days: int | None
    installed_on: IsoDate | None
    status: choice_of(CameraStatus)
    funding_source: choice_of(FundingSource, blank=True)
    funding_amount: Decimal | None
    verified_by_id: int | None
    verified_on: IsoDate | None
    footage_consent: bool
    reconfirm_due_on: IsoDate | None
    reconfirmation_overdue: bool
    distance_km: float | None = None
    updated_at: datetime


class CameraSiteIn(Schema):
    area_id: int
    address: str = Field("", max_length=255)
    latitude: float | None = None
    longitude: float | None = None
    owner_type: choice_of(OwnerType)
    owner_organisation_id: int | None = None
    household_contact: str = Field("", max_length=200)
    heads: int = 1
    connected: bool = False
    retention_days: int | None = None
    installed_on: IsoDate | None = None
    status: choice_of(CameraStatus) = "working"
    funding_source: choice_of(FundingSource, blank=True) = ""
    funding_amount: Decimal | None = None
    footage_consent: bool = False
    reconfirm_due_on: IsoDate | None = None


class CameraSitePatch(Schema):
    area_id: int | None = None
    address: str | None = Field(None, max_length=255)
    latitude: float | None = None
    longitude: float | None = None
    owner_type: choice_of(OwnerType) | None = None
    owner_organisation_id: int | None = None
    household_contact: str | None = Field(None, max_length=200)
    heads: int | None = None
    connected: bool | None = None
    retention_days: int | None = None
    installed_on: IsoDate | None = None
    status: choice_of(CameraStatus) | None = None
    funding_source: choice_of(FundingSource, blank=True) | None = None
    funding_amount: Decimal | None = None
    footage_consent: bool | None = None
    reconfirm_due_on: IsoDate | None = None
    reason: str = ""


class FirePointOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    name: str
    address: str
    latitude: float | None
    longitude: float | None
    equipment: str
    last_inspected_on: IsoDate | None
    distance_km: float | None = None
    updated_at: datetime


class FirePointIn(Schema):
    area_id: int
    name: str = Field(max_length=200)
    address: str = Field("", max_length=255)
    latitude: float | None = None
    longitude: float | None = None
    equipment: str = ""
    last_inspected_on: IsoDate | None = None


class FirePointPatch(Schema):
    area_id: int | None = None
    name: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=255)
    latitude: float | None = None
    longitude: float | None = None
    equipment: str | None = None
    last_inspected_on: IsoDate | None = None
    reason: str = ""
