"""Export columns for models, teams and team members."""

from django.utils.translation import gettext_lazy as _

from antq.core.exports import place_columns
from antq.movement.imports import MODEL_IMPORT, TEAM_IMPORT

MODEL_COLUMNS = [
    (_("id"), lambda m: m.pk),
    *place_columns(MODEL_IMPORT),
    (_("name"), lambda m: m.name),
    (_("category code"), lambda m: m.category.code),
    (_("category"), lambda m: m.category.label),
    (_("host organisation (id)"), lambda m: m.host_organisation_id),
    (_("host organisation"), lambda m: m.host_organisation.name if m.host_organisation else ""),
    (_("started on"), lambda m: m.started_on),
    (_("ended on"), lambda m: m.ended_on),
    (_("status"), lambda m: m.get_status_display()),
    (_("reason for the status"), lambda m: m.status_reason),
    (_("recognised at"), lambda m: m.get_recognition_level_display()),
    (_("recognised on"), lambda m: m.recognised_on),
    (_("replication of (id)"), lambda m: m.replicated_from_id),
]

TEAM_COLUMNS = [
    (_("id"), lambda t: t.pk),
    *place_columns(TEAM_IMPORT),
    (_("name"), lambda t: t.name),
    (_("kind"), lambda t: t.get_kind_display()),
    (_("current members"), lambda t: t.current_members),
    (_("model (id)"), lambda t: t.movement_model_id),
    (_("model"), lambda t: t.movement_model.name if t.movement_model else ""),
    (_("host organisation (id)"), lambda t: t.host_organisation_id),
    (_("host organisation"), lambda t: t.host_organisation.name if t.host_organisation else ""),
    (_("established on"), lambda t: t.established_on),
    (_("dissolved on"), lambda t: t.dissolved_on),
]

MEMBER_COLUMNS = [
    (_("team id"), lambda m: m.team_id),
    (_("team"), lambda m: m.team.name),
    (_("full name"), lambda m: m.full_name),
    (_("role in the team"), lambda m: m.get_role_in_team_display()),
    (_("phone"), lambda m: m.phone),
    (_("joined on"), lambda m: m.joined_on),
    (_("left on"), lambda m: m.left_on),
]
