import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.models import AreaScoped, StatusChange, status_fields
from antq.core.text import fold
from antq.honours.choices import (
    LAST_DAY_OF_DISTRICTS,
    AuthorityLevel,
    AwardForm,
    CommendationStatus,
    RecipientKind,
)


class EmulationAgreement(AreaScoped):
    """An emulation agreement (giao ước thi đua) signed between commune police, the Fatherland
    Front, associations, unions, agencies and villages for a period, with its targets. The area
    is the unit that hosts it; the parties are organisations and areas (many-to-many links,
    written by the services)."""

    area_day_field = "signed_on"

    title = models.CharField(_("title"), max_length=255)
    organisations = models.ManyToManyField(
        "registry.Organisation",
        verbose_name=_("party organisations"),
        blank=True,
        related_name="emulation_agreements",
    )
    party_areas = models.ManyToManyField(
        "areas.Area",
        verbose_name=_("party areas"),
        blank=True,
        related_name="emulation_agreements",
    )
    signed_on = models.DateField(_("signed on"))
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    targets = models.TextField(_("targets"))
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("signed at (activity)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements_signed",
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation agreement")
        verbose_name_plural = _("emulation agreements")
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["signed_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("honours:agreement-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.signed_on and self.signed_on > timezone.localdate():
            errors["signed_on"] = _(
                "This date is in the future: record it once it has taken place."
            )
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors["period_to"] = _("The period ends before it begins.")
        elif self.signed_on and self.period_to and self.signed_on > self.period_to:
            errors.setdefault("signed_on", _("The agreement is signed after its period ends."))
        if self.activity_id and self.signed_on and self.activity.held_on != self.signed_on:
            errors["activity"] = _(
                "This activity was held on {held}, not on the day the agreement was signed."
            ).format(held=self.activity.held_on.strftime("%d/%m/%Y"))
        if errors:
            raise ValidationError(errors)


def decision_key(level, authority, number):
    """What makes a decision the same decision: the issuing authority (its level and its name,
    folded) and the number (folded, without spaces): "12/QĐ-UBND" and "12 / qđ-ubnd" are one."""
    number = "".join(fold(number or "").split())
    if not number:
        return ""
    return "{level}|{authority}|{number}".format(
        level=level or "", authority=fold(authority or ""), number=number
    )[:300]


def decision_lock_id(key):
    """A 63-bit number for a database advisory lock on one decision key."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") >> 1


class Commendation(AreaScoped):
    """A commendation (khen thưởng) of a collective — an organisation, a movement team, or an
    area itself (a village, a commune) — or of an individual, in a form (certificate of merit,
    certificate of commendation, commemorative medal …) by an issuing authority, for a period and
    an achievement. The area is the unit where the recipient belongs.

    An editor nominates; an approver above the area approves it, recording the decision (number
    and date), or rejects it with a reason. An approved commendation is locked: only an
    administrator changes it, with a reason. Several commendations share one decision (same
    authority, number and date); a number is never reused for another date.

    An individual is named with their name and position or workplace only. Those two fields are
    personal data: shown only within the jurisdiction, and not copied into the history (deleting
    the commendation removes them)."""

    area_day_field = "decision_date"

    recipient_kind = models.CharField(_("recipient"), max_length=20, choices=RecipientKind.choices)
    recipient_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commendations",
    )
    recipient_team = models.ForeignKey(
        "movement.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commendations",
    )
    collective_name = models.CharField(
        _("collective"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("The collective's name when it was commended."),
    )
    recipient_name = models.CharField(_("full name"), max_length=200, blank=True)
    recipient_position = models.CharField(_("position or workplace"), max_length=255, blank=True)
    award_form = models.CharField(_("form"), max_length=30, choices=AwardForm.choices)
    form_other = models.CharField(
        _("other form"), max_length=200, blank=True, help_text=_("When the form is “Other”.")
    )
    authority_level = models.CharField(
        _("issuing authority level"), max_length=20, choices=AuthorityLevel.choices
    )
    authority_name = models.CharField(
        _("issuing authority"),
        max_length=255,
        help_text=_("For example: Chairman of the People's Committee of Quảng Trị province."),
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_key = models.CharField(max_length=300, blank=True, editable=False, db_index=True)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    achievement = models.TextField(_("achievement"))
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("presented at (activity)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commendations",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommendationStatus.choices,
        default=CommendationStatus.NOMINATED,
        editable=False,
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nominated_at = models.DateTimeField(_("nominated at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["recipient_name", "recipient_position"])

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-decision_date", "-id"]
        indexes = [
            models.Index(fields=["status", "decision_date"]),
            models.Index(fields=["area", "status"]),
            # the nominations awaiting a decision, by area: the inbox reads a province's through
            # its areas instead of the country's
            models.Index(
                fields=["area", "period_to", "id"],
                condition=models.Q(status=CommendationStatus.NOMINATED),
                name="commendation_nominated",
            ),
        ]

    def __str__(self):
        return f"{self.form_label} · {self.recipient_label}"

    def get_absolute_url(self):
        return reverse("honours:commendation-detail", args=[self.pk])

    @property
    def is_collective(self):
        return self.recipient_kind in (
            RecipientKind.ORGANISATION,
            RecipientKind.TEAM,
            RecipientKind.AREA,
        )

    @property
    def is_locked(self):
        return self.status == CommendationStatus.APPROVED

    @property
    def recipient_label(self):
        return self.collective_name if self.is_collective else self.recipient_name

    @property
    def form_label(self):
        if self.award_form == AwardForm.OTHER and self.form_other:
            return self.form_other
        return self.get_award_form_display()

    def fill_collective_name(self):
        """The collective's name as it is today (kept when the collective is later renamed)."""
        source = {
            RecipientKind.ORGANISATION: self.recipient_organisation,
            RecipientKind.TEAM: self.recipient_team,
            RecipientKind.AREA: self.area if self.area_id else None,
        }.get(self.recipient_kind)
        self.collective_name = str(source)[:255] if source is not None else ""

    def recipient_identity(self):
        """Who is commended, for "the same decision commends the same recipient twice"."""
        return (
            self.recipient_kind,
            self.recipient_organisation_id,
            self.recipient_team_id,
            self.area_id if self.recipient_kind == RecipientKind.AREA else None,
            fold(self.recipient_name) if not self.is_collective else "",
            fold(self.recipient_position) if not self.is_collective else "",
        )

    def clean(self):
        errors = {}
        self._clean_recipient(errors)
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors["period_to"] = _("The period ends before it begins.")
        if self.award_form == AwardForm.OTHER and not (self.form_other or "").strip():
            errors["form_other"] = _("Name the form of the commendation.")
        self._clean_decision(errors)
        self.decision_key = decision_key(
            self.authority_level, self.authority_name, self.decision_number
        )
        if errors:
            raise ValidationError(errors)

    def _clean_recipient(self, errors):
        kind = self.recipient_kind
        linked = {
            RecipientKind.ORGANISATION: "recipient_organisation",
            RecipientKind.TEAM: "recipient_team",
        }
        for wanted_kind, name in linked.items():
            has = getattr(self, f"{name}_id") is not None
            if kind == wanted_kind and not has:
                errors[name] = _("Choose the collective that is commended.")
            elif kind != wanted_kind and has:
                errors[name] = _("Only for the recipient chosen above.")
        if kind == RecipientKind.INDIVIDUAL:
            if not (self.recipient_name or "").strip():
                errors["recipient_name"] = _("Give the full name of the person commended.")
        elif kind:
            for name in ("recipient_name", "recipient_position"):
                if (getattr(self, name) or "").strip():
                    errors[name] = _("Only for an individual.")
        if self.area_id is None:
            return
        for name in linked.values():
            record = getattr(self, name) if getattr(self, f"{name}_id") else None
            if record is not None and not record.area.path.startswith(self.area.path):
                errors.setdefault(
                    name,
                    _(
                        "This collective does not belong to {area}: choose the area it belongs to."
                    ).format(area=self.area.name),
                )

    def _clean_decision(self, errors):
        has_number = bool((self.decision_number or "").strip())
        if self.status == CommendationStatus.APPROVED:
            if not has_number:
                errors["decision_number"] = _("Give the number of the decision.")
            if not self.decision_date:
                errors["decision_date"] = _("Give the date of the decision.")
        elif has_number or self.decision_date:
            errors["decision_number"] = _(
                "A decision is recorded when the commendation is approved."
            )
        day = self.decision_date
        if day and day > timezone.localdate():
            errors.setdefault("decision_date", _("This date is in the future."))
        elif day and self.period_from and day < self.period_from:
            errors.setdefault(
                "decision_date", _("The decision is dated before the period it commends began.")
            )
        elif day and self.activity_id and day > self.activity.held_on:
            errors.setdefault(
                "activity",
                _(
                    "The decision is dated after this activity ({held}), where it was presented."
                ).format(held=self.activity.held_on.strftime("%d/%m/%Y")),
            )
        when = day or (timezone.localdate() if self.status != CommendationStatus.APPROVED else None)
        if (
            self.authority_level == AuthorityLevel.DISTRICT
            and when
            and when > LAST_DAY_OF_DISTRICTS
        ):
            errors.setdefault(
                "authority_level",
                _("Districts no longer issue decisions: they ended on 30 June 2025."),
            )


class CommendationStatusChange(StatusChange):
    """One step of a commendation: nominated, approved (with its decision), rejected (with the
    reason), nominated again. Reached only through its commendation, so scoped by its area."""

    commendation = models.ForeignKey(
        Commendation,
        verbose_name=_("commendation"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status, to_status = status_fields(CommendationStatus.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    scope_path = "commendation__area__path"
    record_field = "commendation"

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-id"]

    @classmethod
    def initial_for(cls, commendation):
        """The first row of a commendation made by an import: from nothing to its status."""
        reason = ""
        if commendation.status == CommendationStatus.APPROVED:
            reason = decision_text(commendation)
        return cls(
            commendation=commendation,
            from_status="",
            to_status=commendation.status,
            reason=reason,
            changed_by=commendation.decided_by or commendation.nominated_by,
            changed_at=commendation.decided_at or commendation.nominated_at or timezone.now(),
        )


def decision_text(commendation):
    """ "Decision 12/QĐ-UBND of 15/08/2025 (Chairman of …)"."""
    day = commendation.decision_date
    return str(_("Decision {number} of {day} ({authority})")).format(
        number=commendation.decision_number,
        day=day.strftime("%d/%m/%Y") if isinstance(day, date) else "",
        authority=commendation.authority_name,
    )
