import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from antq.audit import details
from antq.audit.models import AuditAction, AuditEntry
from antq.core.tables import AreaColumn, DateTimeColumn

ATTEMPTS = {AuditAction.SIGN_IN_FAILED, AuditAction.LOCKED_OUT}


class AuditEntryTable(tables.Table):
    at = DateTimeColumn(verbose_name=_("When"), format="Y-m-d H:i:s")
    username = tables.Column(verbose_name=_("Who"), attrs={"td": {"dir": "auto"}})
    role = tables.Column(verbose_name=_("Role"))
    action = tables.Column(verbose_name=_("Action"))
    target_user = tables.Column(
        verbose_name=_("Account concerned"),
        order_by="target_user__username",
        empty_values=(),
        attrs={"td": {"dir": "auto"}},
    )
    object_label = tables.Column(verbose_name=_("Record"), attrs={"td": {"dir": "auto"}})
    area = AreaColumn()
    address = tables.Column(verbose_name=_("Address"))
    detail = tables.Column(verbose_name=_("Detail"), orderable=False, attrs={"td": {"dir": "auto"}})

    def render_username(self, value, record):
        # a failed or locked-out sign-in keeps the name tried: nobody signed in did it
        if record.user_id is None and record.action in ATTEMPTS:
            return self.default
        # otherwise the entry keeps the name as it was; the person is named as they are now
        # while the account exists
        return record.user.person_label if record.user_id else value

    def render_target_user(self, value, record):
        if value:
            return value.person_label
        if record.action in ATTEMPTS and record.username:
            return record.username
        return self.default

    def render_detail(self, value):
        return details.render(value)

    class Meta:
        model = AuditEntry
        fields = (
            "at",
            "username",
            "role",
            "action",
            "target_user",
            "object_label",
            "area",
            "address",
            "detail",
        )
        attrs = {"class": "table table-sm table-hover align-middle", "id": "audit-table"}
