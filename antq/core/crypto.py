"""Encryption at rest for the few secrets antq keeps, first of all a reporter's identity.

Keys are Fernet keys (AES-128-CBC with HMAC-SHA256), read from `ANTQ_IDENTITY_KEYS`: a
comma-separated list, the first key encrypts every new value, all of them are tried to decrypt.
To rotate, put a new key first, keep the old ones after it, run `antq identity-rotate` (which
re-encrypts every stored value, identities and attachment files, with the first key), then drop
the old keys. Text (`encrypt`, `decrypt`, `rotate`) is stored as an ASCII token in a column;
bytes (`encrypt_bytes`, `decrypt_bytes`, `rotate_bytes`) are a file's whole content.

Without the variable, the keys are read from the file `ANTQ_IDENTITY_KEY_FILE` (default
`<ANTQ_VAR_DIR>/identity_keys`, kept for existing installations), generated once (mode 600) when
it does not exist; that file takes the same list (commas or one per line). Whoever holds the
keys and the database can read every identity: keep the key file outside the data that is backed
up (set ANTQ_IDENTITY_KEY_FILE to a path outside var/), and back it up separately.
"""

import os
import tempfile
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables

from antq.core.files import tighten

ENV = "ANTQ_IDENTITY_KEYS"
FILE_ENV = "ANTQ_IDENTITY_KEY_FILE"
KEY_FILE = "identity_keys"


class DecryptionError(Exception):
    """A stored value that none of the configured keys opens (a key was dropped too early)."""


def key_file() -> Path:
    configured = os.environ.get(FILE_ENV, "").strip()
    return Path(configured) if configured else Path(settings.VAR_DIR) / KEY_FILE


def _generate_key_file(path: Path) -> None:
    """Write a new key atomically, readable by the owner only; a concurrent writer wins."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".identity_keys.")
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, Fernet.generate_key() + b"\n")
        os.close(fd)
        try:
            os.link(tmp, path)  # fails if the file appeared meanwhile: keep that one
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)


def _key_text() -> str:
    configured = os.environ.get(ENV, "").strip()
    if configured:
        return configured
    path = key_file()
    if not path.exists():
        _generate_key_file(path)
    tighten(path)
    return path.read_text().strip()


@lru_cache(maxsize=4)
def _fernet(key_text: str) -> MultiFernet:
    keys = [k.strip() for k in key_text.replace("\n", ",").split(",") if k.strip()]
    if not keys:
        raise ImproperlyConfigured(f"{ENV} holds no key.")
    try:
        return MultiFernet([Fernet(k) for k in keys])
    except (ValueError, TypeError):
        # never echo the keys themselves
        raise ImproperlyConfigured(
            f"{ENV} (or {KEY_FILE}) must hold Fernet keys: 32 url-safe base64-encoded bytes each."
        ) from None


def _keys() -> MultiFernet:
    return _fernet(_key_text())


@sensitive_variables("text")
def encrypt(text: str) -> str:
    """A token for `text` made with the first key; the empty string stays empty (nothing
    given is not a secret)."""
    if not text:
        return ""
    return _keys().encrypt(text.encode("utf-8")).decode("ascii")


@sensitive_variables("value")
def decrypt(token: str) -> str:
    """The text of a token; DecryptionError if no configured key opens it."""
    if not token:
        return ""
    try:
        value = _keys().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        raise DecryptionError("No configured key decrypts this value.") from None
    return value.decode("utf-8")


def rotate(token: str) -> str:
    """The same value re-encrypted with the first key (its original timestamp kept)."""
    if not token:
        return ""
    try:
        return rotate_bytes(token.encode("ascii")).decode("ascii")
    except UnicodeEncodeError:
        raise DecryptionError("No configured key decrypts this value.") from None


# Bytes, for files (a tip's attachments): the token is the file's whole content. Unlike text,
# empty content is encrypted too: an empty file is still a file someone sent.


def encrypt_bytes(data: bytes) -> bytes:
    """A Fernet token for `data`, made with the first key."""
    return _keys().encrypt(bytes(data))


def decrypt_bytes(token: bytes) -> bytes:
    """The bytes of a token; DecryptionError if no configured key opens it."""
    try:
        return _keys().decrypt(bytes(token))
    except InvalidToken:
        raise DecryptionError("No configured key decrypts this value.") from None


def rotate_bytes(token: bytes) -> bytes:
    """The same bytes re-encrypted with the first key (its original timestamp kept);
    DecryptionError if no configured key opens the token."""
    try:
        return _keys().rotate(bytes(token))
    except InvalidToken:
        raise DecryptionError("No configured key decrypts this value.") from None
