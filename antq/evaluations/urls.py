from django.urls import include, path

from antq.core import record_pages
from antq.evaluations import views
from antq.evaluations.records import ASSESSMENTS, CLASSIFICATIONS, PLANS, REGISTRATIONS, RURAL


def generic(record_type, *own):
    """The record type's generic pages, less those this app replaces."""
    names = {f"{record_type.slug}-{name}" for name in own}
    return [p for p in record_pages.urls(record_type) if p.name not in names]


app_name = "evaluations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("criteria/", views.criteria_page, name="criteria"),
    path("criteria/new/", views.criterion_new, name="criterion-new"),
    path("communes/<int:pk>/", views.commune_page, name="commune"),
    path("registrations/", include(record_pages.urls(REGISTRATIONS))),
    path("assessments/<int:pk>/", views.assessment_page, name="assessment-detail"),
    path("assessments/<int:pk>/edit/", views.assessment_page, name="assessment-edit"),
    path("assessments/<int:pk>/delete/", views.assessment_delete, name="assessment-delete"),
    path(
        "assessments/<int:pk>/recognise/", views.assessment_recognise, name="assessment-recognise"
    ),
    path("assessments/<int:pk>/reopen/", views.assessment_reopen, name="assessment-reopen"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("assessments/", include(generic(ASSESSMENTS, "detail", "edit", "delete"))),
    path("classifications/new/", views.classification_edit, name="classification-create"),
    path("classifications/<int:pk>/edit/", views.classification_edit, name="classification-edit"),
    path("classifications/", include(generic(CLASSIFICATIONS, "create", "edit"))),
    path("weak/", views.weak_page, name="weak"),
    path("weak/export.<str:fmt>", views.weak_export, name="weak-export"),
    path("plans/new/", views.plan_new, name="improvementplan-create"),
    path("plans/", include(generic(PLANS, "create"))),
    path("rural/new/", views.rural_edit, name="ruralassessment-create"),
    path("rural/<int:pk>/edit/", views.rural_edit, name="ruralassessment-edit"),
    path("rural/", include(generic(RURAL, "create", "edit"))),
]
