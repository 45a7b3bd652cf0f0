"""Every write to activities (with their attachments), secured events and coordination
regulations. Keyword-only, atomic, with the acting user; a bad value is a field error and
nothing is written."""

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.activities.choices import DIALOGUE_PARTIES, FESTIVAL_PARTS
from antq.activities.models import (
    Activity,
    ActivityAttachment,
    CoordinationRegulation,
    SecuredEvent,
)
from antq.core.files import private_dir, safe_filename, sniff
from antq.core.relations import (
    bulk_create_with_links,
    create_with_links,
    resolve_visible,
    update_with_links,
)
from antq.core.scoping import Action
from antq.core.services import (
    bulk_save_with_history,
    delete_with_history,
    require_area_right,
    require_record_right,
    save_with_history,
    scoped_create,
    scoped_update,
)
from antq.indicators import rollup
from antq.registry.models import Organisation

ACTIVITY_FIELDS = (
    "kind",
    "title",
    "held_on",
    "participants",
    *(name for name, _label in DIALOGUE_PARTIES),
    "other_parties",
    *(name for name, _label in FESTIVAL_PARTS),
    "notes",
)
EVENT_FIELDS = (
    "held_on",
    "kind",
    "name",
    "scale",
    "incidents_occurred",
    "incident_description",
    "notes",
)
REGULATION_FIELDS = ("number", "title", "signed_on", "scope", "review_on", "ended_on")

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 20
ATTACHMENT_DIR = "activity-attachments"


def _organisations(user, field, values):
    return resolve_visible(user, Organisation, field, values)


# --- activities -------------------------------------------------------------------------


@transaction.atomic
def activity_create(*, acting_user, area, organisers=(), **fields) -> Activity:
    """A new activity in an area the user may change; `organisers` are organisations (or their
    ids) the user may see."""
    require_area_right(acting_user, Action.CHANGE, area)  # rights before anything else
    links = {"organisers": _organisations(acting_user, "organisers", organisers)}
    return create_with_links(Activity, acting_user=acting_user, area=area, links=links, **fields)


@transaction.atomic
def activity_bulk_create(*, records, acting_user, reason) -> list[Activity]:
    """Many new activities (an import), each with the organisers its row named
    (`_pending_links`)."""
    created = bulk_create_with_links(Activity, records, acting_user=acting_user, reason=reason)
    rollup.records_created(Activity, created)
    return created


@transaction.atomic
def activity_update(*, acting_user, instance: Activity, reason="", **changes) -> Activity:
    require_record_right(acting_user, Action.CHANGE, instance)
    links = {}
    if "organisers" in changes:
        links["organisers"] = _organisations(
            acting_user, "organisers", changes.pop("organisers") or ()
        )
    return update_with_links(
        instance,
        acting_user=acting_user,
        allowed=ACTIVITY_FIELDS,
        links=links,
        reason=reason,
        **changes,
    )


@transaction.atomic
def activity_delete(*, acting_user, instance: Activity, reason=""):
    """The activity and its attachments (the files go once the deletion is committed)."""
    names = list(instance.attachments.values_list("stored_name", flat=True))
    delete_with_history(instance, acting_user=acting_user, reason=reason)
    transaction.on_commit(lambda: _unlink(names))


# --- attachments ------------------------------------------------------------------------


def attachment_dir() -> Path:
    return Path(settings.VAR_DIR) / ATTACHMENT_DIR


def attachment_path(attachment: ActivityAttachment) -> Path:
    return attachment_dir() / attachment.stored_name


def _unlink(names):
    for name in names:
        (attachment_dir() / name).unlink(missing_ok=True)


def _checked(upload):
    """(kind, content) of an uploaded file, or a field error on `file` saying what is wrong."""
    name = safe_filename(getattr(upload, "name", "") or "", fallback="")
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            {
                "file": _("“{name}” is larger than {mb} MB.").format(
                    name=name, mb=MAX_ATTACHMENT_BYTES // (1024 * 1024)
                )
            }
        )
    upload.seek(0)
    content = upload.read(MAX_ATTACHMENT_BYTES + 1)
    kind = sniff(content[:16])
    if not content or kind is None or len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            {"file": _("“{name}” is not a JPEG or PNG image or a PDF document.").format(name=name)}
        )
    return name, kind, content


@transaction.atomic
def activity_attachment_add(*, acting_user, activity: Activity, upload) -> ActivityAttachment:
    """Keep a photo or a document of an activity: JPEG, PNG or PDF by its content (the name and
    the declared type are not believed), at most 10 MB, at most 20 per activity."""
    require_record_right(acting_user, Action.CHANGE, activity)
    Activity.objects.select_for_update().filter(pk=activity.pk).first()  # one upload at a time
    if activity.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {"file": _("An activity keeps at most {n} files.").format(n=MAX_ATTACHMENTS)}
        )
    name, kind, content = _checked(upload)
    folder = private_dir(attachment_dir())
    stored = secrets.token_hex(16)
    fd = os.open(folder / stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        attachment = ActivityAttachment(
            activity=activity,
            stored_name=stored,
            original_name=name or stored,
            kind=kind,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=acting_user,
        )
        attachment.full_clean()
        attachment.save()
        save_with_history(
            activity,
            acting_user=acting_user,
            reason=_("File attached: {name}").format(name=attachment.original_name),
        )
    except BaseException:
        _unlink([stored])  # nothing points to the file
        raise
    return attachment


@transaction.atomic
def activity_attachment_delete(*, acting_user, attachment: ActivityAttachment):
    activity = attachment.activity
    require_record_right(acting_user, Action.CHANGE, activity)
    name = attachment.stored_name
    label = attachment.original_name
    attachment.delete()
    save_with_history(
        activity, acting_user=acting_user, reason=_("File removed: {name}").format(name=label)
    )
    transaction.on_commit(lambda: _unlink([name]))


# --- secured events ---------------------------------------------------------------------


@transaction.atomic
def securedevent_create(*, acting_user, area, **fields) -> SecuredEvent:
    return scoped_create(SecuredEvent, acting_user=acting_user, area=area, **fields)


@transaction.atomic
def securedevent_bulk_create(*, records, acting_user, reason) -> list[SecuredEvent]:
    created = bulk_save_with_history(SecuredEvent, records, acting_user=acting_user, reason=reason)
    rollup.records_created(SecuredEvent, created)
    return created


@transaction.atomic
def securedevent_update(*, acting_user, instance: SecuredEvent, reason="", **changes):
    return scoped_update(
        instance, acting_user=acting_user, allowed=EVENT_FIELDS, reason=reason, **changes
    )


@transaction.atomic
def securedevent_delete(*, acting_user, instance: SecuredEvent, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)


# --- coordination regulations -----------------------------------------------------------


def _parties(user, values):
    parties = _organisations(user, "parties", values)
    if not parties:
        raise ValidationError({"parties": _("Name at least one organisation that signed it.")})
    return parties


@transaction.atomic
def regulation_create(*, acting_user, area, parties=(), **fields) -> CoordinationRegulation:
    require_area_right(acting_user, Action.CHANGE, area)
    links = {"parties": _parties(acting_user, parties)}
    return create_with_links(
        CoordinationRegulation, acting_user=acting_user, area=area, links=links, **fields
    )


@transaction.atomic
def regulation_bulk_create(*, records, acting_user, reason) -> list[CoordinationRegulation]:
    """Many new regulations (an import), each with the parties its row named (`_pending_links`)."""
    created = bulk_create_with_links(
        CoordinationRegulation, records, acting_user=acting_user, reason=reason
    )
    rollup.records_created(CoordinationRegulation, created)
    return created


@transaction.atomic
def regulation_update(*, acting_user, instance: CoordinationRegulation, reason="", **changes):
    require_record_right(acting_user, Action.CHANGE, instance)
    links = {}
    if "parties" in changes:
        links["parties"] = _parties(acting_user, changes.pop("parties") or ())
    return update_with_links(
        instance,
        acting_user=acting_user,
        allowed=REGULATION_FIELDS,
        links=links,
        reason=reason,
        **changes,
    )


@transaction.atomic
def regulation_delete(*, acting_user, instance: CoordinationRegulation, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)
