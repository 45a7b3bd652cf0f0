from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from antq.areas import selectors as area_selectors
from antq.core.forms import BootstrapFormMixin
from antq.indicators.base import REGISTRY
from antq.indicators.selectors import dashboard, ranked_children


class PeriodForm(BootstrapFormMixin, forms.Form):
    date_from = forms.DateField(
        label=_("From date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To date"), widget=forms.DateInput(attrs={"type": "date"}))
    rank = forms.ChoiceField(label=_("Rank the units below by"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rank"].choices = [(k, str(ind.name)) for k, ind in REGISTRY.items()]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end is before the start."))
        return data


def _presets(today):
    return [
        (_("This year"), date(today.year, 1, 1), today),
        (_("Last year"), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        (_("This month"), today.replace(day=1), today),
        (_("Since 2018"), date(2018, 1, 1), today),
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
        "date_to": today,
        "rank": "cameras.sites",
    } | request.GET.dict()
    form = PeriodForm(data)
    context = {"form": form, "area": area, "presets": _presets(today)}
    if area is not None and form.is_valid():
        d_from, d_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        rank = form.cleaned_data["rank"] or "cameras.sites"
        context |= {
            "groups": dashboard(request.user, area, d_from, d_to),
            "ranked": ranked_children(request.user, area, rank, d_from, d_to),
            "rank_indicator": REGISTRY[rank],
            "ancestors": area_selectors.area_ancestors(request.user, area),
            "d_from": d_from,
            "d_to": d_to,
            "rank": rank,
        }
    return render(
        request,
        "indicators/dashboard.html",
        context,
        status=200 if form.is_valid() or area is None else 422,
    )
