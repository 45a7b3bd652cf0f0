from django.urls import path

from antq.core import record_pages
from antq.tallies import views
from antq.tallies.records import TALLIES

# The tally's page replaces the generic one: it shows the workflow. (The generic delete page says
# why when the service refuses: only drafts go.)
OWN = {"tally-detail"}

app_name = "tallies"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.tally_detail, name="tally-detail"),
    path("<int:pk>/submit/", views.tally_submit, name="tally-submit"),
    path("approve/", views.tally_approve_many, name="tally-approve-many"),
    path("<int:pk>/resubmit/", views.tally_resubmit, name="tally-resubmit"),
    path("<int:pk>/return/", views.tally_return, name="tally-return"),
    path("<int:pk>/approve/", views.tally_approve, name="tally-approve"),
    path("<int:pk>/unapprove/", views.tally_unapprove, name="tally-unapprove"),
    *[p for p in record_pages.urls(TALLIES) if p.name not in OWN],
]
