from django.urls import path

from antq.reports import exception_views, views

app_name = "reports"
urlpatterns = [
    path("report/", views.report_page, name="report"),
    path("report/sign/", views.report_signoff, name="report-sign"),
    path("report/jobs/<int:pk>/", views.report_job, name="report-job"),
    path("report/jobs/<int:pk>/file/", views.report_job_file, name="report-job-file"),
    path("reports/signed/", views.signed_reports, name="signed-reports"),
    path("reports/signed/<int:pk>/", views.signed_report, name="signed-report"),
    path("locks/exceptions/", exception_views.exception_list, name="lock-exceptions"),
    path("locks/exceptions/new/", exception_views.exception_grant, name="lock-exception-grant"),
    path("locks/exceptions/<int:pk>/", exception_views.exception_detail, name="lock-exception"),
    path(
        "locks/exceptions/<int:pk>/revoke/",
        exception_views.exception_revoke,
        name="lock-exception-revoke",
    ),
]
