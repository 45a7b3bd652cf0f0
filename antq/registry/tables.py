import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from antq.registry.models import Organisation


class OrganisationTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=True, attrs={"a": {"dir": "auto"}})
    org_type = tables.Column(verbose_name=_("Type"))
    area = tables.Column(
        verbose_name=_("Area"),
        accessor="area__name",
        order_by="area__path",
        attrs={"td": {"dir": "auto"}},
    )
    address = tables.Column(verbose_name=_("Address"))
    updated_at = tables.DateTimeColumn(verbose_name=_("Updated"))

    class Meta:
        model = Organisation
        fields = ("name", "org_type", "area", "address", "updated_at")
        attrs = {"class": "table table-sm table-hover align-middle"}
