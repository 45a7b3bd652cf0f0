"""The API at /api/v1/: every app's router on one NinjaAPI; OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

from antq.accounts.api import router as auth_router
from antq.activities.api import activity_router, event_router, regulation_router
from antq.areas.api import router as areas_router
from antq.cameras.api import camera_router, firepoint_router
from antq.core.api import AUTH, install_error_handlers
from antq.evaluations.api import router as evaluations_router
from antq.honours.api import agreement_router, commendation_router
from antq.hotspots.api import router as hotspots_router
from antq.movement.api import member_router, model_router, team_router
from antq.notifications.api import alert_router
from antq.notifications.api import router as notifications_router
from antq.registry.api import router as organisations_router
from antq.reporting.api import router as reporting_router
from antq.tallies.api import router as tallies_router
from antq.tips.api import router as tips_router

api = NinjaAPI(
    title="antq API",
    version="1",
    description="All People Protect National Security (Toàn dân bảo vệ an ninh Tổ quốc). "
    "Get a token at POST /api/v1/auth/token and send `Authorization: Bearer <token>`.",
    auth=AUTH,
    urls_namespace="api-1",
    docs_url="/docs",
)
install_error_handlers(api)
api.add_router("/auth", auth_router)
api.add_router("/areas", areas_router)
api.add_router("/organisations", organisations_router)
api.add_router("/camera-sites", camera_router)
api.add_router("/fire-points", firepoint_router)
api.add_router("/models", model_router)
api.add_router("/teams", team_router)
api.add_router("/team-members", member_router)
api.add_router("/tips", tips_router)
api.add_router("/tallies", tallies_router)
api.add_router("/reporting", reporting_router)
api.add_router("/activities", activity_router)
api.add_router("/secured-events", event_router)
api.add_router("/regulations", regulation_router)
api.add_router("/emulation-agreements", agreement_router)
api.add_router("/commendations", commendation_router)
api.add_router("/hotspots", hotspots_router)
api.add_router("/evaluations", evaluations_router)
api.add_router("/notifications", notifications_router)
api.add_router("/alerts", alert_router)
