from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.forms.utils import flatatt
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from antq.areas import selectors as area_selectors
from antq.core.forms import BootstrapFormMixin
from antq.indicators.groups import cards, flags, ordered_keys
from antq.indicators.registry import REGISTRY, previous_period
from antq.indicators.selectors import breadcrumbs, dashboard, group_charts, ranked_children


class PlainSelect(forms.Select):
    """A select written out directly: through the form templates each of the ranking's options
    (one per indicator, over a hundred) cost two template includes, a fifth of the dashboard's
    rendering."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class PeriodForm(BootstrapFormMixin, forms.Form):
    date_from = forms.DateField(
        label=_("From date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To date"), widget=forms.DateInput(attrs={"type": "date"}))
    rank = forms.ChoiceField(label=_("Rank the units below by"), required=False, widget=PlainSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rank"].choices = [(k, str(REGISTRY[k].name)) for k in ordered_keys()]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end is before the start."))
        return data


def _month_start(year, month):
    """The first day of a month counted from January of `year` (month 0 = January; may be
    negative or above 11)."""
    years, index = divmod(month, 12)
    return date(year + years, index + 1, 1)


def _months(year, first, count):
    """`count` whole months from month `first` of `year` (0 = January): (start, end)."""
    return _month_start(year, first), _month_start(year, first + count) - timedelta(days=1)


def presets(today):
    """Ready-made periods: the current month, quarter, half-year and year and the last whole
    ones, and everything since 2018 (any other range is typed in the form). Each is whole
    calendar months — the current ones hold the records so far — so that they are read from
    the indicator rollup at any scale, and compare with the months just before
    (`base.previous_period`)."""
    y, m = today.year, today.month - 1
    quarter, half = m - m % 3, m - m % 6
    return [
        (_("This month"), *_months(y, m, 1)),
        (_("Last month"), *_months(y, m - 1, 1)),
        (_("This quarter"), *_months(y, quarter, 3)),
        (_("Last quarter"), *_months(y, quarter - 3, 3)),
        (_("This half-year"), *_months(y, half, 6)),
        (_("Last half-year"), *_months(y, half - 6, 6)),
        (_("This year"), date(y, 1, 1), date(y, 12, 31)),
        (_("Last year"), date(y - 1, 1, 1), date(y - 1, 12, 31)),
        (_("Since 2018"), date(2018, 1, 1), _months(y, m, 1)[1]),
    ]


@login_required
def dashboard_page(request):
    today = date.today()
    area = (
        area_selectors.area_get(request.user, request.GET["area"])
        if request.GET.get("area")
        else next(iter(area_selectors.jurisdiction_roots(request.user)), None)
    )
    data = {
        "date_from": date(today.year, 1, 1),
        "date_to": date(today.year, 12, 31),
        "rank": "cameras.sites",
    } | request.GET.dict()
    form = PeriodForm(data)
    context = {"form": form, "area": area, "presets": presets(today)}
    if area is not None and form.is_valid():
        d_from, d_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        rank = form.cleaned_data["rank"] or "cameras.sites"
        groups = dashboard(request.user, area, d_from, d_to)
        context |= {
            "groups": groups,
            "charts": group_charts(groups),
            "ranked": ranked_children(request.user, area, rank, d_from, d_to),
            "rank_indicator": REGISTRY[rank],
            "ancestors": breadcrumbs(request.user, area),
            "flags": flags(),
            "d_from": d_from,
            "d_to": d_to,
            # the period in every link of the page, and with the area in each figure's link to
            # its ranking, formatted once rather than in every link
            "period_query": urlencode(
                {"date_from": d_from.isoformat(), "date_to": d_to.isoformat()}
            ),
            "here_query": urlencode(
                {"area": area.pk, "date_from": d_from.isoformat(), "date_to": d_to.isoformat()}
            ),
            "previous": previous_period(d_from, d_to),
            "rank": rank,
        }
        for flag in flags():
            context |= flag.read(request.user, area, d_from, d_to)
    return render(
        request,
        "indicators/dashboard.html",
        context,
        status=200 if form.is_valid() or area is None else 422,
    )


def home(request):
    """The user's jurisdiction: its areas with the number of units under them, and the cards the
    apps declare (`groups.declare_cards`) with their figures over everything the user may see.
    A visitor who is not signed in is most likely a citizen: they go to the public portal (which
    links to the staff's sign-in)."""
    if not request.user.is_authenticated:
        return redirect("portal:report")
    roots = area_selectors.jurisdiction_roots(request.user)
    for area in roots:
        area.counts = area_selectors.descendant_counts(area)
    context = {"roots": roots, "cards": cards()}
    for card in cards():
        context |= card.read(request.user, roots)
    return render(request, "indicators/home.html", context)
