from django.urls import path

from antq.reports import views

app_name = "reports"
urlpatterns = [
    path("report/", views.report_page, name="report"),
    path("report/sign/", views.report_signoff, name="report-sign"),
    path("reports/signed/", views.signed_reports, name="signed-reports"),
    path("reports/signed/<int:pk>/", views.signed_report, name="signed-report"),
]
