import stat

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from antq.core import crypto


@pytest.fixture
def keys(monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv(crypto.ENV, old)
    return old, new


def test_round_trip_and_no_clear_text(keys):
    token = crypto.encrypt("Trần Văn Báo Tin · 0905 111 222")
    assert "Trần" not in token and "0905" not in token
    assert crypto.decrypt(token) == "Trần Văn Báo Tin · 0905 111 222"
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""
    assert crypto.encrypt("x") != crypto.encrypt("x")  # a fresh IV each time


def test_old_keys_still_decrypt_and_new_writes_use_the_first_key(keys, monkeypatch):
    old, new = keys
    token = crypto.encrypt("Lê Thị Hoa")
    monkeypatch.setenv(crypto.ENV, f"{new}, {old}")
    assert crypto.decrypt(token) == "Lê Thị Hoa"
    fresh = crypto.encrypt("Lê Thị Hoa")
    rotated = crypto.rotate(token)
    monkeypatch.setenv(crypto.ENV, new)
    assert crypto.decrypt(fresh) == "Lê Thị Hoa"
    assert crypto.decrypt(rotated) == "Lê Thị Hoa"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)  # made with the old key, which is gone now


def test_bad_keys_are_refused_without_echoing_them(monkeypatch):
    monkeypatch.setenv(crypto.ENV, "not-a-key-at-all")
    with pytest.raises(ImproperlyConfigured) as exc:
        crypto.encrypt("x")
    assert "not-a-key-at-all" not in str(exc.value)


def test_without_the_variable_a_key_file_is_made_once_owner_only(monkeypatch, settings, tmp_path):
    monkeypatch.delenv(crypto.ENV, raising=False)
    settings.VAR_DIR = tmp_path
    token = crypto.encrypt("Phạm Văn Nam")
    path = tmp_path / "identity_keys"
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = path.read_text()
    assert crypto.decrypt(token) == "Phạm Văn Nam"
    crypto.encrypt("again")
    assert path.read_text() == first
    assert [p.name for p in tmp_path.iterdir()] == ["identity_keys"]  # no temporary file left


def test_bytes_round_trip_rotate_and_refuse_unknown_keys(keys, monkeypatch):
    old, new = keys
    photo = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    token = crypto.encrypt_bytes(photo)
    assert isinstance(token, bytes) and photo not in token and token.startswith(b"gAAAAA")
    assert crypto.decrypt_bytes(token) == photo
    assert crypto.decrypt_bytes(crypto.encrypt_bytes(b"")) == b""  # an empty file stays a file
    monkeypatch.setenv(crypto.ENV, f"{new},{old}")
    rotated = crypto.rotate_bytes(token)
    monkeypatch.setenv(crypto.ENV, new)
    assert crypto.decrypt_bytes(rotated) == photo
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(token)
    with pytest.raises(crypto.DecryptionError):
        crypto.rotate_bytes(token)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(b"not a token")
