import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent
from antq.core.tables import AreaColumn, DateColumn

ATTRS = {"class": "table table-sm table-hover align-middle"}
NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


def area_column():
    return AreaColumn()


def date_column(label):
    return DateColumn(verbose_name=label, attrs={"td": {"class": "text-nowrap"}})


class ActivityTable(tables.Table):
    held_on = date_column(_("Held on"))
    title = tables.Column(verbose_name=_("Title"), linkify=True, attrs={"a": {"dir": "auto"}})
    kind = tables.Column(verbose_name=_("Kind"))
    area = area_column()
    participants = tables.Column(verbose_name=_("Participants"), attrs=NUMBER)

    class Meta:
        model = Activity
        fields = ("held_on", "title", "kind", "area", "participants")
        attrs = ATTRS


class SecuredEventTable(tables.Table):
    held_on = date_column(_("Date"))
    name = tables.Column(verbose_name=_("Name"), linkify=True, attrs={"a": {"dir": "auto"}})
    kind = tables.Column(verbose_name=_("Kind"))
    area = area_column()
    scale = tables.Column(verbose_name=_("Scale (people)"), attrs=NUMBER)
    incidents_occurred = tables.BooleanColumn(verbose_name=_("Incidents"))

    class Meta:
        model = SecuredEvent
        fields = ("held_on", "name", "kind", "area", "scale", "incidents_occurred")
        attrs = ATTRS


class CoordinationRegulationTable(tables.Table):
    number = tables.Column(verbose_name=_("Number"), linkify=True, attrs={"a": {"dir": "auto"}})
    title = tables.Column(verbose_name=_("Title"), attrs={"td": {"dir": "auto"}})
    area = area_column()
    signed_on = date_column(_("Signed on"))
    review_on = date_column(_("Review date"))
    ended_on = date_column(_("Ended on"))

    class Meta:
        model = CoordinationRegulation
        fields = ("number", "title", "area", "signed_on", "review_on", "ended_on")
        attrs = ATTRS
