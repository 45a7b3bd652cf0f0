"""Every operation of /api/v1/openapi.json, fed by schemathesis a few generated requests as an
administrator over the demo data: no answer is a 5xx and every answer matches its schema.

A small budget, so that the suite stays fast; `make fuzz` runs the same checks with a larger
one against a live server."""

import itertools
import os
from contextlib import contextmanager
from io import StringIO

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from antq.accounts.models import User
from antq.accounts.second_factor import recovery_code_issue
from antq.accounts.services import token_issue

pytestmark = [pytest.mark.fuzz, pytest.mark.pg]

EXAMPLES = int(os.environ.get("ANTQ_FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def admin_token(tree, monkeypatch):
    monkeypatch.setenv("ANTQ_ADMIN_PASSWORD", "admin-pass-1")
    monkeypatch.setenv("ANTQ_DEMO_PASSWORD", "demo-pass-1")
    call_command("createadmin", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    return token_issue(
        request=RequestFactory().post("/api/v1/auth/token"),
        username="admin",
        password="admin-pass-1",
        otp=recovery_code_issue(user=User.objects.get(username="admin")),
    )


@contextmanager
def django_in_this_thread():
    """Django's WSGI application, called in this thread: without closing the test's database
    connection at the end of each request (as Django's test client does too)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _existing_ids(path, headers):
    """Ids of a few records the list next to `path` (…/{pk}/…) holds: generated ids alone
    would almost all be 404s and never reach the code behind them."""
    response = Client().get(path.split("{pk}")[0], {"page_size": 5}, headers=headers)
    if response.status_code != 200:
        return []
    body = response.json()
    items = body["items"] if isinstance(body, dict) else body
    return [item["id"] for item in items if isinstance(item, dict) and "id" in item]


def _fuzzer(operation, *, headers, ids, area_id):
    turn = itertools.count()

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case):
        n = next(turn)
        if n % 2 == 0:  # every other request on records that exist, in a commune that does
            if ids and "pk" in (case.path_parameters or {}):
                case.path_parameters["pk"] = ids[n // 2 % len(ids)]
            if isinstance(case.body, dict) and "area_id" in case.body:
                case.body["area_id"] = area_id
        case.call_and_validate(headers=headers, checks=CHECKS)

    return fuzz


def test_the_api_keeps_to_its_schema(tree, admin_token):
    headers = {"Authorization": f"Bearer {admin_token}"}
    with django_in_this_thread() as app:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    ids = {op.path: _existing_ids(op.path, headers) for op in operations if "{pk}" in op.path}
    failures = []
    with django_in_this_thread():
        for operation in operations:
            fuzz = _fuzzer(
                operation, headers=headers, ids=ids.get(operation.path, []), area_id=tree.a.pk
            )
            try:
                fuzz()
            except Exception as exc:  # noqa: BLE001 - every operation's failure is reported at once
                failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
