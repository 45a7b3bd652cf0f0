import copy
import sqlite3

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import ProgrammingError
from django.test import override_settings

from antq.core.testing import hypothesis_profiles  # noqa: F401 - registers and loads them
from antq.core.testing.browser import browser_page, chromium  # noqa: F401 - for every app
from antq.core.testing.factories import make_tree, make_users
from antq.core.testing.second_factor import Client, otp_code_if_asked
from antq.core.testing.shared import ModuleTransaction
from antq.indicators import rollup


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps the outcome of a test's call on it, for fixtures that leave evidence of a failure."""
    report = yield
    if report.when == "call":
        item.antq_call_report = report
    return report


def pytest_collection_modifyitems(config, items):
    """The browser tests run last: from the first one on, Playwright's event loop runs in this
    thread (antq/core/testing/browser.py). Modules with a transactional test are noted: their
    trees and users are built per test (see `tree`)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    config.antq_transactional_modules = {
        item.module.__name__ for item in items if _transactional(item)
    }


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server"} & set(item.fixturenames)
        or (marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """PBKDF2 at full strength costs ~0.5 s a user; tests do not need it. For the session, so
    that the users shared by a module's tests are made with it too."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request leaves the language it chose
    active in the thread, so a test's wording would otherwise hang on which test ran before it
    in the same worker."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings):
    """Tasks (imports) run where they are enqueued, so no test needs a job worker; the test of
    the worker itself (core/tests/test_jobs.py) puts the database backend back."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _rollup_equals_records(request):
    """After every test marked `rollup` (the indicators' tests, and those of the services and
    imports that write the counted record types) that uses the database, the indicator rollup
    must equal a recomputation from the records (indicators/rollup/). On SQLite only, to keep
    the PostgreSQL run short. indicators/tests/test_rollup_writes.py checks the same after
    random writes through every counted record type's services and imports."""
    names = set(request.fixturenames)
    uses_db = names & {"db", "transactional_db", "live_server"} or request.node.get_closest_marker(
        "django_db"
    )
    if not uses_db or not request.node.get_closest_marker("rollup"):
        yield
        return
    request.getfixturevalue(
        "transactional_db" if names & {"transactional_db", "live_server"} else "db"
    )
    yield
    if connection.vendor == "sqlite":
        try:
            connection.ensure_connection()
            connection.connection.execute("SELECT 1")
        except (ProgrammingError, sqlite3.ProgrammingError):
            return  # the test closed the connection (a CLI run): nothing to read
        problems = rollup.check()
        assert not problems, "the rollup differs from the records:\n" + "\n".join(problems[:20])


#: The data migrations that write what a new database starts with (the catalogues). With
#: `--no-migrations` the test database is made from the models, so these are run on it instead.
SEED_MIGRATIONS = [
    ("antq.movement.migrations.0002_default_categories", "add_categories"),
    ("antq.tips.migrations.0002_default_categories", "add_categories"),
    ("antq.evaluations.migrations.0002_circular_124_2021", "load"),
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The SQLite pass makes its test databases from the models (`--no-migrations`, set by
    scripts/test.sh): replaying 100 migrations cost each worker about 20 CPU-s. The PostgreSQL
    pass migrates, so the migrations themselves stay proven, and so do the tests that read them
    (marked `migrations`, skipped here)."""
    if request.config.getoption("nomigrations"):
        from importlib import import_module

        from django.apps import apps

        with django_db_blocker.unblock():
            for module, function in SEED_MIGRATIONS:
                getattr(import_module(module), function)(apps, None)
    yield


def pytest_runtest_setup(item):
    if item.get_closest_marker("migrations") and item.config.getoption("nomigrations"):
        pytest.skip("reads the migrations: runs where the test database is migrated (PostgreSQL)")


@pytest.fixture(scope="module")
def _shared_data(request, django_db_setup, django_db_blocker):
    """The transaction a module's `tree` and users live in, and its tests in savepoints."""
    if request.module.__name__ in request.config.antq_transactional_modules:
        yield None
        return
    shared = ModuleTransaction(django_db_blocker)
    yield shared
    shared.close()


@pytest.fixture(scope="module")
def _shared_tree(_shared_data, django_db_blocker):
    if _shared_data is None:
        yield None
        return
    with django_db_blocker.unblock():
        built = make_tree()
    yield built


@pytest.fixture(scope="module")
def _shared_users(_shared_tree, django_db_blocker):
    if _shared_tree is None:
        yield None
        return
    with django_db_blocker.unblock():
        built = make_users(_shared_tree)
    yield built


@pytest.fixture
def tree(_shared_tree, db):
    """Việt Nam → province P → communes A and B (each with a village), plus province Q.
    Made once per module (per test in a module with a transactional test)."""
    return make_tree() if _shared_tree is None else copy.deepcopy(_shared_tree)


@pytest.fixture
def users(_shared_users, tree):
    """Users with roles: viewer and editor at commune A, editor at B, approver at the province.
    Made once per module, as `tree`."""
    return make_users(tree) if _shared_users is None else copy.deepcopy(_shared_users)


@pytest.fixture
def client():
    """Django's test client, whose force_login also passes the second factor."""
    return Client()


@pytest.fixture
def api_client(client):
    """A test client that signs API calls with a bearer token for the given user."""
    from django.test import RequestFactory

    from antq.accounts.services import token_issue

    class ApiClient:
        def __init__(self):
            self.token = None

        def as_user(self, user):
            self.token = token_issue(
                request=RequestFactory().post("/api/v1/auth/token"),
                username=user.username,
                password="pass-word-123",
                otp=otp_code_if_asked(user),
            )
            return self

        def _headers(self):
            return {"Authorization": f"Bearer {self.token}"} if self.token else {}

        def get(self, url, **params):
            return client.get(url, params, headers=self._headers())

        def post(self, url, data):
            return client.post(url, data, content_type="application/json", headers=self._headers())

        def patch(self, url, data):
            return client.patch(url, data, content_type="application/json", headers=self._headers())

        def delete(self, url):
            return client.delete(url, headers=self._headers())

    return ApiClient()


@pytest.fixture
def system_load():
    """Seed the test's records as the demo does, as a load by the system: closed periods
    (core/locks.py) do not apply to it, for tests whose records of a year come after approved
    tallies of that year."""
    from antq.core import locks

    with locks.system_load():
        yield


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield
