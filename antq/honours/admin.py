from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antq.honours.models import Commendation, EmulationAgreement


@admin.register(EmulationAgreement)
class EmulationAgreementAdmin(SimpleHistoryAdmin):
    list_display = ("signed_on", "title", "area", "period_from", "period_to", "is_demo")
    list_filter = ("is_demo",)
    search_fields = ("title",)
    date_hierarchy = "signed_on"
    autocomplete_fields = ("area",)
    filter_horizontal = ("organisations",)
    raw_id_fields = ("party_areas", "activity")


@admin.register(Commendation)
class CommendationAdmin(SimpleHistoryAdmin):
    """Read only: nominations, approvals and the lock on approved commendations go through the
    app's pages, which keep the status history and check the decision numbers."""

    list_display = (
        "award_form",
        "collective_name",
        "area",
        "authority_level",
        "decision_number",
        "decision_date",
        "status",
        "is_demo",
    )
    list_filter = ("status", "award_form", "authority_level", "recipient_kind", "is_demo")
    search_fields = ("collective_name", "decision_number", "authority_name")
    date_hierarchy = "decision_date"
    exclude = ("recipient_name", "recipient_position")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
