from django.urls import include, path

from antq.core import record_pages
from antq.tips import views
from antq.tips.records import STEPS, TIPS, WorkflowStep

app_name = "tips"
urlpatterns = [
    # entry and correction have their own page (identity fields, two area pickers); they come
    # before the generic pages so that they answer these URLs
    path("new/", views.tip_edit, name="tip-create"),
    path("<int:pk>/edit/", views.tip_edit, name="tip-edit"),
    path("reveals/", views.reveal_list, name="reveal-list"),
    path("<int:pk>/messages/", views.tip_message, name="tip-message"),
    path("<int:pk>/reveal/", views.tip_reveal, name="tip-reveal"),
    path("<int:pk>/cameras/", views.tip_cameras, name="tip-cameras"),
    path("<int:pk>/footage/", views.tip_footage_request, name="tip-footage"),
    path(
        "<int:pk>/footage/<int:request_pk>/answer/",
        views.tip_footage_answer,
        name="tip-footage-answer",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.tip_attachment,
        name="tip-attachment",
    ),
    *(
        path(
            f"<int:pk>/{WorkflowStep.slug(step)}/",
            views.tip_step,
            {"step": step},
            name=WorkflowStep.url_name(step),
        )
        for step in STEPS
    ),
    path("", include(record_pages.urls(TIPS))),
]
