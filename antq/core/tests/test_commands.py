from io import StringIO

import pytest
from django.core.management import call_command

from antq.accounts.models import RoleAssignment, User
from antq.areas.models import Area
from antq.cli import main
from antq.registry.models import Organisation


def test_cli_accepts_dashed_command_names(capsys):
    with pytest.raises(SystemExit):
        main(["antq", "load-areas", "--help"])
    assert "crosswalk" in capsys.readouterr().out


def test_demo_is_deterministic_and_idempotent(tree, monkeypatch):
    monkeypatch.setenv("ANTQ_DEMO_PASSWORD", "demo-pass-1")
    monkeypatch.setenv("ANTQ_ADMIN_PASSWORD", "admin-pass-1")
    out = StringIO()
    call_command("createadmin", stdout=out)
    call_command("demo", stdout=out)
    counts = (
        Area.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )
    assert Organisation.objects.filter(is_demo=True).count() == 8
    call_command("demo", stdout=out)
    assert counts == (
        Area.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )
    xa_a = User.objects.get(username="xa_a")
    assert xa_a.check_password("demo-pass-1")
    assert xa_a.roles.get().area == tree.a


def test_createadmin_from_environment_and_keeps_password(tree, monkeypatch):
    monkeypatch.setenv("ANTQ_ADMIN_PASSWORD", "first-pass-1")
    call_command("createadmin", stdout=StringIO())
    monkeypatch.delenv("ANTQ_ADMIN_PASSWORD")
    out = StringIO()
    call_command("createadmin", stdout=out)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("first-pass-1")
    assert "unchanged" in out.getvalue()


def test_createadmin_generates_and_prints_a_password(tree, monkeypatch):
    monkeypatch.delenv("ANTQ_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("createadmin", stdout=out)
    password = out.getvalue().strip().rsplit(" ", 1)[-1]
    assert User.objects.get(username="admin").check_password(password)
