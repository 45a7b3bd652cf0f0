"""Files under var/ are private (0600, folders 0700); the identity key file can live elsewhere."""

import os
import stat
import subprocess
import sys

import pytest

from antq.core import crypto
from antq.core.files import safe_filename


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_fresh_var_dir_is_private(tmp_path):
    """A new process (as gunicorn, the worker or the CLI starts) makes var/, its secret key, the
    SQLite database and the identity key file readable by its owner only, whatever the umask."""
    var = tmp_path / "var"
    script = (
        "import django; django.setup();"
        "from django.db import connection; connection.ensure_connection();"
        "connection.cursor().execute('CREATE TABLE t (x int)');"
        "from antq.core import crypto; crypto.encrypt('x')"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "ANTQ_SECRET_KEY", "ANTQ_IDENTITY_KEYS")
    }
    env.update(ANTQ_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="antq.settings")
    subprocess.run(
        ["sh", "-c", 'umask 022 && exec "$0" -c "$1"', sys.executable, script],
        env=env,
        check=True,
        timeout=60,
    )
    assert _mode(var) == 0o700
    for name in ("secret_key", "antq.sqlite3", "identity_keys"):
        assert _mode(var / name) == 0o600, name


def test_files_made_before_are_tightened(tmp_path, monkeypatch):
    old = tmp_path / "identity_keys"
    old.write_bytes(b"")
    monkeypatch.setenv("ANTQ_IDENTITY_KEY_FILE", str(old))
    monkeypatch.delenv("ANTQ_IDENTITY_KEYS", raising=False)
    from cryptography.fernet import Fernet

    old.write_bytes(Fernet.generate_key())
    old.chmod(0o644)
    crypto.encrypt("x")
    assert _mode(old) == 0o600


def test_the_identity_key_file_path_is_configurable(tmp_path, monkeypatch, settings):
    settings.VAR_DIR = tmp_path / "var"
    keys = tmp_path / "keys" / "antq_identity"
    monkeypatch.delenv("ANTQ_IDENTITY_KEYS", raising=False)
    monkeypatch.setenv("ANTQ_IDENTITY_KEY_FILE", str(keys))
    token = crypto.encrypt("Nguyễn Văn An")
    assert keys.exists() and _mode(keys) == 0o600 and _mode(keys.parent) == 0o700
    assert not (settings.VAR_DIR / "identity_keys").exists()
    assert crypto.decrypt(token) == "Nguyễn Văn An"
    # ANTQ_IDENTITY_KEYS wins over any file
    from cryptography.fernet import Fernet

    monkeypatch.setenv("ANTQ_IDENTITY_KEYS", Fernet.generate_key().decode())
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)


@pytest.mark.parametrize(
    "sent, kind, expected",
    [
        ('a"b\r\n..\\..\\evil;.html', "png", "evil.png"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("Biên bản họp.PDF", "pdf", "Biên bản họp.pdf"),
        ("\u202eexe.jpg", "jpg", "exe.jpg"),
        ("...", "jpg", "file.jpg"),
    ],
)
def test_safe_download_names(sent, kind, expected):
    assert safe_filename(sent, extension=kind) == expected
