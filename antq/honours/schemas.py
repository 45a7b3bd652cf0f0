from datetime import datetime

from ninja import Field, Schema

from antq.core.api import ChangedByOut, IsoDate, choice_of
from antq.honours.choices import AuthorityLevel, AwardForm, CommendationStatus, RecipientKind


class AgreementOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    title: str
    organisations: list[int]
    party_areas: list[int]
    signed_on: IsoDate
    period_from: IsoDate
    period_to: IsoDate
    targets: str
    activity_id: int | None
    updated_at: datetime

    @staticmethod
    def resolve_organisations(obj):
        return [o.pk for o in obj.organisations.all()]

    @staticmethod
    def resolve_party_areas(obj):
        return [a.pk for a in obj.party_areas.all()]


class AgreementIn(Schema):
    area_id: int
    title: str = Field(max_length=255)
    organisations: list[int] = []
    party_areas: list[int] = []
    signed_on: IsoDate
    period_from: IsoDate
    period_to: IsoDate
    targets: str
    activity_id: int | None = None


class AgreementPatch(Schema):
    area_id: int | None = None
    title: str | None = Field(None, max_length=255)
    organisations: list[int] | None = None
    party_areas: list[int] | None = None
    signed_on: IsoDate | None = None
    period_from: IsoDate | None = None
    period_to: IsoDate | None = None
    targets: str | None = None
    activity_id: int | None = None
    reason: str = ""


class CommendationOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    status: choice_of(CommendationStatus)
    status_label: str = Field(alias="get_status_display")
    recipient_kind: choice_of(RecipientKind)
    recipient: str = Field(alias="recipient_label")
    recipient_organisation_id: int | None
    recipient_team_id: int | None
    recipient_name: str
    recipient_position: str
    award_form: choice_of(AwardForm)
    form_label: str
    authority_level: choice_of(AuthorityLevel)
    authority_name: str
    decision_number: str
    decision_date: IsoDate | None
    period_from: IsoDate
    period_to: IsoDate
    achievement: str
    activity_id: int | None
    rejection_reason: str
    updated_at: datetime


class CommendationIn(Schema):
    """A nomination. Give the period as `period_year`, or as `period_from` and `period_to`."""

    area_id: int
    recipient_kind: choice_of(RecipientKind)
    recipient_organisation_id: int | None = None
    recipient_team_id: int | None = None
    recipient_name: str = Field("", max_length=200)
    recipient_position: str = Field("", max_length=255)
    award_form: choice_of(AwardForm)
    form_other: str = Field("", max_length=200)
    authority_level: choice_of(AuthorityLevel)
    authority_name: str = Field(max_length=255)
    period_year: int | None = None
    period_from: IsoDate | None = None
    period_to: IsoDate | None = None
    achievement: str
    activity_id: int | None = None


class CommendationPatch(Schema):
    """Corrections. `decision_number` and `decision_date` only on an approved commendation, by
    an administrator, with a `reason`."""

    area_id: int | None = None
    recipient_kind: choice_of(RecipientKind) | None = None
    recipient_organisation_id: int | None = None
    recipient_team_id: int | None = None
    recipient_name: str | None = Field(None, max_length=200)
    recipient_position: str | None = Field(None, max_length=255)
    award_form: choice_of(AwardForm) | None = None
    form_other: str | None = Field(None, max_length=200)
    authority_level: choice_of(AuthorityLevel) | None = None
    authority_name: str | None = Field(None, max_length=255)
    decision_number: str | None = Field(None, max_length=100)
    decision_date: IsoDate | None = None
    period_year: int | None = None
    period_from: IsoDate | None = None
    period_to: IsoDate | None = None
    achievement: str | None = None
    activity_id: int | None = None
    reason: str = ""


class ApproveIn(Schema):
    decision_number: str = Field(max_length=100)
    decision_date: IsoDate


class CommendationReasonIn(Schema):
    reason: str = Field("", max_length=2000)


class CommendationStatusChangeOut(ChangedByOut):
    from_status: choice_of(CommendationStatus, blank=True)
    to_status: choice_of(CommendationStatus)
    reason: str
    changed_at: datetime


class FormFigures(Schema):
    form: str
    label: str
    count: int


class CommendationFiguresOut(Schema):
    area_id: int | None
    date_from: IsoDate | None
    date_to: IsoDate | None
    total: int
    collective: int
    individual: int
    by_form: list[FormFigures]
