"""The import spec for monthly tallies: one row per commune and month."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.core.import_checks import build
from antq.core.imports import CellError, Column, ImportSpec, parse_int, parse_text
from antq.tallies import selectors, services
from antq.tallies.choices import COUNT_FIELDS, MAX_COUNT, TIP_COUNT_FIELDS
from antq.tallies.models import MonthlyTally
from antq.tallies.months import month_text, parse_month
from antq.tips.selectors import register_tip_months


def column_label(name):
    """A tally field's name, the header of its column in imports and exports."""
    return MonthlyTally._meta.get_field(name).verbose_name


def _prepare(rows, user):
    """The tallies that already exist for the communes and months of the file (one query)."""
    codes = {r["commune_code"] for r in rows if r.get("commune_code")}
    months = {r["month"] for r in rows if r.get("month")}
    with_tips = {r["commune_code"] for r in rows if services.tip_counts_field(r)}
    return {
        "existing": selectors.existing_months(user, codes, months),
        "seen": set(),
        # the register's tips of these communes and months: their tallies carry no tip counts
        "register": register_tip_months(
            set(Area.objects.filter(code__in=with_tips).values_list("pk", flat=True)), months
        ),
    }


def _build(row, area, context):
    key = (area.pk, row["month"])
    # before the database: the file's earlier chunks may be written already
    if key in context["seen"]:
        raise CellError(
            gettext("An earlier row of this file is for the same commune and month."),
            column="month",
        )
    if key in context["existing"]:
        raise CellError(
            gettext("{area} already has a tally for {month}.").format(
                area=area.name, month=month_text(row["month"])
            ),
            column="month",
        )
    tip_field = services.tip_counts_field(row)
    tips = context["register"].get(key)
    if tip_field and tips:
        raise CellError(services.register_tips_error(area, row["month"], tips), column=tip_field)
    context["seen"].add(key)
    counts = {name: row[name] or 0 for name in COUNT_FIELDS}
    tip_counts = {name: row[name] for name in TIP_COUNT_FIELDS}
    return build(
        MonthlyTally,
        area=area,
        month=row["month"],
        notes=row["notes"] or "",
        **counts,
        **tip_counts,
    )


TALLY_IMPORT = ImportSpec(
    model=MonthlyTally,
    write=services.tally_bulk_create,
    basename="monthly-tallies",
    date_column="month",
    # kept by communes and by the units an obligation adds (a district, a province's own
    # units): the unit code may name any of them; no village column
    levels=(AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.COMMUNE),
    build=_build,
    prepare=_prepare,
    carry=("seen",),
    columns=[
        Column(
            "month",
            column_label("month"),
            parse_month,
            required=True,
            help=_("YYYY-MM, MM/YYYY or a date in the month"),
        ),
        *[
            Column(
                name,
                column_label(name),
                parse_int(0, MAX_COUNT),
                help=_("a whole number; empty is 0"),
            )
            for name in COUNT_FIELDS
        ],
        *[
            Column(
                name,
                column_label(name),
                parse_int(0, MAX_COUNT),
                help=_(
                    "only for a month whose tips are not in the register; empty is not reported"
                ),
            )
            for name in TIP_COUNT_FIELDS
        ],
        Column("notes", column_label("notes"), parse_text(1000), help=_("no names of people")),
    ],
)
