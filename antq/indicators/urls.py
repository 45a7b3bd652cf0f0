from django.urls import path

from antq.indicators import report_views, views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("report/", report_views.report_page, name="report"),
    path("report/sign/", report_views.report_signoff, name="report-sign"),
    path("reports/signed/", report_views.signed_reports, name="signed-reports"),
    path("reports/signed/<int:pk>/", report_views.signed_report, name="signed-report"),
]
