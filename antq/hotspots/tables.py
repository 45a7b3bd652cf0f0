import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from antq.core.tables import AreaColumn, DateColumn
from antq.hotspots.models import Hotspot


class HotspotTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), linkify=True, attrs={"a": {"dir": "auto"}})
    area = AreaColumn()
    kind = tables.Column(verbose_name=_("Kind"))
    status = tables.Column(verbose_name=_("Status"))
    opened_on = DateColumn(verbose_name=_("Arose on"))
    settled_on = DateColumn(verbose_name=_("Settled on"))

    class Meta:
        model = Hotspot
        fields = ("title", "area", "kind", "status", "opened_on", "settled_on")
        attrs = {"class": "table table-sm table-hover align-middle"}
