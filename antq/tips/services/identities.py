"""The readings of a reporter's identity and the openings of the files they sent (a file may
show who they are, so it is guarded alike), each recorded before it happens; and the
re-encryption of both after a key rotation."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from antq.core import crypto
from antq.core.scoping import can_read_identities
from antq.tips import storage
from antq.tips.models import IDENTITY_FIELDS, IdentityReveal, Tip, TipAttachment
from antq.tips.services.common import clean_text, locked_tip


@transaction.atomic
@sensitive_variables("name", "contact")
def tip_reveal_identity(*, acting_user, tip: Tip, reason) -> dict:
    """The reporter's name and contact, for a user holding the grant "may read reporters'
    identities" at the tip's unit; the reading is recorded (who, when, why) before it happens."""
    tip = locked_tip(tip)
    if not can_read_identities(acting_user, tip.area):
        raise PermissionDenied(_("You do not hold the grant to read reporters' identities here."))
    reason = clean_text(
        "reason", reason, required=True, message=_("Say why you need the identity.")
    )
    IdentityReveal.objects.create(tip=tip, user=acting_user, area=tip.area, reason=reason)
    try:
        name = crypto.decrypt(tip.reporter_name_enc)
        contact = crypto.decrypt(tip.reporter_contact_enc)
    except crypto.DecryptionError:
        raise ValidationError(
            _("The identity cannot be decrypted with the configured keys; tell the administrator.")
        ) from None
    return {"name": name, "contact": contact}


@transaction.atomic
@sensitive_variables("content")
def tip_open_attachment(*, acting_user, tip: Tip, attachment: TipAttachment, reason) -> bytes:
    """The original bytes of a file the reporter sent with the tip. A file may show who the
    reporter is, so it is guarded like the name and contact: only for a holder of the grant "may
    read reporters' identities" at the tip's unit, with a reason, and the opening is recorded
    (who, when, why, which file) before the file is read."""
    tip = locked_tip(tip)
    if attachment.tip_id != tip.pk:
        raise ValidationError({"attachment": _("This file was not sent with this tip.")})
    if not can_read_identities(acting_user, tip.area):
        raise PermissionDenied(_("You do not hold the grant to read reporters' identities here."))
    reason = clean_text(
        "reason", reason, required=True, message=_("Say why you need to open the file.")
    )
    IdentityReveal.objects.create(
        tip=tip, user=acting_user, area=tip.area, reason=reason, attachment=attachment
    )
    try:
        content = storage.read(attachment.stored_name, attachment.sha256)
    except storage.AttachmentUnreadable:
        raise ValidationError(
            _("The file cannot be opened with the configured keys; tell the administrator.")
        ) from None
    return content


class RotationRefused(Exception):
    """Stored values that open with none of the configured keys: nothing was changed.
    `identities` are tip codes, `attachments` (tip code, attachment id) pairs."""

    def __init__(self, identities, attachments):
        super().__init__("Some stored values cannot be decrypted with the configured keys.")
        self.identities = identities
        self.attachments = attachments


@dataclass(frozen=True)
class Rotated:
    identities: int  # tips whose name or contact was re-encrypted
    attachments: int  # files re-encrypted


def _with_identity():
    return Tip.objects.exclude(reporter_name_enc="", reporter_contact_enc="").order_by("pk")


def _unreadable_identities(batch_size) -> list[str]:
    bad = []
    rows = _with_identity().values_list("code", *IDENTITY_FIELDS)
    for code, name, contact in rows.iterator(chunk_size=batch_size):
        try:
            crypto.decrypt(name)
            crypto.decrypt(contact)
        except crypto.DecryptionError:
            bad.append(code)
    return bad


def _rotate_identities(batch_size) -> int:
    pks = list(_with_identity().values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        rows = Tip.objects.filter(pk__in=pks[start : start + batch_size]).values_list(
            "pk", *IDENTITY_FIELDS
        )
        Tip.objects.bulk_update(
            [
                Tip(
                    pk=pk,
                    reporter_name_enc=crypto.rotate(name),
                    reporter_contact_enc=crypto.rotate(contact),
                )
                for pk, name, contact in rows
            ],
            list(IDENTITY_FIELDS),
        )
    return len(pks)


def identities_rotate(*, batch_size: int = 500) -> Rotated:
    """Re-encrypt every reporter's identity and every file sent through the portal with the
    first configured key (after a new key was put first in ANTQ_IDENTITY_KEYS). The history
    tables hold no identity, so nothing else needs rewriting.

    All or nothing: if any identity or file opens with none of the keys (or a file is missing),
    nothing is changed and RotationRefused names them. The steps are ordered so that a crash at
    any point leaves everything readable with the key set in force (the new key first, the old
    ones after it):

    1. every identity is checked, and every file re-encrypted into a staged copy beside it
       (fsynced); the files themselves are untouched;
    2. on any failure the staged copies are removed and RotationRefused is raised;
    3. the identities are rewritten in one transaction;
    4. only after its commit are the staged copies renamed over the files, one atomic rename
       each. A crash before 4 leaves every file as it was; a crash during 4 leaves some files
       with the new key and the others with the old one, and the key set in force opens both.

    Running it again finishes the job (stale staged copies are removed first). Drop the old key
    only after it has reported success.
    """
    storage.discard_stale()
    bad_identities = _unreadable_identities(batch_size)
    bad_files, staged = [], []
    try:
        files = TipAttachment.objects.order_by("pk").values_list("pk", "tip__code", "stored_name")
        for pk, code, stored_name in files.iterator(chunk_size=batch_size):
            try:
                staged.append(storage.stage(stored_name))
            except storage.AttachmentUnreadable:
                bad_files.append((code, pk))
        if bad_identities or bad_files:
            raise RotationRefused(bad_identities, bad_files)
        with transaction.atomic():
            identities = _rotate_identities(batch_size)
        attachments = storage.commit(staged)
    finally:
        storage.discard(staged)
    return Rotated(identities=identities, attachments=attachments)
