import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from antq.hotspots.models import Hotspot


class HotspotTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), linkify=True, attrs={"a": {"dir": "auto"}})
    area = tables.Column(
        verbose_name=_("Area"),
        accessor="area__name",
        order_by="area__path",
        attrs={"td": {"dir": "auto"}},
    )
    kind = tables.Column(verbose_name=_("Kind"))
    status = tables.Column(verbose_name=_("Status"))
    opened_on = tables.DateColumn(verbose_name=_("Arose on"))
    settled_on = tables.DateColumn(verbose_name=_("Settled on"))

    class Meta:
        model = Hotspot
        fields = ("title", "area", "kind", "status", "opened_on", "settled_on")
        attrs = {"class": "table table-sm table-hover align-middle"}
