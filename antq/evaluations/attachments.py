"""Files backing an answer: checked by their content (PDF, JPEG or PNG; names and declared
types are not believed), kept under MEDIA_ROOT/evaluations/ with random names."""

import hashlib
import os
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from antq.core.files import sniff

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
FOLDER = "evaluations"


def check(files, field):
    """[(name, kind, content)] of the uploads, or a ValidationError on `field` saying which
    file is wrong and why."""
    checked = []
    files = list(files or ())
    if len(files) > MAX_FILES:
        raise ValidationError({field: _("At most {n} files.").format(n=MAX_FILES)})
    for f in files:
        name = os.path.basename(getattr(f, "name", "") or "")[:255] or "file"
        if f.size > MAX_BYTES:
            raise ValidationError(
                {
                    field: _("“{name}” is larger than {mb} MB.").format(
                        name=name, mb=MAX_BYTES // (1024 * 1024)
                    )
                }
            )
        f.seek(0)
        content = f.read(MAX_BYTES + 1)
        kind = sniff(content[:16])
        if not content or kind is None:
            raise ValidationError(
                {
                    field: _("“{name}” is not a JPEG or PNG image or a PDF document.").format(
                        name=name
                    )
                }
            )
        checked.append((name, kind, content))
    return checked


def store(content: bytes, kind: str) -> str:
    """Write the bytes under a random name; returns the storage name."""
    return default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}.{kind}", ContentFile(content))


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def remove(names):
    for name in names:
        default_storage.delete(name)
