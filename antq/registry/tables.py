import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from antq.core.tables import AreaColumn, DateTimeColumn
from antq.registry.models import Organisation


class OrganisationTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=True, attrs={"a": {"dir": "auto"}})
    org_type = tables.Column(verbose_name=_("Type"))
    area = AreaColumn()
    address = tables.Column(verbose_name=_("Address"))
    updated_at = DateTimeColumn(verbose_name=_("Updated"))

    class Meta:
        model = Organisation
        fields = ("name", "org_type", "area", "address", "updated_at")
        attrs = {"class": "table table-sm table-hover align-middle"}
