from django.urls import path

from antq.tallies import views
from antq.tallies.records import TALLIES

# The tally's page and its delete page replace the generic ones: the page shows the workflow,
# and a refused delete says why (only drafts go).
OWN = {"tally-detail", "tally-delete"}

app_name = "tallies"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.tally_detail, name="tally-detail"),
    path("<int:pk>/delete/", views.tally_delete, name="tally-delete"),
    path("<int:pk>/submit/", views.tally_submit, name="tally-submit"),
    path("<int:pk>/approve/", views.tally_approve, name="tally-approve"),
    path("<int:pk>/unlock/", views.tally_unlock, name="tally-unlock"),
    *[p for p in TALLIES.urls() if p.name not in OWN],
]
