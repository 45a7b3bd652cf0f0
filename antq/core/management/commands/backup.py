"""`antq backup DIR`: the database and the data folder, into a new folder under DIR.

- PostgreSQL: `pg_dump --format=custom` (database.dump; restore with pg_restore).
- SQLite: a consistent copy through SQLite's online backup API while antq runs
  (database.sqlite3; restore by copying it back with antq stopped).
- var.tar.gz: ANTQ_VAR_DIR (attachments, uploads) without the keys (identity_keys,
  secret_key: a backup must not carry what opens the identities it holds), the cache,
  the collected static files and the SQLite files (copied above, consistently).
- manifest.json: when, antq's version, the database engine, and each part's size and SHA-256.

The folder and its files are readable by their owner only: they hold personal data.
docs/deploy.md, "Backups and restore", has the restore steps.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

# Top-level names under ANTQ_VAR_DIR left out of var.tar.gz.
# Not data: keys (kept apart), caches, uploads of imports still running (deleted when their job
# ends) and the portal limiter's counters (kept no longer than their window).
EXCLUDED = (
    "identity_keys",
    "secret_key",
    "cache",
    "static",
    "artifacts",
    "imports",
    "ratelimit",
)
SQLITE_SUFFIXES = (".sqlite3", ".sqlite3-wal", ".sqlite3-shm", ".sqlite3-journal")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, the online backup API on SQLite) and "
        "ANTQ_VAR_DIR without its keys, caches and static files, into a new folder under DIR, "
        "with a manifest of sizes and SHA-256 sums."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="folder in which the backup's own folder is made")

    def handle(self, *args, target, **options):
        var_dir = Path(settings.VAR_DIR).resolve()
        started = datetime.now(UTC)
        out = Path(target).resolve() / f"antq-{started:%Y%m%dT%H%M%SZ}"
        if out.is_relative_to(var_dir):
            raise CommandError(
                f"{target} is inside ANTQ_VAR_DIR ({var_dir}): each backup would hold the ones "
                "before it. Choose a folder elsewhere (another disk, ideally)."
            )
        if out.exists():
            raise CommandError(f"{out} exists already; nothing was written.")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.mkdir(mode=0o700)
        old_umask = os.umask(0o077)
        try:
            engine = connection.vendor
            if engine == "postgresql":
                database = self.dump_postgresql(out / "database.dump")
            elif engine == "sqlite":
                database = self.copy_sqlite(out / "database.sqlite3")
            else:
                raise CommandError(f"antq backup knows PostgreSQL and SQLite, not {engine}.")
            tar = self.tar_var(var_dir, out / "var.tar.gz")
        except BaseException:
            shutil.rmtree(out, ignore_errors=True)
            raise
        finally:
            os.umask(old_umask)
        manifest = {
            "time": started.isoformat(timespec="seconds"),
            "antq_version": version("antq"),
            "database_engine": engine,
            "var_dir": str(var_dir),
            "var_excluded": list(EXCLUDED),
            "parts": [
                {"name": part.name, "bytes": part.stat().st_size, "sha256": sha256(part)}
                for part in (database, tar)
            ],
        }
        manifest_path = out / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
        manifest_path.chmod(0o600)
        self.stdout.write(str(out))

    def dump_postgresql(self, path: Path) -> Path:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError(
                "pg_dump is not installed: apt-get install postgresql-client "
                "(of the server's major version). Nothing was written."
            )
        db = connection.settings_dict
        command = [pg_dump, "--format=custom", f"--file={path}", f"--dbname={db['NAME']}"]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if db.get(key):
                command.append(f"{flag}={db[key]}")
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or os.environ.get("PGPASSWORD", "")}
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise CommandError(f"pg_dump failed: {done.stderr.strip()}")
        return path

    def copy_sqlite(self, path: Path) -> Path:
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            with target:
                connection.connection.backup(target)
        finally:
            target.close()
        return path

    def tar_var(self, var_dir: Path, path: Path) -> Path:
        def keep(member: tarfile.TarInfo):
            parts = Path(member.name).parts
            if len(parts) > 1 and (parts[1] in EXCLUDED or parts[1].endswith(SQLITE_SUFFIXES)):
                return None
            return member

        with tarfile.open(path, "w:gz") as tar:
            tar.add(var_dir, arcname="var", filter=keep)
        return path
