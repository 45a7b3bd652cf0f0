"""What an operator relies on: the production settings pass `check --deploy`, /health/ answers
without leaking, logs are JSON lines without request details, `antq backup` restores, and the
files in deploy/ parse."""

import io
import json
import logging
import os
import shutil
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from health_check.exceptions import ServiceUnavailable

from antq.core import jobs
from antq.core.logging import JsonLinesFormatter
from antq.core.management.commands.backup import sha256

pytestmark = pytest.mark.pg

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def env_file(path):
    """The assignments of a shell env file (comments and blanks skipped)."""
    pairs = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name] = value
    return pairs


PRODUCTION_PROBE = """
import json
import logging

import django

django.setup()
from django.core.management import call_command
from django.test import Client

from antq.core import jobs

call_command("check", deploy=True, fail_level="WARNING")
jobs.beat()  # as a running worker does: /health/ checks it
client = Client(HTTP_HOST="antq.example.vn")
tls = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "http": client.get("/").status_code,
    "health over http": client.get("/health/").status_code,
    "https through the proxy": tls.status_code,
    "hsts": tls.headers.get("Strict-Transport-Security"),
    "cookies": [tls.cookies[n]["secure"] for n in ("csrftoken",)],
}))
logging.getLogger("antq.probe").warning("probe done")
"""


def test_documented_production_settings(tmp_path):
    """deploy/antq.env.example, its placeholders filled: `check --deploy` reports no warning at
    all; HTTP is redirected to HTTPS except /health/ (a local probe); HTTPS through the proxy
    gets HSTS and secure cookies."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTQ_", "DATABASE_URL"))}
    env |= env_file(DEPLOY / "antq.env.example")
    env |= {
        "ANTQ_SECRET_KEY": "k" + uuid.uuid4().hex * 2,
        "ANTQ_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "antq.settings",
        # Python's warnings (e.g. whitenoise's about the static folder not collected here) are
        # printed by the warnings module, not logged
        "PYTHONWARNINGS": "ignore",
    }
    del env["DATABASE_URL"]  # a SQLite database of its own, under tmp_path: /health/ reads it
    done = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("System check identified no issues")
    assert json.loads(lines[-1]) == {
        "http": 301,
        "health over http": 200,
        "https through the proxy": 200,
        "hsts": "max-age=31536000; includeSubDomains",
        "cookies": [True],
    }
    # ANTQ_LOG_FORMAT=json: the log is JSON lines on stderr
    logged = [json.loads(line) for line in done.stderr.strip().splitlines()]
    assert logged[-1]["logger"] == "antq.probe" and logged[-1]["message"] == "probe done"


# --- /health/ -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_answers_without_signing_in(client):
    jobs.beat()
    response = client.get("/health/?format=json")
    assert response.status_code == 200
    assert response.json() == {
        "Database(alias='default')": "OK",
        "Cache(alias='default')": "OK",
        "Storage(alias='default')": "OK",
        "JobWorker(within_seconds=60)": "OK",
    }
    assert client.get("/health/", HTTP_ACCEPT="application/json").json() == response.json()
    assert client.get("/health/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, accept",
    [("?format=json", ""), ("?format=text", ""), ("", "text/html"), ("?format=atom", "")],
)
def test_a_failed_check_says_which_and_not_why(client, query, accept):
    secret = 'connection to server at "10.9.8.7", port 5432 failed: password for user "antq_ops"'
    with mock.patch("health_check.checks.Database.run", side_effect=ServiceUnavailable(secret)):
        response = client.get("/health/" + query, HTTP_ACCEPT=accept or "*/*")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Unavailable" in body and "Database" in body
    assert "10.9.8.7" not in body and "antq_ops" not in body


@pytest.mark.django_db
def test_health_fails_when_no_job_worker_beats(client):
    from django.core.cache import cache

    cache.delete(jobs.WORKER_SEEN_KEY)
    response = client.get("/health/?format=json")
    assert response.status_code == 500
    assert response.json()["JobWorker(within_seconds=60)"] == "Unavailable"
    cache.set(jobs.WORKER_SEEN_KEY, time.time() - 61, None)
    assert client.get("/health/?format=json").status_code == 500
    jobs.beat()
    assert client.get("/health/?format=json").status_code == 200


# --- logs -----------------------------------------------------------------------------------


def test_json_log_lines_hold_no_request_details():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    logger = logging.getLogger("antq.test_deploy")
    logger.addHandler(handler)
    logger.propagate = False
    request = RequestFactory().post(
        "/report/", {"description": "x"}, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Probe/1"
    )
    try:
        logger.error("Bad request: %s", request.path, extra={"request": request})
        try:
            raise ValueError("wrong")
        except ValueError:
            logger.exception("Đã lỗi")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert set(first) == {"time", "level", "logger", "message"}
    assert first["message"] == "Bad request: /report/" and first["level"] == "ERROR"
    assert first["logger"] == "antq.test_deploy" and first["time"].endswith("+00:00")
    assert second["message"] == "Đã lỗi" and "ValueError: wrong" in second["exception"]
    assert "203.0.113.77" not in stream.getvalue() and "Probe/1" not in stream.getvalue()


# --- backup and restore ---------------------------------------------------------------------


def table_counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def var_dir(tmp_path, settings):
    var = tmp_path / "var"
    for name, text in {
        "identity_keys": "key",
        "secret_key": "secret",
        "cache/entry.djcache": "cached",
        "static/antq/antq.css": "css",
        "activity-attachments/1/photo.jpg": "photo",
        "imports/upload.csv": "a,b",
        "ratelimit/submit-600-0123456789abcdef-2960": "3",
    }.items():
        (var / name).parent.mkdir(parents=True, exist_ok=True)
        (var / name).write_text(text)
    settings.VAR_DIR = var
    return var


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_table(var_dir, tmp_path):
    from antq.core.testing.factories import make_area, make_user
    from antq.registry.models import Organisation

    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh Quảng Trị", code="44")
    commune = make_area(province, name="Xã Hòa Bình", code="10001")
    make_user(commune, "editor", username="editor")
    for i in range(3):
        Organisation.objects.create(area=commune, name=f"Trường {i}", org_type="school")

    if connection.vendor == "postgresql":
        missing = [b for b in ("pg_dump", "pg_restore") if shutil.which(b) is None]
        if missing:
            pytest.fail(
                f"{', '.join(missing)} missing: scripts/ensure_system.sh --browser installs them"
            )

    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    folder = Path(out.getvalue().strip())
    assert folder.parent == tmp_path / "backups"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database_engine"] == connection.vendor
    for part in manifest["parts"]:
        path = folder / part["name"]
        assert path.stat().st_size == part["bytes"] and oct(path.stat().st_mode & 0o777) == "0o600"
        assert sha256(path) == part["sha256"]

    with tarfile.open(folder / "var.tar.gz") as tar:
        names = set(tar.getnames())
    assert "var/activity-attachments/1/photo.jpg" in names
    top = {name.split("/")[1] for name in names if "/" in name}
    # keys, caches, in-flight uploads and the portal limiter's counters stay out
    excluded = {"identity_keys", "secret_key", "cache", "static", "imports", "ratelimit"}
    assert top.isdisjoint(excluded), top

    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        expected = table_counts(cursor, tables)
    assert expected["areas_area"] == 3 and expected["registry_organisation"] == 3

    if connection.vendor == "sqlite":
        import sqlite3

        copy = sqlite3.connect(folder / "database.sqlite3")
        try:
            assert table_counts(copy.cursor(), tables) == expected
        finally:
            copy.close()
        return

    db = connection.settings_dict
    fresh = f"antq_restore_{uuid.uuid4().hex[:12]}"
    params = {
        k: v
        for k, v in {
            "host": db["HOST"],
            "port": db["PORT"],
            "user": db["USER"],
            "password": db["PASSWORD"],
        }.items()
        if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restore = ["pg_restore", "--no-owner", f"--dbname={fresh}", str(folder / "database.dump")]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if db[key]:
                restore.append(f"{flag}={db[key]}")
        done = subprocess.run(
            restore,
            capture_output=True,
            text=True,
            env={**os.environ, "PGPASSWORD": db["PASSWORD"] or ""},
        )
        assert done.returncode == 0, done.stderr
        with psycopg.connect(dbname=fresh, **params) as restored:
            assert table_counts(restored.cursor(), tables) == expected
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_backup_refuses_a_target_inside_the_data_folder(var_dir):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="inside ANTQ_VAR_DIR"):
        call_command("backup", str(var_dir / "backups"))
    assert not (var_dir / "backups").exists()


# --- deploy/ ---------------------------------------------------------------------------------


def self_signed(tmp_path):
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "antq.example.vn")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_nginx_site_parses(tmp_path):
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        pytest.fail(
            "nginx is not installed: scripts/ensure_system.sh --browser installs nginx-light"
        )
    site = (DEPLOY / "nginx" / "antq.conf").read_text()
    cert, key = self_signed(tmp_path)
    # the site's certificate and log paths point at this machine's, which a test does not own
    for real, here in {
        "/etc/letsencrypt/live/antq.example.vn/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/antq.example.vn/privkey.pem": str(key),
        "/var/log/nginx/": f"{tmp_path}/",
    }.items():
        assert real in site
        site = site.replace(real, here)
    (tmp_path / "antq.conf").write_text(site)
    temp = {name: tmp_path / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\nhttp {{\n"
        + "".join(f"  {name}_temp_path {path};\n" for name, path in temp.items()).replace(
            "body_temp_path", "client_body_temp_path"
        )
        + f"  include /etc/nginx/mime.types;\n  include {tmp_path}/antq.conf;\n}}\n"
    )
    done = subprocess.run(
        [
            nginx,
            "-t",
            "-p",
            str(tmp_path),
            "-e",
            str(tmp_path / "error.log"),
            "-c",
            str(tmp_path / "nginx.conf"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr


def test_nginx_access_log_holds_no_client_address():
    site = (DEPLOY / "nginx" / "antq.conf").read_text()
    formats = [line for line in site.splitlines() if "log_format" in line]
    assert formats, "the site defines its own log format"
    uses = [line.strip() for line in site.splitlines() if line.strip().startswith("access_log")]
    assert uses and all(u.endswith("antq_private;") or u == "access_log off;" for u in uses)
    # not even the time and path of a portal request: a tip's hour is stored, and a line with
    # the second it was sent would narrow down who sent it in any other log
    start = site.index("location /report/ {")
    portal = site[start : site.index("}", start)]
    assert "access_log off;" in portal and "proxy_pass http://antq_app;" in portal
    log_format = site[site.index("log_format") : site.index(";", site.index("log_format"))]
    for variable in (
        "$remote_addr",
        "$http_x_forwarded_for",
        "$http_user_agent",
        "$request ",
        "$args",
    ):
        assert variable not in log_format


def test_systemd_units_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip(
            "systemd-analyze is not installed (Debian's systemd package); units not verified"
        )
    units = [DEPLOY / "systemd" / name for name in ("antq-web.service", "antq-worker.service")]
    done = subprocess.run([analyze, "verify", *map(str, units)], capture_output=True, text=True)
    # the units name /opt/antq's executables, which this machine need not have
    problems = [
        line
        for line in done.stderr.splitlines()
        if line.strip() and "/opt/antq/" not in line and "is not executable" not in line
    ]
    assert not problems, done.stderr


# --- Content-Security-Policy ------------------------------------------------------------------


def test_tile_origin_is_allowed_for_images():
    from antq.settings import _tile_origin

    assert (
        _tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    )
    assert (
        _tile_origin("https://tiles.example.vn:8443/{z}/{x}/{y}.png")
        == "https://tiles.example.vn:8443"
    )
    assert _tile_origin("") is None


@pytest.mark.browser
def test_key_pages_break_no_content_security_policy(live_server, transactional_db, browser_page):
    """Every page's scripts and styles load under the policy: Chromium reports each refused
    inline script, style or handler on the console. One tour of the pages that carry them."""
    from antq.cameras.models import CameraSite, FirePoint
    from antq.core.testing.factories import make_area, make_user
    from antq.core.testing.second_factor import otp_code

    country = make_area(name="Việt Nam", code="VN", latitude=16.0, longitude=106.0)
    province = make_area(country, name="Tỉnh Quảng Trị", code="44", latitude=16.8, longitude=107.1)
    commune = make_area(province, name="Xã Hòa Bình", code="10001", latitude=16.8, longitude=107.1)
    make_area(province, name="Xã Vĩnh Linh", code="10002", latitude=17.0, longitude=107.0)
    for i in range(3):
        CameraSite.objects.create(
            area=commune, owner_type="household", heads=2, latitude=16.8 + i / 1000, longitude=107.1
        )
    FirePoint.objects.create(area=commune, name="Điểm 1", latitude=16.801, longitude=107.101)
    code = otp_code(make_user(country, "administrator", username="officer"))

    page = browser_page
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text
            else None
        ),
    )
    base = live_server.url
    response = page.goto(f"{base}/report/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#point-map.leaflet-container")

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/verify/**")
    page.fill("#id_code", code)
    page.click("#otp-form button[type=submit]")
    page.wait_for_url(f"{base}/")
    for path, ready in (
        ("/accounts/2fa/setup/", "#otp-qr"),  # the QR code is a data: image, drawn here
        ("/registry/organisations/", "main table, main .alert, main #empty-state"),
        ("/registry/organisations/import/", "main form"),
        ("/cameras/map/", "#map[data-rendered]"),
        ("/dashboard/", "#rank-chart[data-rendered]"),
        ("/evaluations/", "main"),
    ):
        page.goto(base + path)
        page.wait_for_selector(ready)
        assert not violations, "\n".join(violations)
    # drawn as they come into view, the rest while the browser is idle (dashboard.js)
    page.wait_for_selector("[data-group-chart]:not([data-rendered])", state="detached")
    page.click("#language-form button[data-lang=ar]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(f"{base}/dashboard/")
    page.wait_for_selector("#rank-chart[data-rendered]")
    # the charts' tooltips are drawn as HTML, with a coloured marker for each figure
    for chart in ("#rank-chart", "#chart-cameras"):
        page.hover(chart)
        page.wait_for_selector(f"{chart} .chart-marker", state="visible")
    page.goto(f"{base}/")
    assert not violations, "\n".join(violations)
