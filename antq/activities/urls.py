from django.urls import include, path

from antq.activities import views
from antq.activities.records import ACTIVITIES, REGULATIONS, SECURED_EVENTS
from antq.core import record_pages

app_name = "activities"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/files/", views.attachment_add, name="attachment-add"),
    path("files/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("files/<int:pk>/delete/", views.attachment_delete, name="attachment-delete"),
    path("secured-events/", include(record_pages.urls(SECURED_EVENTS))),
    path("regulations/due/", views.regulations_due, name="regulation-due"),
    path("regulations/", include(record_pages.urls(REGULATIONS))),
    path("", include(record_pages.urls(ACTIVITIES))),
]
