import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from antq.areas.models import Area


class ChildAreaTable(tables.Table):
    name = tables.Column(
        verbose_name=_("Name"),
        linkify=lambda record: record.get_absolute_url(),
        attrs={"a": {"dir": "auto"}},
    )
    code = tables.Column(verbose_name=_("Code"))
    area_type = tables.Column(verbose_name=_("Type"))
    valid_to = tables.Column(verbose_name=_("Valid to"))
    units = tables.Column(verbose_name=_("Units under it"), empty_values=(), orderable=False)

    class Meta:
        model = Area
        fields = ("name", "code", "area_type", "valid_to", "units")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("path",)

    def render_units(self, record):
        return " · ".join(getattr(record, "descendant_counts", [])) or "—"
