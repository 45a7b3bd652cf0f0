"""Each pytest-xdist worker gets its own ANTQ_VAR_DIR (a folder per worker under it), so that
the workers share no SQLite test database, file cache, rate-limit counters or uploaded files.
Loaded with `-p` (pyproject.toml) so that it runs before pytest-django reads the settings; the
browser tests' screenshots stay in the one artifacts folder."""

import os
from pathlib import Path

_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker:
    _var = Path(os.environ.get("ANTQ_VAR_DIR") or Path(__file__).resolve().parents[3] / "var")
    os.environ.setdefault("ANTQ_ARTIFACTS_DIR", str(_var / "artifacts"))
    os.environ["ANTQ_VAR_DIR"] = str(_var / f"xdist-{_worker}")
