import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from antq.core.tables import AreaColumn, DateColumn
from antq.movement.models import MovementModel, Team

_ATTRS = {"class": "table table-sm table-hover align-middle"}


def _area_column():
    return AreaColumn()


class MovementModelTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=True, attrs={"a": {"dir": "auto"}})
    area = _area_column()
    category = tables.Column(verbose_name=_("Category"), order_by="category__sort_order")
    status = tables.Column(verbose_name=_("Status"))
    recognition_level = tables.Column(verbose_name=_("Recognised at"))
    started_on = DateColumn(verbose_name=_("Started on"))
    host_organisation = tables.Column(
        verbose_name=_("Host organisation"), order_by="host_organisation__name"
    )

    class Meta:
        model = MovementModel
        fields = (
            "name",
            "area",
            "category",
            "status",
            "recognition_level",
            "started_on",
            "host_organisation",
        )
        attrs = _ATTRS

    def render_category(self, record):
        return record.category.label


class TeamTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=True, attrs={"a": {"dir": "auto"}})
    area = _area_column()
    kind = tables.Column(verbose_name=_("Kind"))
    current_members = tables.Column(verbose_name=_("Members"), attrs={"td": {"class": "text-end"}})
    movement_model = tables.Column(verbose_name=_("Model"), order_by="movement_model__name")
    established_on = DateColumn(verbose_name=_("Established on"))
    dissolved_on = DateColumn(verbose_name=_("Dissolved on"))

    class Meta:
        model = Team
        fields = (
            "name",
            "area",
            "kind",
            "current_members",
            "movement_model",
            "established_on",
            "dissolved_on",
        )
        attrs = _ATTRS
