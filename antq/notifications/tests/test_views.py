"""The in-app list with its unread badge, mark-read, preferences, and the notifications API."""

import pytest
from django.urls import reverse

from antq.notifications import services
from antq.notifications.choices import Kind
from antq.notifications.models import Notification, Preference


@pytest.fixture
def notes(users):
    def tell(user, month):
        return services.notify(
            kind=Kind.TALLY_APPROVED,
            user_ids={user.pk},
            params={"area": "Xã Hòa Bình", "month": month},
            link="/tallies/1/",
        )[0]

    return [
        tell(users.a_editor, "01/2024"),
        tell(users.a_editor, "02/2024"),
        tell(users.b_editor, "01/2024"),
    ]


def test_the_badge_counts_the_unread_in_one_query(client, users, notes, django_assert_num_queries):
    client.force_login(users.a_editor)
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'data-unread="2"' in page
    assert "Biểu thống kê tháng 02/2024 của Xã Hòa Bình đã được phê duyệt." in page
    from django.template import Context, Template
    from django.test import RequestFactory

    from antq.notifications.context_processors import unread

    request = RequestFactory().get("/")
    request.user = users.a_editor
    context = unread(request)
    with django_assert_num_queries(1):
        assert Template("{{ unread_notifications }}").render(Context(context)) == "2"


def test_mark_read_one_then_all_touches_only_ones_own(client, users, notes):
    client.force_login(users.a_editor)
    client.post(reverse("notifications:list"), {"id": notes[0].pk})
    client.post(reverse("notifications:list"), {"id": notes[2].pk})  # b_editor's: untouched
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    client.post(reverse("notifications:list"), {"all": "1"})
    assert list(Notification.objects.filter(read_at__isnull=True)) == [notes[2]]
    assert 'data-unread="' not in client.get(reverse("notifications:list")).content.decode()


def test_preferences_page_saves_and_refuses_bad_input(client, users):
    client.force_login(users.a_editor)
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"language": "xx", "by_email": "on"})
    assert bad.status_code == 422 and not Preference.objects.exists()
    client.post(url, {"language": "ar", "by_sms": "on", "muted_kinds": [Kind.TIP_NEW]})
    pref = Preference.objects.get(user=users.a_editor)
    assert (pref.language, pref.by_email, pref.by_sms, pref.muted_kinds) == (
        "ar",
        False,
        True,
        [Kind.TIP_NEW],
    )


@pytest.mark.parametrize("language", ["vi", "en", "ar"])
def test_unsaved_preferences_start_at_the_language_in_use(client, users, language):
    client.force_login(users.a_editor)
    url = reverse("notifications:preferences")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<option value="{language}" selected>' in page
    Preference.objects.create(user=users.a_editor, language="en")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert '<option value="en" selected>' in page  # a saved choice stays


def test_the_api_lists_marks_read_and_sets_preferences(client, api_client, users, notes):
    api = api_client.as_user(users.a_editor)
    listed = api.get("/api/v1/notifications").json()
    assert (listed["count"], listed["unread"]) == (2, 2)
    assert listed["items"][0]["text"] == (
        "Biểu thống kê tháng 02/2024 của Xã Hòa Bình đã được phê duyệt."
    )
    assert api.post("/api/v1/notifications/read", {"ids": [notes[2].pk]}).json() == {"marked": 0}
    assert api.post("/api/v1/notifications/read", {}).json() == {"marked": 2}
    got = api.get("/api/v1/notifications/preferences").json()
    assert got["by_email"] is True and got["muted_kinds"] == []
    url = "/api/v1/notifications/preferences"
    headers = {"Authorization": f"Bearer {api.token}"}
    body = {"muted_kinds": ["tip_new"], "by_email": False, "by_zalo": True, "language": "en"}
    put = client.put(url, body, content_type="application/json", headers=headers)
    assert put.status_code == 200 and put.json()["by_zalo"] is True
    bad = client.put(
        url, body | {"muted_kinds": ["nope"]}, content_type="application/json", headers=headers
    )
    assert bad.status_code == 422
    assert Preference.objects.get(user=users.a_editor).muted_kinds == ["tip_new"]


def test_the_api_documents_notifications_and_alerts(client):
    spec = client.get("/api/v1/openapi.json").json()
    ops = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {
        "notification_list",
        "notification_mark_read",
        "notification_preferences_update",
        "alert_preview",
        "alert_send",
        "alert_deliveries",
    } <= ops
