from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.areas.choices import AreaLevel
from antq.core.models import (
    AreaScoped,
    StatusChange,
    TimeStamped,
    TranslatedCatalogue,
    area_field,
    check_area,
    status_fields,
)
from antq.core.scoping import ScopedQuerySet
from antq.movement.choices import ModelStatus, RecognitionLevel, TeamKind, TeamRole

# Where the movement has models and teams: a province's or a (former) district's own, a
# commune's or a village's. Imports pass these as the levels a row's unit code may name.
HOST_LEVELS = (AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.COMMUNE, AreaLevel.VILLAGE)

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ]*$",
    message=_("Write the phone number with digits and spaces, and + only at the start."),
)


class ModelCategory(TranslatedCatalogue):
    """A kind of model of the movement (loại mô hình), e.g. "camera an ninh". A catalogue kept by
    administrators; the default entries come with the first data migration."""

    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Categories not in use are not offered for new models."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("model category")
        verbose_name_plural = _("model categories")
        ordering = TranslatedCatalogue.Meta.ordering


class MovementModel(AreaScoped):
    """A local practice of the movement (mô hình), hosted by a unit (a province, a district
    before 2025, a commune or a village) and often by an organisation; it may be a replication
    (nhân rộng) of another model."""

    area_day_field = "started_on"
    area_levels = HOST_LEVELS

    name = models.CharField(_("name"), max_length=255)
    category = models.ForeignKey(
        ModelCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="models",
    )
    host_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="movement_models",
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ModelStatus.choices, default=ModelStatus.ACTIVE
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    recognition_level = models.CharField(
        _("recognised at"),
        max_length=20,
        choices=RecognitionLevel.choices,
        default=RecognitionLevel.NONE,
    )
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("replication of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replications",
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("model")
        verbose_name_plural = _("models")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["area", "status"]),
            models.Index(fields=["area", "recognition_level"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("movement:movementmodel-detail", args=[self.pk])

    def clean(self):
        errors = {}
        check_area(self, self.area_levels, errors)
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("The end date is before the start date.")
        if self.status == ModelStatus.TERMINATED:
            if not self.ended_on:
                errors["ended_on"] = _("A terminated model has an end date.")
            if not (self.status_reason or "").strip():
                errors["status_reason"] = _("Say why the model was terminated.")
        if self.recognition_level and self.recognition_level != RecognitionLevel.NONE:
            if not self.recognised_on:
                errors["recognised_on"] = _("Give the date of recognition.")
            elif self.started_on and self.recognised_on < self.started_on:
                errors["recognised_on"] = _("A model is recognised after it starts.")
        elif self.recognised_on:
            errors["recognised_on"] = _("Only a recognised model has a date of recognition.")
        if self.pk is not None and self.replicated_from_id == self.pk:
            errors["replicated_from"] = _("A model cannot be a replication of itself.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_replication(self):
        return self.replicated_from_id is not None


class ModelStatusChange(StatusChange):
    """One change of a model's status, with its date and reason. Reached only through its
    model, so it is scoped by the model's area."""

    model = models.ForeignKey(
        MovementModel,
        verbose_name=_("model"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status, to_status = status_fields(ModelStatus.choices)
    changed_on = models.DateField(_("changed on"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_path = "model__area__path"
    record_field = "model"

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_on", "-id"]

    @classmethod
    def initial_for(cls, model, user):
        """The first row of a new model: from nothing to its initial status, on the day that
        status began (its end for a model recorded as already terminated)."""
        terminated = model.status == ModelStatus.TERMINATED and model.ended_on
        return cls(
            model=model,
            from_status="",
            to_status=model.status,
            changed_on=model.ended_on if terminated else model.started_on,
            reason=model.status_reason,
            changed_by=user,
        )


class Team(AreaScoped):
    """A team or group of the movement (tổ, đội): self-governing security teams, inter-family
    fire-safety teams (tổ liên gia an toàn PCCC), community digital technology teams, …"""

    area = area_field(db_index=False)  # the (area, kind) index leads with it
    area_day_field = "established_on"
    area_levels = HOST_LEVELS

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=TeamKind.choices)
    movement_model = models.ForeignKey(
        MovementModel,
        verbose_name=_("model"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
    )
    host_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="movement_teams",
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["area", "kind"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("movement:team-detail", args=[self.pk])

    def clean(self):
        from datetime import date

        errors = {}
        check_area(self, self.area_levels, errors)
        if self.established_on and self.dissolved_on and self.dissolved_on < self.established_on:
            errors["dissolved_on"] = _("The team cannot be dissolved before it was established.")
        elif self.dissolved_on and self.dissolved_on > date.today():
            errors["dissolved_on"] = _("This date is in the future.")
        if errors:
            raise ValidationError(errors)


class TeamMember(TimeStamped):
    """A member of a team. Name and phone are personal data: shown only within the team's
    jurisdiction, never on public pages; the phone is not copied into the history."""

    # the (team, left_on) index leads with it
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="members",
        db_index=False,
    )
    full_name = models.CharField(_("full name"), max_length=200)
    role_in_team = models.CharField(
        _("role in the team"), max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["phone"])
    objects = ScopedQuerySet.as_manager()
    scope_path = "team__area__path"

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["team", "left_on"])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("movement:team-detail", args=[self.team_id]) + "#members"

    def clean(self):
        from datetime import date

        errors = {}
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = _("The member cannot leave before joining.")
        elif self.left_on and self.left_on > date.today():
            errors["left_on"] = _("This date is in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def area(self):
        """Rights over a member are rights over its team's area."""
        return self.team.area
