"""Import specs for emulation agreements and commendations."""

from datetime import date

from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antq.activities.models import Activity
from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.areas.resolution import pick
from antq.core.imports import (
    CellError,
    Column,
    ImportSpec,
    choices_help,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
)
from antq.core.relations import parse_id_list, pick_all, visible_by_ids
from antq.core.scoping import Action, can, can_at_higher_level
from antq.honours import services
from antq.honours.choices import (
    AuthorityLevel,
    AwardForm,
    CommendationStatus,
    RecipientKind,
)
from antq.honours.models import Commendation, EmulationAgreement
from antq.movement.models import Team
from antq.registry.models import Organisation

_ID = parse_int(1, 2**63 - 1)
_IDS_HELP = _("ids separated by “;”")
_DAY_HELP = "DD/MM/YYYY"


def day_text(value):
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else ""


# --- emulation agreements ---------------------------------------------------------------


def _party_codes(row):
    codes = [c.strip() for c in (row.get("party_areas") or "").replace(",", ";").split(";")]
    return [c for c in codes if c]


def _prepare_agreements(rows, user):
    """Organisations by id; party areas by code: every commune, and every village of the rows'
    own communes, with a code the rows name (two queries), among which each row chooses the
    unit in force on its signing date."""
    codes = {code for r in rows for code in _party_codes(r)}
    homes = {r["commune_code"] for r in rows if r.get("commune_code") and _party_codes(r)}
    communes, villages = {}, {}
    if codes:
        found = Area.objects.filter(level=AreaLevel.COMMUNE, code__in=codes | homes)
        for commune in found:
            communes.setdefault(commune.code, []).append(commune)
        parents = {c.path for code in homes for c in communes.get(code, [])}
        for village in (
            Area.objects.filter(level=AreaLevel.VILLAGE, code__in=codes)
            .annotate(parent_path=Substr("path", 1, Length("path") - Area.steplen))
            .filter(parent_path__in=parents)
        ):
            villages.setdefault((village.parent_path, village.code), []).append(village)
    return {
        "organisations": visible_by_ids(Organisation, user, rows, "organisations"),
        "activities": visible_by_ids(
            Activity, user, [{"a": [r["activity"]]} for r in rows if r.get("activity")], "a"
        ),
        "user": user,
        "party_communes": communes,
        "party_villages": villages,
    }


def _party_areas(row, area, context):
    """The units the row's codes name on its signing date (or its “valid on” day): a village
    of the row's commune, or else a commune; none or several in force then is the row's error,
    naming them."""
    codes = _party_codes(row)
    if not codes:
        return []
    day = row.get("valid_on") or row["signed_on"]
    home = {AreaLevel.COMMUNE: area.path, AreaLevel.VILLAGE: area.path[: -Area.steplen]}.get(
        area.level
    )
    found = []
    for code in codes:
        villages = context["party_villages"].get((home, code), [])
        pool = villages
        if not any(v.is_active_on(day) for v in villages):
            pool = villages + context["party_communes"].get(code, [])
        match, reason = pick(pool, code, day)
        if pool and match is None:
            raise CellError(reason, column="party_areas")
        if match is None or not can(context["user"], Action.VIEW, match):
            raise CellError(
                gettext("No village of this commune and no commune has the code “{code}”.").format(
                    code=code
                ),
                column="party_areas",
            )
        found.append(match)
    return found


def _build_agreement(row, area, context):
    organisations = pick_all(context["organisations"], row["organisations"], "organisations")
    areas = _party_areas(row, area, context)
    # found on the row's "valid on" day where it has one: they sign on its signing day
    if message := services.parties_not_in_force(areas, row["signed_on"]):
        raise CellError(message, column="party_areas")
    if len(organisations) + len(areas) < 2:
        raise CellError(
            gettext("An emulation agreement has at least two parties: organisations or areas."),
            column="organisations",
        )
    activity = None
    if row.get("activity"):
        activity = pick_all(context["activities"], [row["activity"]], "activity")[0]
    agreement = EmulationAgreement(
        area=area,
        title=row["title"],
        signed_on=row["signed_on"],
        period_from=row["period_from"],
        period_to=row["period_to"],
        targets=row["targets"],
        activity=activity,
    )
    agreement._pending_links = {"organisations": organisations, "party_areas": areas}
    return agreement


AGREEMENT_IMPORT = ImportSpec(
    model=EmulationAgreement,
    write=services.agreement_bulk_create,
    basename="emulation-agreements",
    date_column="signed_on",
    build=_build_agreement,
    prepare=_prepare_agreements,
    columns=[
        Column("title", _("title"), parse_text(255), required=True),
        Column("signed_on", _("signed on"), parse_date, required=True, help=_DAY_HELP),
        Column("period_from", _("period from"), parse_date, required=True, help=_DAY_HELP),
        Column("period_to", _("period to"), parse_date, required=True, help=_DAY_HELP),
        Column("targets", _("targets"), parse_text(4000), required=True),
        Column(
            "organisations",
            _("party organisations (ids)"),
            parse_id_list,
            help=_("ids of organisations (see the organisations export), separated by “;”"),
        ),
        Column(
            "party_areas",
            _("party areas (codes)"),
            parse_text(2000),
            help=_("codes of villages of the row's commune, or of communes, separated by “;”"),
        ),
        Column("activity", _("signed at (activity id)"), _ID),
    ],
)


# --- commendations ----------------------------------------------------------------------


def _prepare_commendations(rows, user):
    """Bulk lookups: the organisations, teams and activities named."""

    def one(key):
        return [{"v": [r[key]]} for r in rows if r.get(key)]

    return {
        "user": user,
        "organisations": visible_by_ids(Organisation, user, one("recipient_organisation"), "v"),
        "teams": visible_by_ids(Team, user, one("recipient_team"), "v"),
        "activities": visible_by_ids(Activity, user, one("activity"), "v"),
        "decisions": {},  # key -> date, growing as the file's rows are read
        "seen": set(),  # (decision key, recipient) pairs met in the file
        "now": timezone.now(),
    }


def _one(found, row, key):
    return pick_all(found, [row[key]], key)[0] if row.get(key) else None


def _period(row):
    year, start, end = row.get("period_year"), row.get("period_from"), row.get("period_to")
    if year and (start or end):
        raise CellError(
            gettext("Give either a year or a period from … to …, not both."), column="period_year"
        )
    if year:
        return date(year, 1, 1), date(year, 12, 31)
    if not (start and end):
        raise CellError(gettext("Give the year, or the period from … to …."), column="period_year")
    return start, end


def _build_commendation(row, area, context):
    user, now = context["user"], context["now"]
    period_from, period_to = _period(row)
    commendation = Commendation(
        area=area,
        recipient_kind=row["recipient_kind"],
        recipient_organisation=_one(context["organisations"], row, "recipient_organisation"),
        recipient_team=_one(context["teams"], row, "recipient_team"),
        recipient_name=row["recipient_name"] or "",
        recipient_position=row["recipient_position"] or "",
        award_form=row["award_form"],
        form_other=row["form_other"] or "",
        authority_level=row["authority_level"],
        authority_name=row["authority_name"],
        decision_number=row["decision_number"] or "",
        decision_date=row["decision_date"],
        period_from=period_from,
        period_to=period_to,
        achievement=row["achievement"],
        activity=_one(context["activities"], row, "activity"),
        nominated_by=user,
        nominated_at=now,
    )
    if commendation.decision_number or commendation.decision_date:
        # a decision already taken: only an approver above the area records it
        if not can_at_higher_level(user, Action.APPROVE, area):
            raise CellError(
                gettext(
                    "Only an approver above this area records a decision; leave the decision "
                    "empty to import nominations."
                ),
                column="decision_number",
            )
        commendation.status = CommendationStatus.APPROVED
        commendation.decided_by, commendation.decided_at = user, now
    commendation.fill_collective_name()
    commendation.full_clean(
        exclude=[f.name for f in Commendation._meta.fields if f.is_relation],
        validate_unique=False,
        validate_constraints=False,
    )
    key = commendation.decision_key
    if key:
        known = context["decisions"].setdefault(key, commendation.decision_date)
        if known != commendation.decision_date:
            raise CellError(
                gettext(
                    "Decision {number} of this authority is already recorded with the date "
                    "{day}: a decision number is not reused for another decision. Check the "
                    "number and the date."
                ).format(number=commendation.decision_number, day=day_text(known)),
                column="decision_number",
            )
        pair = (key, commendation.recipient_identity())
        if pair in context["seen"]:
            raise CellError(
                gettext("This decision already commends this recipient."),
                column="decision_number",
            )
        context["seen"].add(pair)
        # against the decisions recorded, under the decision's lock (held until the import ends)
        services.check_decision(commendation)
    return commendation


COMMENDATION_IMPORT = ImportSpec(
    model=Commendation,
    write=services.commendation_bulk_create,
    basename="commendations",
    date_column="decision_date",
    build=_build_commendation,
    prepare=_prepare_commendations,
    carry=("decisions", "seen", "now"),
    columns=[
        Column(
            "recipient_kind",
            _("recipient"),
            parse_choice(RecipientKind.choices),
            required=True,
            help=choices_help(RecipientKind.choices),
        ),
        Column("recipient_organisation", _("organisation (id)"), _ID),
        Column("recipient_team", _("team (id)"), _ID),
        Column("recipient_name", _("full name"), parse_text(200)),
        Column("recipient_position", _("position or workplace"), parse_text(255)),
        Column(
            "award_form",
            _("form"),
            parse_choice(AwardForm.choices),
            required=True,
            help=choices_help(AwardForm.choices),
        ),
        Column("form_other", _("other form"), parse_text(200)),
        Column(
            "authority_level",
            _("issuing authority level"),
            parse_choice(AuthorityLevel.choices),
            required=True,
            help=choices_help(AuthorityLevel.choices),
        ),
        Column("authority_name", _("issuing authority"), parse_text(255), required=True),
        Column(
            "decision_number",
            _("decision number"),
            parse_text(100),
            help=_("only for decisions already taken (approvers above the area)"),
        ),
        Column("decision_date", _("decision date"), parse_date, help=_DAY_HELP),
        Column("period_year", _("year"), parse_int(1945, 2200)),
        Column("period_from", _("period from"), parse_date, help=_DAY_HELP),
        Column("period_to", _("period to"), parse_date, help=_DAY_HELP),
        Column("achievement", _("achievement"), parse_text(4000), required=True),
        Column("activity", _("presented at (activity id)"), _ID),
    ],
)
