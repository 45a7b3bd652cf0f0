from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from antq.api import api
from antq.core.health import HealthView
from antq.indicators import views as indicator_views

# under /api/ a missing path or an unhandled error answers JSON like every other API error
handler404 = "antq.core.views.not_found"
handler500 = "antq.core.views.server_error"

urlpatterns = [
    path("", indicator_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("antq.accounts.urls")),
    path("audit/", include("antq.audit.urls")),
    path("notifications/", include("antq.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("areas/", include("antq.areas.urls")),
    path("dashboard/", include("antq.indicators.urls")),
    path("dashboard/", include("antq.reports.urls")),
    path("registry/", include("antq.registry.urls")),
    path("cameras/", include("antq.cameras.urls")),
    path("movement/", include("antq.movement.urls")),
    path("tips/", include("antq.tips.urls")),
    path("report/", include("antq.portal.urls")),
    path("tallies/", include("antq.tallies.urls")),
    path("reporting/", include("antq.reporting.urls")),
    path("activities/", include("antq.activities.urls")),
    path("honours/", include("antq.honours.urls")),
    path("hotspots/", include("antq.hotspots.urls")),
    path("evaluations/", include("antq.evaluations.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("health/", HealthView.as_view(), name="health"),
]
