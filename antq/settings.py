"""antq settings: one module, configured from the environment (DATABASE_URL, ANTQ_*)."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from antq.core.files import private_dir, restrict_umask, tighten, write_private

# var/ holds personal data and keys: private to the account antq runs as (files 0600, folders
# 0700), for every process that loads these settings (gunicorn, the worker, the CLI)
restrict_umask()
BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = private_dir(os.environ.get("ANTQ_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key():
    """ANTQ_SECRET_KEY, else one generated once and kept under var/ so sessions survive restarts."""
    if os.environ.get("ANTQ_SECRET_KEY"):
        return os.environ["ANTQ_SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        write_private(key_file, secrets.token_urlsafe(50).encode())
    tighten(key_file)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("ANTQ_DEBUG")
ALLOWED_HOSTS = [
    h for h in os.environ.get("ANTQ_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ANTQ_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "antq.apps.AdminConfig",  # Django's admin with antq.admin.AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "simple_history",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "ninja",
    "antq.core",
    "antq.areas",
    "antq.accounts",
    "antq.registry",
    "antq.cameras",
    "antq.movement",
    "antq.tips",
    "antq.portal",
    "antq.indicators",
    "antq.tallies",
    "antq.activities",
    "antq.honours",
    "antq.hotspots",
    "antq.evaluations",
    "antq.reports",
    "antq.reporting",
    "antq.inbox",
    "axes",
    "antq.audit",
    "antq.notifications",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # administrators and holders of the identity grant finish signing in with a second factor
    "antq.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "antq.core.middleware.ApiMethodNotAllowedMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "antq.urls"
WSGI_APPLICATION = "antq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "antq" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "antq.notifications.context_processors.unread",
            ],
        },
    },
]

# SQLite (WAL) under var/ by default; PostgreSQL (or any database) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'antq.sqlite3'}",
        conn_max_age=int(os.environ.get("ANTQ_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    # files made before var/ was private
    for _suffix in ("", "-wal", "-shm"):
        tighten(f"{DATABASES['default']['NAME']}{_suffix}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "antq" / "locale"]
FORMAT_MODULE_PATH = ["antq.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("ANTQ_TIME_ZONE", "Asia/Ho_Chi_Minh")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "antq" / "static",
    ("vendor/bootstrap", _NODE / "bootstrap" / "dist"),
    ("vendor/echarts", _NODE / "echarts" / "dist"),
    ("vendor/leaflet", _NODE / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", _NODE / "leaflet.markercluster" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("ANTQ_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Tokens for the API expire; days from issue.
ANTQ_TOKEN_TTL_DAYS = int(os.environ.get("ANTQ_TOKEN_TTL_DAYS", "30"))
# The reporting cycle (antq.reporting): monthly tallies are due this many days after their
# reporting period ends; the period is the calendar month ("calendar") or the statistics cut-off
# of Decree 09/2019/NĐ-CP, art. 12 ("cutoff15": the 15th of the previous month to the 14th).
ANTQ_REPORT_DUE_DAYS = int(os.environ.get("ANTQ_REPORT_DUE_DAYS", "5"))
ANTQ_REPORT_PERIOD = os.environ.get("ANTQ_REPORT_PERIOD", "calendar")
if ANTQ_REPORT_PERIOD not in ("calendar", "cutoff15"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ANTQ_REPORT_PERIOD must be calendar or cutoff15")
# Map tiles for the map pages; empty means no tiles (points over a plain background).
ANTQ_TILE_URL = os.environ.get("ANTQ_TILE_URL", "")

# Data entry closes this many days after a month ends (DHIS2's expiry days; 0: never):
# writes dated into a month closed so are refused unless a lock exception reopens it.
ANTQ_ENTRY_EXPIRY_DAYS = max(int(os.environ.get("ANTQ_ENTRY_EXPIRY_DAYS", "0")), 0)

# --- Approval of the monthly tallies (tallies/approval.py) ---
# The levels that approve a commune's tally, in turn from the nearest: "province" by default;
# "district,province" keeps an intermediate level (a unit at that level above the commune, where
# one is in force, accepts first). ANTQ_APPROVAL_CHILDREN_FIRST: a level approves a tally only
# once every commune under the same unit of the level before it is accepted there for the month.
ANTQ_APPROVAL_LEVELS = [
    name.strip()
    for name in os.environ.get("ANTQ_APPROVAL_LEVELS", "province").split(",")
    if name.strip()
]
ANTQ_APPROVAL_CHILDREN_FIRST = _env_bool("ANTQ_APPROVAL_CHILDREN_FIRST")

# --- Bulk imports and jobs (core/spreadsheets.py, core/jobs.py) ---
# The upload's size, its size once unpacked (XLSX), and how many imports one server runs at
# once: the job worker (`antq worker`, started by `make run`) runs that many tasks in parallel.
ANTQ_IMPORT_MAX_MB = int(os.environ.get("ANTQ_IMPORT_MAX_MB", "50"))
ANTQ_IMPORT_MAX_UNZIPPED_MB = int(os.environ.get("ANTQ_IMPORT_MAX_UNZIPPED_MB", "200"))
ANTQ_IMPORT_CONCURRENCY = max(int(os.environ.get("ANTQ_IMPORT_CONCURRENCY", "2")), 1)
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A large report (a province's or above) made by the job worker is kept for its owner this many
# hours under var/reports/, then deleted (antq/reports/jobs.py).
ANTQ_REPORT_FILE_HOURS = max(int(os.environ.get("ANTQ_REPORT_FILE_HOURS", "24")), 1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Notifications and alerts (antq.notifications) -------------------------------------------
# The class that sends each channel (antq/notifications/channels/): e-mail through Django's
# e-mail backend (below); SMS and Zalo to files under var/sms/ and var/zalo/ unless another
# adapter is named. A delivery that fails is retried with a growing delay (1, 2, 4 … minutes)
# up to ANTQ_NOTIFY_MAX_ATTEMPTS attempts, then marked failed. The worker queues the daily
# deadline scan once a day, from ANTQ_DAILY_SCAN_HOUR (local time).
ANTQ_NOTIFY_CHANNELS = {
    "email": "antq.notifications.channels.email.EmailChannel",
    "sms": os.environ.get("ANTQ_SMS_CHANNEL", "antq.notifications.channels.files.SmsFileChannel"),
    "zalo": os.environ.get(
        "ANTQ_ZALO_CHANNEL", "antq.notifications.channels.files.ZaloFileChannel"
    ),
}
# the Zalo Official Account adapter (channels/zalo.py), when ANTQ_ZALO_CHANNEL names it
ANTQ_ZALO_ACCESS_TOKEN = os.environ.get("ANTQ_ZALO_ACCESS_TOKEN", "")
ANTQ_ZALO_TEMPLATE_ID = os.environ.get("ANTQ_ZALO_TEMPLATE_ID", "")
ANTQ_NOTIFY_MAX_ATTEMPTS = max(int(os.environ.get("ANTQ_NOTIFY_MAX_ATTEMPTS", "5")), 1)
ANTQ_DAILY_SCAN_HOUR = int(os.environ.get("ANTQ_DAILY_SCAN_HOUR", "6"))
# Where staff reach antq (e.g. https://antq.congan.quangtri.gov.vn): the links in notification
# messages (e-mail, SMS, Zalo) start with it, so that they can be opened from a phone's mail or
# messages; empty leaves them as paths on the site.
ANTQ_SITE_URL = os.environ.get("ANTQ_SITE_URL", "").rstrip("/")

# The public portal's limits ("count/seconds", sliding windows; antq.core.ratelimit):
# reports per client address; wrong sign-ins (and, separately, replies) per client address;
# wrong passphrases per tip code, from any address.
ANTQ_PORTAL_SUBMIT_RATE = os.environ.get("ANTQ_PORTAL_SUBMIT_RATE", "5/600")
ANTQ_PORTAL_FOLLOW_RATE = os.environ.get("ANTQ_PORTAL_FOLLOW_RATE", "30/600")
ANTQ_PORTAL_TIP_GUESS_RATE = os.environ.get("ANTQ_PORTAL_TIP_GUESS_RATE", "10/3600")
# The reverse proxies in front of antq (comma-separated addresses or networks, e.g.
# "127.0.0.1,10.0.0.0/8"): only from these is X-Forwarded-For believed. Behind a proxy that is
# not listed, every citizen has the proxy's address and all share one limit (antq logs a
# warning once per process when a request arrives with X-Forwarded-For from an unlisted peer).
ANTQ_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("ANTQ_TRUSTED_PROXIES", "").split(",") if p.strip()
]

# Portal privacy: Django's error reports leave out the client's address and browser (a
# portal request's would tie a tip to its sender). gunicorn's side: antq/gunicorn_conf.py.
DEFAULT_EXCEPTION_REPORTER_FILTER = "antq.core.privacy.ClientFreeReporterFilter"

# File-based by default so that every server process sees import progress; Redis if given.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["ANTQ_REDIS_URL"],
        }
        if os.environ.get("ANTQ_REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}


# --- Deployment: Content-Security-Policy, HTTPS, logs (docs/deploy.md) -----------------------
# Every page's scripts and styles come from antq's own static files: no inline script, style
# element or style attribute, so neither needs 'unsafe-inline'. Styles that scripts set through
# the DOM (Leaflet, ECharts) are not inline styles for the policy.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)


def _tile_origin(url):
    """The origin of ANTQ_TILE_URL for img-src; Leaflet's {s} subdomain becomes a wildcard."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not (parts.scheme and parts.netloc):
        return None
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the small SVG images in Bootstrap's stylesheet (toggler, select arrows)
        "img-src": ["'self'", "data:"] + [o for o in [_tile_origin(ANTQ_TILE_URL)] if o],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# With ANTQ_SECURE_COOKIES on, the site is served over HTTPS only: HTTP is redirected and
# browsers are told (HSTS) to use nothing else for a year. /health/ stays reachable over
# plain HTTP on the server's own address, for a local probe.
if SESSION_COOKIE_SECURE:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("ANTQ_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("ANTQ_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading is a promise to browsers' vendors that is slow to undo: an operator opts in.
    SECURE_HSTS_PRELOAD = _env_bool("ANTQ_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Behind nginx (deploy/nginx/antq.conf), TLS ends at the proxy, which says so in
# X-Forwarded-Proto. Only trusted when set: a client could send the header itself otherwise.
if _env_bool("ANTQ_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs go to stderr (journald under systemd): plain text for development, or JSON lines
# (ANTQ_LOG_FORMAT=json) for a collector. Neither includes request details (antq/core/logging.py).
ANTQ_LOG_FORMAT = os.environ.get("ANTQ_LOG_FORMAT", "text").strip().lower()
if ANTQ_LOG_FORMAT not in {"text", "json"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"ANTQ_LOG_FORMAT must be 'text' or 'json', not {ANTQ_LOG_FORMAT!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "antq.core.logging.JsonLinesFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": ANTQ_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("ANTQ_LOG_LEVEL", "WARNING")},
    # on the logger, so that no handler (nor a test's capture) sees the portal's 4xx lines
    "filters": {"quiet_portal": {"()": "antq.core.logging.QuietPortalRequests"}},
    "loggers": {"django.request": {"filters": ["quiet_portal"]}},
}

# --- Sign-in throttling and the audit log (django-axes; antq.audit) ---
# Failures are counted per account and, separately, per client address: either reaching the
# limit locks sign-in (the form and the API token endpoint) until the cool-off ends or an
# administrator unlocks it. The address is read as the portal reads it (ANTQ_TRUSTED_PROXIES).
ANTQ_LOGIN_FAILURE_LIMIT = int(os.environ.get("ANTQ_LOGIN_FAILURE_LIMIT", "10"))
ANTQ_LOGIN_COOLOFF_MINUTES = int(os.environ.get("ANTQ_LOGIN_COOLOFF_MINUTES", "30"))
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = ANTQ_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=ANTQ_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
# Not reset by a success: axes would clear the address's count too, so one valid account would
# let its holder go on guessing other accounts' passwords from the same address.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "antq.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "antq.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Successful sign-ins go to antq's own audit log (antq.audit), not to a second table.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# --- Accounts: e-mail for password resets (antq.accounts) ------------------------------------
# SMTP when ANTQ_EMAIL_HOST is set; otherwise each message is written as a file under
# var/mail/, so that nothing leaves the machine in development and tests.
if os.environ.get("ANTQ_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["ANTQ_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("ANTQ_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("ANTQ_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("ANTQ_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("ANTQ_EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("ANTQ_EMAIL_FROM", "antq <antq@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Reset links stay valid this long (Django's default is three days).
OTP_TOTP_ISSUER = "antq"
PASSWORD_RESET_TIMEOUT = int(os.environ.get("ANTQ_PASSWORD_RESET_HOURS", "24")) * 3600
# Reset requests ("count/seconds", antq.core.ratelimit), counted per client address and,
# separately, per e-mail address asked for, whether or not an account has it.
ANTQ_PASSWORD_RESET_RATE = os.environ.get("ANTQ_PASSWORD_RESET_RATE", "5/3600")
