"""The import of past tips (tố giác, tin báo of the years before a unit kept them in antq): one
row per tip, received by a commune, in the state its register shows, with the deadline events
that decide whether it was settled on time. The import takes no reporter identity: a file with
a column that looks like one is refused whole, before any row is read."""

import re

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.core.imports import (
    CellError,
    Column,
    ImportSpec,
    parse_choice,
    parse_date,
    parse_text,
    parse_time,
)
from antq.core.text import fold
from antq.tallies.selectors import tip_count_months
from antq.tips.choices import OUTCOMES, Channel, LegalKind
from antq.tips.models import Tip, TipCategory
from antq.tips.services import past

# Folded words of a header that names a person's identity or contact, in vi, en and ar. A
# header holding one of them refuses the file.
IDENTITY_WORDS = (
    # en
    "name",
    "full name",
    "surname",
    "reporter",
    "informant",
    "denouncer",
    "phone",
    "telephone",
    "mobile",
    "email",
    "e-mail",
    "address",
    "id number",
    "id card",
    "identity",
    "passport",
    "contact",
    "date of birth",
    # vi, folded
    "ten",
    "ho ten",
    "ho va ten",
    "ten nguoi",
    "dien thoai",
    "so dien thoai",
    "sdt",
    "thu dien tu",
    "dia chi",
    "noi o",
    "cccd",
    "cmnd",
    "can cuoc",
    "chung minh",
    "ho chieu",
    "dinh danh",
    "nguoi to giac",
    "nguoi bao tin",
    "nguoi cung cap",
    "nguoi gui",
    "lien he",
    "lien lac",
    "ngay sinh",
    "nam sinh",
    # ar
    "اسم",
    "الاسم",
    "هاتف",
    "الهاتف",
    "جوال",
    "البريد الإلكتروني",
    "العنوان",
    "الهوية",
    "جواز",
    "مقدم البلاغ",
    "صاحب البلاغ",
    "تاريخ الميلاد",
)
# a word of the list as a whole word of the header ("commune name" is refused, "surname" too;
# "category" is not)
_IDENTITY = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(fold(w)) for w in IDENTITY_WORDS) + r")(?!\w)"
)


def refused_identity_columns(cells):
    """[(header, message)] for each header of the file that looks like a reporter's identity."""
    refused = []
    for cell in cells:
        header = str(cell or "").strip()
        if header and _IDENTITY.search(fold(header)):
            refused.append(
                (
                    header,
                    gettext(
                        "The column “{column}” looks like a person's identity (a name, a "
                        "contact, an address or an identity number). Past tips are imported "
                        "without any reporter identity: remove the column and import the file "
                        "again."
                    ).format(column=header),
                )
            )
    return refused


def _category_lookup():
    """Folded code or name (vi, en, ar) → category, those no longer in use included (the past
    was filed under the catalogue of its day). The catalogue is small: one query."""
    table = {}
    for category in TipCategory.objects.all():
        for text in (category.code, category.name, category.name_en, category.name_ar):
            if text:
                table.setdefault(fold(text), category)
    return table


def _prepare(rows, user):
    """The categories, and the communes and months whose monthly tallies carry tip counts (the
    register takes no tip there): two queries."""
    codes = {r["commune_code"] for r in rows if r.get("commune_code")}
    months = {past.month_of(r["received_on"]) for r in rows if r.get("received_on")}
    area_ids = set(Area.objects.filter(code__in=codes).values_list("pk", flat=True))
    return {"categories": _category_lookup(), "tallied": tip_count_months(area_ids, months)}


def _build(row, area, context):
    category = context["categories"].get(fold(row["category"] or ""))
    if category is None:
        raise CellError(
            gettext("Unknown category “{value}”; use a code from the catalogue.").format(
                value=row["category"]
            ),
            column="category",
        )
    month = past.month_of(row["received_on"])
    if (area.pk, month) in context["tallied"]:
        raise CellError(past.tallied_tips_error(area, month), column="received_on")
    return past.past_tip(
        area=area,
        legal_kind=row["legal_kind"],
        channel=row["channel"],
        category=category,
        summary=row["summary"] or "",
        received_on=row["received_on"],
        occurred_on=row["occurred_on"],
        occurred_time=row["occurred_time"],
        outcome=row["outcome"],
        outcome_on=row["outcome_on"],
        to_agency=row["to_agency"] or "",
        extended_on=row["extended_on"],
        extended_until=row["extended_until"],
        extended_again_on=row["extended_again_on"],
        extended_again_until=row["extended_again_until"],
        suspended_on=row["suspended_on"],
        resumed_on=row["resumed_on"],
    )


DATE_HELP = "DD/MM/YYYY"

TIP_IMPORT = ImportSpec(
    model=Tip,
    write=past.tip_bulk_create,
    basename="past-tips",
    date_column="received_on",
    # rows name the commune or ward that received the tip: tips are handled by communes, not
    # villages, so there is no village column
    levels=(AreaLevel.COMMUNE,),
    build=_build,
    prepare=_prepare,
    refuse_header=refused_identity_columns,
    columns=[
        Column("received_on", _("received on"), parse_date, required=True, help=DATE_HELP),
        Column("legal_kind", _("legal kind"), parse_choice(LegalKind.choices), required=True),
        Column("channel", _("channel"), parse_choice(Channel.choices), required=True),
        Column(
            "category",
            pgettext_lazy("tip", "category code"),
            parse_text(200),
            required=True,
            help=_("the category's code (see the catalogue), or its name"),
        ),
        Column(
            "summary",
            _("summary"),
            parse_text(5000),
            help=_(
                "what the tip is about, without the names of people (an export of antq leaves "
                "it out: its tips come back without one)"
            ),
        ),
        Column("occurred_on", _("occurred on"), parse_date, help=DATE_HELP),
        Column(
            "occurred_time",
            _("time of occurrence"),
            parse_time,
            help=_("HH:MM, with the date of occurrence"),
        ),
        Column(
            "outcome",
            _("outcome"),
            parse_choice([(s.value, s.label) for s in OUTCOMES]),
            help=_("empty while the tip is not settled"),
        ),
        Column("outcome_on", _("outcome date"), parse_date, help=DATE_HELP),
        Column(
            "to_agency",
            _("to agency"),
            parse_text(255),
            help=_("for a tip transferred to another agency: which one"),
        ),
        Column("extended_on", _("extension granted on"), parse_date, help=DATE_HELP),
        Column(
            "extended_until",
            _("extended until"),
            parse_date,
            help=_("the new due date; empty is the longest the law allows"),
        ),
        Column(
            "extended_again_on",
            _("second extension granted on"),
            parse_date,
            help=_("by the procuracy"),
        ),
        Column("extended_again_until", _("second extension until"), parse_date, help=DATE_HELP),
        Column("suspended_on", _("suspended on"), parse_date, help=DATE_HELP),
        Column("resumed_on", _("resumed on"), parse_date, help=DATE_HELP),
    ],
)
