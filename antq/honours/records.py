from django.utils.translation import gettext_lazy as _

from antq.core.records import RecordType
from antq.core.relations import visible_links
from antq.core.scoping import Action, can
from antq.honours import selectors, services
from antq.honours.exports import AGREEMENT_COLUMNS, COMMENDATION_COLUMNS
from antq.honours.filtersets import CommendationFilterSet, EmulationAgreementFilterSet
from antq.honours.forms import CommendationForm, EmulationAgreementForm
from antq.honours.imports import AGREEMENT_IMPORT, COMMENDATION_IMPORT
from antq.honours.models import Commendation, EmulationAgreement
from antq.honours.tables import CommendationTable, EmulationAgreementTable


def _agreement_detail(request, agreement):
    organisations, hidden_orgs = visible_links(request.user, agreement, "organisations")
    areas, hidden_areas = visible_links(request.user, agreement, "party_areas")
    return {
        "extra_template": "honours/_agreement_extra.html",
        "organisations": organisations,
        "hidden_organisations": hidden_orgs,
        "party_areas": areas,
        "hidden_areas": hidden_areas,
        "activity": _visible_activity(request.user, agreement.activity),
    }


def _visible_activity(user, activity):
    return activity if activity is not None and can(user, Action.VIEW, activity.area) else None


def activity_commendations(request, activity):
    """The section on an activity's page: the commendations presented there."""
    commendations = list(selectors.presented_at(request.user, activity))
    agreements = list(
        selectors.agreement_list(request.user).filter(activity=activity).order_by("id")
    )
    if (
        not commendations
        and not agreements
        and activity.kind
        not in (
            "festival_day",
            "agreement_signing",
            "final_review",
            "preliminary_review",
        )
    ):
        return None
    return {
        "template": "honours/_activity_section.html",
        "commendations": commendations,
        "agreements": agreements,
    }


AGREEMENTS = RecordType(
    slug="agreement",
    namespace="honours",
    model=EmulationAgreement,
    selector=selectors.agreement_list,
    filterset=EmulationAgreementFilterSet,
    table=EmulationAgreementTable,
    form=EmulationAgreementForm,
    export_columns=AGREEMENT_COLUMNS,
    import_spec=AGREEMENT_IMPORT,
    create=services.agreement_create,
    update=services.agreement_update,
    delete=services.agreement_delete,
    detail_fields=["title", "signed_on", "period_from", "period_to", "targets"],
    detail_extra=_agreement_detail,
)

COMMENDATIONS = RecordType(
    slug="commendation",
    personal_data=True,
    namespace="honours",
    model=Commendation,
    selector=selectors.commendation_list,
    filterset=CommendationFilterSet,
    table=CommendationTable,
    form=CommendationForm,
    export_columns=COMMENDATION_COLUMNS,
    import_spec=COMMENDATION_IMPORT,
    create=services.commendation_nominate,
    update=services.commendation_update,
    delete=services.commendation_delete,
    detail_fields=[
        "recipient_kind",
        "collective_name",
        "recipient_name",
        "recipient_position",
        "award_form",
        "form_other",
        "authority_level",
        "authority_name",
        "decision_number",
        "decision_date",
        "period_from",
        "period_to",
        "achievement",
        "status",
        "rejection_reason",
    ],
    extra_links=((_("Award list (XLSX)"), "honours:commendation-award-list"),),
)
