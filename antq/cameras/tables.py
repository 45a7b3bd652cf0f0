from datetime import date

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from antq.cameras.choices import CameraStatus
from antq.cameras.models import CameraSite, FirePoint
from antq.core.cells import overdue_date
from antq.core.tables import AreaColumn, DateColumn


class CameraSiteTable(tables.Table):
    address = tables.Column(
        verbose_name=_("Address"), linkify=True, attrs={"a": {"dir": "auto"}}, empty_values=()
    )
    area = AreaColumn()
    owner_type = tables.Column(verbose_name=_("Owner type"))
    heads = tables.Column(verbose_name=_("Heads"))
    connected = tables.BooleanColumn(verbose_name=_("Connected"))
    status = tables.Column(verbose_name=_("Status"))
    reconfirm_due_on = DateColumn(verbose_name=_("Re-confirm by"))

    class Meta:
        model = CameraSite
        fields = (
            "address",
            "area",
            "owner_type",
            "heads",
            "connected",
            "status",
            "reconfirm_due_on",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_address(self, record):
        return str(record)

    def render_reconfirm_due_on(self, value, record):
        if value is None:
            return "—"
        if record.status == CameraStatus.REMOVED:
            return value.isoformat()
        return overdue_date(value, date.today())


class FirePointTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=True, attrs={"a": {"dir": "auto"}})
    area = AreaColumn()
    address = tables.Column(verbose_name=_("Address"))
    last_inspected_on = DateColumn(verbose_name=_("Last inspected"))

    class Meta:
        model = FirePoint
        fields = ("name", "area", "address", "last_inspected_on")
        attrs = {"class": "table table-sm table-hover align-middle"}
