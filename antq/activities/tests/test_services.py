"""Every write refuses bad input with a clear field error and writes nothing."""

import io
import os
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from antq.activities import services
from antq.activities.models import (
    Activity,
    ActivityAttachment,
    CoordinationRegulation,
    SecuredEvent,
)
from antq.activities.selectors import regulations_due_for_review, regulations_in_force
from antq.activities.tests.helpers import make_activity, make_event, make_festival, make_regulation
from antq.core.testing.factories import OrganisationFactory

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.rollup]

TOMORROW = date.today() + timedelta(days=1)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.7\n" + b"x" * 40


def _errors(exc):
    return {k: [str(m) for m in v] for k, v in exc.value.message_dict.items()}


# --- activities -------------------------------------------------------------------------


def test_an_activity_with_its_organisers_and_history(tree, users):
    front = OrganisationFactory(area=tree.a, name="Ủy ban MTTQ xã Hòa Bình")
    union = OrganisationFactory(area=tree.a1, name="Chi đoàn thôn 1")
    activity = make_activity(users.a_editor, tree.a, organisers=[front, union.pk])
    assert set(activity.organisers.all()) == {front, union}
    created = activity.history.get()
    assert created.history_user == users.a_editor
    assert "Chi đoàn thôn 1" in created.history_change_reason
    services.activity_update(
        acting_user=users.a_editor, instance=activity, organisers=[union], participants=60
    )
    latest = activity.history.first()
    assert latest.history_change_reason == "organising organisations: − Ủy ban MTTQ xã Hòa Bình"
    assert list(activity.organisers.all()) == [union]
    assert activity.participants == 60


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"held_on": TOMORROW}, "held_on", "This date is in the future"),
        ({"participants": -5}, "participants", "cannot be negative"),
        ({"kind": "picnic"}, "kind", "is not a valid choice"),
        ({"title": ""}, "title", "cannot be blank"),
        ({"with_workers": True}, "with_workers", "Parties are recorded for dialogues only."),
        ({"kind": "dialogue"}, "with_leaders", "Say who took part in the dialogue"),
        ({"ceremony_held": True}, "ceremony_held", "belong to festival days only"),
        ({"kind": "festival_day"}, "ceremony_held", "Say which parts of the festival day"),
    ],
)
def test_bad_activities_are_refused_and_nothing_written(tree, users, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        make_activity(users.a_editor, tree.a, **fields)
    assert any(message in m for m in _errors(exc)[field]), _errors(exc)
    assert not Activity.objects.exists()


def test_a_dialogue_records_its_parties(tree, users):
    dialogue = make_activity(
        users.a_editor,
        tree.a,
        kind="dialogue",
        title="Đối thoại giữa lãnh đạo doanh nghiệp và người lao động",
        with_employers=True,
        with_workers=True,
        other_parties="Ban quản lý khu công nghiệp",
    )
    assert dialogue.parties == ["employers", "workers", "Ban quản lý khu công nghiệp"]


def test_organisers_unknown_or_outside_the_jurisdiction_are_refused(tree, users):
    other = OrganisationFactory(area=tree.b, name="Công ty phường Đông Hà")
    for organisers, ids in (([other], str(other.pk)), ([999_999], "999999"), (["x"], None)):
        with pytest.raises(ValidationError) as exc:
            make_activity(users.a_editor, tree.a, organisers=organisers)
        message = _errors(exc)["organisers"][0]
        assert (ids or "x") in message
        assert "Công ty" not in message
    assert not Activity.objects.exists()
    activity = make_activity(users.a_editor, tree.a)
    with pytest.raises(ValidationError):
        services.activity_update(acting_user=users.a_editor, instance=activity, organisers=[other])
    assert not activity.organisers.exists()


def test_rights_are_checked(tree, users):
    with pytest.raises(PermissionDenied):
        make_activity(users.a_viewer, tree.a)
    with pytest.raises(ValidationError) as exc:
        make_activity(users.a_editor, tree.b)
    assert "area" in exc.value.message_dict
    activity = make_activity(users.a_editor, tree.a)
    with pytest.raises(PermissionDenied):
        services.activity_update(acting_user=users.a_viewer, instance=activity, participants=1)
    with pytest.raises(ValidationError) as exc:
        services.activity_update(acting_user=users.a_editor, instance=activity, area=tree.b)
    assert "area" in exc.value.message_dict


def test_a_festival_day_records_its_parts(tree, users):
    day = make_festival(users.a_editor, tree.a, festival_held=False)
    assert day.parts_held == ["ceremony part held"]
    with pytest.raises(ValidationError) as exc:
        services.activity_update(acting_user=users.a_editor, instance=day, ceremony_held=False)
    assert "ceremony_held" in exc.value.message_dict
    day.refresh_from_db()
    assert day.ceremony_held


# --- attachments ------------------------------------------------------------------------


@pytest.fixture
def var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "activity-attachments"


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_files_are_checked_by_content_and_kept(tree, users, var):
    activity = make_activity(users.a_editor, tree.a)
    photo = services.activity_attachment_add(
        acting_user=users.a_editor, activity=activity, upload=_upload("buoi-1.pdf", PNG)
    )
    assert (photo.kind, photo.size, photo.original_name) == ("png", len(PNG), "buoi-1.pdf")
    assert (var / photo.stored_name).read_bytes() == PNG
    assert activity.history.first().history_change_reason == "File attached: buoi-1.pdf"
    for name, content in (("virus.pdf", b"MZ\x90\x00 not a pdf"), ("empty.png", b"")):
        with pytest.raises(ValidationError) as exc:
            services.activity_attachment_add(
                acting_user=users.a_editor, activity=activity, upload=_upload(name, content)
            )
        assert "is not a JPEG or PNG image or a PDF document" in _errors(exc)["file"][0]
    assert ActivityAttachment.objects.count() == 1
    assert len(list(var.iterdir())) == 1


def test_files_are_size_limited_and_counted(tree, users, var, monkeypatch):
    activity = make_activity(users.a_editor, tree.a)
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 30)
    with pytest.raises(ValidationError) as exc:
        services.activity_attachment_add(
            acting_user=users.a_editor, activity=activity, upload=_upload("big.pdf", PDF)
        )
    assert "is larger than" in _errors(exc)["file"][0]
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 10_000)
    monkeypatch.setattr(services, "MAX_ATTACHMENTS", 2)
    for i in range(2):
        services.activity_attachment_add(
            acting_user=users.a_editor, activity=activity, upload=_upload(f"{i}.pdf", PDF)
        )
    with pytest.raises(ValidationError) as exc:
        services.activity_attachment_add(
            acting_user=users.a_editor, activity=activity, upload=_upload("3.pdf", PDF)
        )
    assert _errors(exc)["file"] == ["An activity keeps at most 2 files."]


def test_removing_a_file_or_its_activity_removes_it_from_disk(
    tree, users, var, django_capture_on_commit_callbacks
):
    activity = make_activity(users.a_editor, tree.a)
    first, second = (
        services.activity_attachment_add(
            acting_user=users.a_editor, activity=activity, upload=_upload(f"{i}.png", PNG)
        )
        for i in range(2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_attachment_delete(acting_user=users.a_editor, attachment=first)
    assert not (var / first.stored_name).exists() and (var / second.stored_name).exists()
    with pytest.raises(PermissionDenied):
        services.activity_attachment_delete(acting_user=users.a_viewer, attachment=second)
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_delete(acting_user=users.a_editor, instance=activity, reason="Trùng")
    assert not any(var.iterdir())
    assert not ActivityAttachment.objects.exists()


def test_a_failed_save_leaves_no_file(tree, users, var, monkeypatch):
    activity = make_activity(users.a_editor, tree.a)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "save_with_history", broken)
    with pytest.raises(RuntimeError):
        services.activity_attachment_add(
            acting_user=users.a_editor, activity=activity, upload=_upload("a.png", PNG)
        )
    assert not any(var.iterdir())


def test_upload_through_the_page(client, tree, users, var):
    activity = make_activity(users.a_editor, tree.a)
    client.force_login(users.a_editor)
    upload = io.BytesIO(PDF)
    upload.name = "bien-ban.pdf"
    response = client.post(f"/activities/{activity.pk}/files/", {"file": upload})
    assert response.status_code == 302
    attachment = ActivityAttachment.objects.get()
    download = client.get(f"/activities/files/{attachment.pk}/")
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    bad = io.BytesIO(b"<html>")
    bad.name = "x.pdf"
    page = client.post(
        f"/activities/{activity.pk}/files/", {"file": bad}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "is not a JPEG or PNG image or a PDF document" in page.content.decode()
    assert ActivityAttachment.objects.count() == 1


# --- secured events ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"held_on": TOMORROW}, "held_on"),
        ({"scale": -1}, "scale"),
        ({"kind": "parade"}, "kind"),
        ({"incidents_occurred": True}, "incident_description"),
        ({"incident_description": "Ùn tắc giao thông"}, "incidents_occurred"),
    ],
)
def test_bad_secured_events_are_refused(tree, users, fields, field):
    with pytest.raises(ValidationError) as exc:
        make_event(users.a_editor, tree.a, **fields)
    assert field in exc.value.message_dict
    assert not SecuredEvent.objects.exists()


def test_a_secured_event_with_an_incident(tree, users):
    event = make_event(
        users.a_editor, tree.a, incidents_occurred=True, incident_description="Ùn tắc 20 phút"
    )
    services.securedevent_update(acting_user=users.a_editor, instance=event, scale=None)
    assert event.scale is None and event.history.count() == 2


# --- coordination regulations -----------------------------------------------------------


def test_regulations_in_force_and_due_for_review(tree, users):
    today = date.today()
    due = make_regulation(users.a_editor, tree.a, review_on=today + timedelta(days=10))
    overdue = make_regulation(users.a_editor, tree.a, review_on=today - timedelta(days=40))
    make_regulation(users.a_editor, tree.a, review_on=today + timedelta(days=90))
    make_regulation(
        users.a_editor,
        tree.a,
        review_on=today - timedelta(days=5),
        ended_on=today - timedelta(days=1),
    )
    make_regulation(users.b_editor, tree.b, review_on=today)
    assert list(regulations_due_for_review(users.a_viewer)) == [overdue, due]
    assert regulations_in_force(users.a_viewer).count() == 3
    assert regulations_in_force(users.p_approver).count() == 4


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"review_on": date(2023, 12, 31)}, "review_on", "before the regulation was signed"),
        ({"ended_on": date(2023, 1, 1)}, "ended_on", "ends before it was signed"),
        ({"signed_on": TOMORROW, "review_on": None}, "signed_on", "in the future"),
        ({"parties": []}, "parties", "Name at least one organisation"),
    ],
)
def test_bad_regulations_are_refused(tree, users, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        make_regulation(users.a_editor, tree.a, **fields)
    assert any(message in m for m in _errors(exc)[field])
    assert not CoordinationRegulation.objects.exists()


def test_regulation_parties_must_be_visible(tree, users):
    other = OrganisationFactory(area=tree.b)
    with pytest.raises(ValidationError) as exc:
        make_regulation(users.a_editor, tree.a, parties=[other])
    assert str(other.pk) in _errors(exc)["parties"][0]
    regulation = make_regulation(users.p_approver, tree.a, parties=[other])
    assert list(regulation.parties.all()) == [other]


JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


@pytest.mark.parametrize(
    "content, kind", [(JPEG, "jpeg"), (PNG, "png"), (PDF, "pdf")], ids=["jpeg", "png", "pdf"]
)
def test_every_accepted_type_is_known_by_its_content(tree, users, var, content, kind):
    activity = make_activity(users.a_editor, tree.a)
    # the name and the declared type say HTML; the content decides
    upload = SimpleUploadedFile("page.html", content, content_type="text/html")
    attachment = services.activity_attachment_add(
        acting_user=users.a_editor, activity=activity, upload=upload
    )
    assert attachment.kind == kind
    assert oct(os.stat(var).st_mode & 0o777) == "0o700"
    assert oct(os.stat(var / attachment.stored_name).st_mode & 0o777) == "0o600"
    for declared in ("image/jpeg", "image/png", "application/pdf"):
        fake = SimpleUploadedFile("photo.jpg", b"<html><script>", content_type=declared)
        with pytest.raises(ValidationError):
            services.activity_attachment_add(
                acting_user=users.a_editor, activity=activity, upload=fake
            )


def test_the_download_name_is_safe(client, tree, users, var):
    activity = make_activity(users.a_editor, tree.a)
    attachment = services.activity_attachment_add(
        acting_user=users.a_editor,
        activity=activity,
        upload=_upload('bien "ban"\r\n..\\..\\evil;.html', PNG),
    )
    client.force_login(users.a_editor)
    download = client.get(f"/activities/files/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="evil.png"'
    assert download["Content-Type"] == "image/png"
