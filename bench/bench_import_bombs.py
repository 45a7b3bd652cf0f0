"""Import bombs against normal files of the same size, through antq's import reading path,
and whole imports of valid files.

    .venv/bin/python bench/bench_import_bombs.py

Builds, under var/bench-bombs/:
- `shared-string.xlsx`: one 200 MB shared string, packed into ~200 KB;
- `rows-300k.xlsx`: 300,000 rows (the limit is 200,000);
- `low-ratio-string.xlsx`: one 40 MB shared string of random letters (packs ~1.6 times);
- `huge-cell.csv`: one 40 MB cell;
- `zip-bomb.xlsx`: a sheet that unpacks to 1 GB;
and for each a NORMAL valid file of about the same size (camera-site rows, under every limit).
Each file is read in a fresh child process by `antq.core.imports.parsed_rows` (how an import
job reads: open, check, parse every row) from the file on disk, as the job does. The child
reports the CPU and wall seconds and its peak RSS while reading over its RSS before (the peak is
reset first through /proc/self/clear_refs; a warm-up read of a tiny file keeps module imports
out of the figure). The bombs must be refused
with bounded memory (< +100 MB) and in well under a second per MB of file; the normal files are
the baseline.

Then a VALID XLSX of 200,000 rows, and a valid CSV of 40 MB, each go through the whole
import (`run_import`: read, check, write) into a fresh SQLite database of the bench's own, in a
fresh child process, with the same peak-RSS measure: memory must stay under +100 MB. With
`--before REV`, the same files are also imported by the `antq` package of git revision REV
(extracted under var/bench-bombs/), and the ratios of time and memory against it are printed.

Prints a table and writes bench/results/import-bombs.json.
"""

import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = ROOT / "var" / "bench-bombs"
RESULTS = ROOT / "bench" / "results"
HEADER = ["commune code", "village code", "address", "latitude", "longitude", "owner type"]
MB = 1024 * 1024


def configure():
    os.environ["DJANGO_SETTINGS_MODULE"] = "antq.settings"
    os.environ["ANTQ_VAR_DIR"] = os.environ.get("ANTQ_BENCH_VAR") or str(WORK / "var")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


# --- building the files -----------------------------------------------------------------


def _normal_cells(rng, n, address_len=24):
    words = ["Nhà", "văn", "hóa", "thôn", "Đông", "Tây", "chợ", "trường", "số", "đường"]
    address = " ".join(rng.choice(words) for _ in range(address_len // 4))[:address_len]
    return [
        rng.choice(["10001", "10002", "10003"]),
        "T01",
        f"{address} {n}",
        f"{16 + rng.random():.5f}",
        f"{107 + rng.random():.5f}",
        rng.choice(["household", "agency", "enterprise"]),
    ]


def build_normal_xlsx(path, target_bytes, address_len=24):
    """Valid rows (at most 200,000) until the packed file is about `target_bytes`."""
    from antq.core.testing.sheets import raw_xlsx, sheet_row

    rng = random.Random(42)
    sample = io.BytesIO()
    raw_xlsx(sample, [sheet_row(n, _normal_cells(rng, n, address_len)) for n in range(2, 2002)])
    per_row = len(sample.getvalue()) / 2000
    rows = min(int(target_bytes / per_row), 200_000)
    rng = random.Random(42)
    raw_xlsx(
        path,
        (
            [sheet_row(1, HEADER)]
            + [sheet_row(n, _normal_cells(rng, n, address_len)) for n in range(2, rows + 2)]
        ),
    )
    return rows


def build_shared_string_bomb(path):
    from antq.core.testing.sheets import raw_xlsx, sheet_row

    def chunks():
        yield "<si><t>"
        for _ in range(200):
            yield "a" * MB
        yield "</t></si>"

    rows = [sheet_row(1, HEADER), '<row r="2"><c r="C2" t="s"><v>0</v></c></row>']
    raw_xlsx(path, rows, shared_strings=chunks())


def build_rows_bomb(path, rows=300_000):
    from antq.core.testing.sheets import raw_xlsx, sheet_row

    rng = random.Random(7)
    raw_xlsx(
        path,
        [sheet_row(1, HEADER)] + [sheet_row(n, _normal_cells(rng, n)) for n in range(2, rows + 2)],
    )


def build_huge_cell_csv(path, cell_mb=40):
    with open(path, "wb") as out:
        out.write((",".join(HEADER) + "\n").encode())
        out.write(b"10001,T01,")
        for _ in range(cell_mb):
            out.write(b"x" * MB)
        out.write(b",16.8,107.1,household\n")


def build_normal_csv(path, target_bytes):
    """Valid rows (at most 200,000) with addresses long enough to reach `target_bytes`."""
    rng = random.Random(11)
    per_row = max(int(target_bytes / 200_000), 60)
    address_len = min(per_row - 40, 190)
    with open(path, "w", encoding="utf-8") as out:
        out.write(",".join(HEADER) + "\n")
        written, n = 0, 0
        while written < target_bytes and n < 200_000:
            n += 1
            line = ",".join(_normal_cells(rng, n, address_len)) + "\n"
            out.write(line)
            written += len(line.encode())
    return n


def build_low_ratio_string(path, mb=40):
    """A 40 MB shared string of random letters: it packs only ~1.6 times, under the ratio and
    shared-text limits, so only the parser's own bound (no text node over 10 MB) stops it."""
    from antq.core.testing.sheets import raw_xlsx, sheet_row

    rng = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz"

    def chunks():
        yield "<si><t>"
        for _ in range(mb):
            yield "".join(rng.choices(letters, k=MB))
        yield "</t></si>"

    rows = [sheet_row(1, HEADER), '<row r="2"><c r="C2" t="s"><v>0</v></c></row>']
    raw_xlsx(path, rows, shared_strings=chunks(), level=1)


def build_zip_bomb(path, unpacked_mb=1024):
    from antq.core.testing.sheets import raw_xlsx, sheet_row

    def rows():
        yield sheet_row(1, HEADER)
        yield sheet_row(2, ["10001", "T01", "Nhà 1", "16.8", "107.1", "household"])
        for _ in range(unpacked_mb):
            yield " " * MB

    raw_xlsx(path, rows(), level=1)


# --- measuring (in a child process) -------------------------------------------------------


def _status_mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def _reset_peak():
    """Linux resets the peak RSS (VmHWM) on writing 5 to clear_refs: the peak then measures the
    read alone, not the start-up before it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def child(path):
    configure()
    from antq.cameras.imports import CAMERA_IMPORT
    from antq.core.imports import ImportOutcome, parsed_rows
    from antq.core.testing.sheets import xlsx_bytes

    warm = xlsx_bytes(HEADER, [["10001", "T01", "Nhà", "16.8", "107.1", "household"]])
    for data, name in ((warm, "warm.xlsx"), (b"a,b\n1,2\n", "warm.csv")):
        list(parsed_rows(CAMERA_IMPORT, io.BytesIO(data), name, ImportOutcome()))
    from django.utils import translation

    translation.activate("en")
    reset = _reset_peak()
    before = (
        _status_mb("VmRSS") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    outcome = ImportOutcome()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    with open(path, "rb") as stream:
        # rows are counted, not kept: run_import keeps a chunk at a time
        rows_read = sum(1 for _row in parsed_rows(CAMERA_IMPORT, stream, Path(path).name, outcome))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    peak = (
        _status_mb("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    print(
        json.dumps(
            {
                "rows_read": 0 if outcome.errors else rows_read,
                "refused": bool(outcome.errors),
                "errors": [[e.row, e.column, e.message] for e in outcome.errors[:3]],
                "cpu_s": round(cpu, 3),
                "wall_s": round(wall, 3),
                "peak_rss_delta_mb": round(max(peak - before, 0), 1),
                "rss_before_mb": round(before, 1),
            }
        )
    )


def measure(path, mode="--child", env=None):
    env = dict(os.environ, LANGUAGE="en", **(env or {}))
    out = subprocess.run(
        [sys.executable, __file__, mode, str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- whole imports of valid files --------------------------------------------------------


def setup_database():
    """A migrated database with three communes (each with a village T01) and an editor of
    their province: the template every whole-import run copies."""
    configure()
    from django.core.management import call_command

    from antq.core.testing.factories import make_area, make_user

    call_command("migrate", verbosity=0)
    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh Quảng Trị", code="44")
    for code in ("10001", "10002", "10003"):
        make_area(make_area(province, name=f"Xã {code}", code=code), name="Thôn 1", code="T01")
    make_user(province, "editor", username="bench_editor")


def full_child(path):
    """One whole import of `path` by the `antq` package first on sys.path."""
    code = os.environ.get("ANTQ_BENCH_CODE")
    if code:
        sys.path.insert(0, code)
    configure()
    from django.contrib.auth import get_user_model

    from antq.cameras.imports import CAMERA_IMPORT
    from antq.cameras.models import CameraSite
    from antq.core.imports import run_import
    from antq.core.testing.sheets import xlsx_bytes

    user = get_user_model().objects.get(username="bench_editor")
    warm = xlsx_bytes(HEADER, [["10001", "T01", "Nhà", "16.8", "107.1", "household"]])
    assert run_import(CAMERA_IMPORT, acting_user=user, data=warm, filename="warm.xlsx").ok
    from django.utils import translation

    translation.activate("en")
    reset = _reset_peak()
    before = (
        _status_mb("VmRSS") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    cpu0, wall0 = time.process_time(), time.perf_counter()
    outcome = run_import(CAMERA_IMPORT, acting_user=user, path=path, filename=Path(path).name)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    peak = (
        _status_mb("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    print(
        json.dumps(
            {
                # which package ran: the extracted revision's, or this checkout's
                "code": "before" if code else "current",
                "created": outcome.created,
                "in_database": CameraSite.objects.count() - 1,
                "errors": [[e.row, e.column, e.message] for e in outcome.errors[:3]],
                "cpu_s": round(cpu, 3),
                "wall_s": round(wall, 3),
                "rows_per_s": round(outcome.created / wall) if wall else 0,
                "peak_rss_delta_mb": round(max(peak - before, 0), 1),
            }
        )
    )


def whole_import(path, template, code=None):
    var = WORK / "var-import"
    shutil.rmtree(var, ignore_errors=True)
    shutil.copytree(template, var)
    env = {"ANTQ_BENCH_VAR": str(var)}
    if code:
        env["ANTQ_BENCH_CODE"] = str(code)
    try:
        return measure(path, "--full", env)
    finally:
        shutil.rmtree(var, ignore_errors=True)


def extract(rev):
    """The `antq` package of git revision `rev`, under var/bench-bombs/before/."""
    where = WORK / "before"
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "antq"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    return where


def whole_imports(before_rev):
    template = WORK / "var-template"
    shutil.rmtree(template, ignore_errors=True)
    subprocess.run(
        [sys.executable, __file__, "--setup"],
        env=dict(os.environ, ANTQ_BENCH_VAR=str(template)),
        check=True,
    )
    before_code = extract(before_rev) if before_rev else None
    cases = []
    for name, filename, build in (
        ("valid_xlsx_200k_rows", "valid-200k.xlsx", lambda p: build_normal_xlsx(p, 10**9)),
        ("valid_csv_40mb", "valid-40mb.csv", lambda p: build_normal_csv(p, 40 * MB)),
    ):
        path = WORK / filename
        rows = build(path)
        case = {"name": name, "file_mb": round(path.stat().st_size / MB, 2), "rows": rows}
        case["after"] = whole_import(path, template)
        if before_code:
            case["before"] = whole_import(path, template, before_code)
            case["before"]["revision"] = before_rev
            case["rows_per_s_vs_before"] = round(
                case["after"]["rows_per_s"] / max(case["before"]["rows_per_s"], 1), 3
            )
            case["peak_rss_vs_before"] = round(
                case["after"]["peak_rss_delta_mb"] / max(case["before"]["peak_rss_delta_mb"], 0.1),
                3,
            )
        path.unlink()
        cases.append(case)
        line = (
            f"{name:28} {case['file_mb']:8.2f} MB, {rows} rows: written "
            f"{case['after']['created']}, {case['after']['rows_per_s']} rows/s, "
            f"rss +{case['after']['peak_rss_delta_mb']:6.1f} MB"
        )
        if before_code:
            line += (
                f" | before ({before_rev}): {case['before']['rows_per_s']} rows/s, "
                f"rss +{case['before']['peak_rss_delta_mb']:6.1f} MB | rows/s ratio "
                f"{case['rows_per_s_vs_before']}, rss ratio {case['peak_rss_vs_before']}"
            )
        print(line)
    shutil.rmtree(template, ignore_errors=True)
    if before_code:
        shutil.rmtree(before_code, ignore_errors=True)
    return cases


def unpacked_mb(path):
    if not zipfile.is_zipfile(path):
        return round(path.stat().st_size / MB, 2)
    with zipfile.ZipFile(path) as zf:
        return round(sum(i.file_size for i in zf.infolist()) / MB, 1)


def main(before_rev=None):
    configure()
    WORK.mkdir(parents=True, exist_ok=True)
    bombs = [
        ("shared_string_200mb", "shared-string.xlsx", build_shared_string_bomb),
        ("rows_300k", "rows-300k.xlsx", build_rows_bomb),
        ("shared_string_40mb_low_ratio", "low-ratio-string.xlsx", build_low_ratio_string),
        ("huge_cell_csv_40mb", "huge-cell.csv", build_huge_cell_csv),
        ("zip_bomb_sheet_1gb", "zip-bomb.xlsx", build_zip_bomb),
    ]
    cases = []
    for name, filename, build in bombs:
        bomb = WORK / filename
        t0 = time.perf_counter()
        build(bomb)
        size = bomb.stat().st_size
        normal = WORK / f"normal-{filename}"
        if filename.endswith(".csv"):
            normal_rows = build_normal_csv(normal, size)
        else:
            normal_rows = build_normal_xlsx(normal, size)
        built_s = time.perf_counter() - t0
        got = measure(bomb)
        base = measure(normal)
        file_mb = size / MB
        case = {
            "name": name,
            "file_mb": round(file_mb, 3),
            "unpacked_mb": unpacked_mb(bomb),
            "refused": got["refused"],
            "message": got["errors"][0][2] if got["errors"] else "",
            "cpu_s": got["cpu_s"],
            "wall_s": got["wall_s"],
            "cpu_s_per_mb": round(got["cpu_s"] / file_mb, 4),
            "peak_rss_delta_mb": got["peak_rss_delta_mb"],
            "baseline": {
                "file_mb": round(normal.stat().st_size / MB, 3),
                "rows": normal_rows,
                "rows_read": base["rows_read"],
                "refused": base["refused"],
                "cpu_s": base["cpu_s"],
                "wall_s": base["wall_s"],
                "peak_rss_delta_mb": base["peak_rss_delta_mb"],
            },
            "cpu_vs_baseline": round(got["cpu_s"] / max(base["cpu_s"], 1e-3), 3),
            "build_s": round(built_s, 1),
        }
        cases.append(case)
        print(
            f"{name:28} {file_mb:8.2f} MB (unpacked {case['unpacked_mb']:>8} MB) "
            f"refused={got['refused']!s:5} cpu {got['cpu_s']:7.3f} s "
            f"({case['cpu_s_per_mb']:.4f} s/MB) rss +{got['peak_rss_delta_mb']:6.1f} MB | "
            f"normal file {case['baseline']['file_mb']:.2f} MB, {base['rows_read']} rows: "
            f"cpu {base['cpu_s']:7.3f} s rss +{base['peak_rss_delta_mb']:6.1f} MB | "
            f"cpu ratio {case['cpu_vs_baseline']}"
        )
        print(f"{'':28} {case['message']}")
        for path in (bomb, normal):
            path.unlink()
    imports = whole_imports(before_rev)
    result = {
        "what": "antq.core.imports.parsed_rows on each file, in a fresh child process",
        "limits": {"max_rss_delta_mb": 100, "max_cpu_s_per_mb": 1.0},
        "cases": cases,
        "all_refused": all(c["refused"] for c in cases),
        "max_rss_delta_mb": max(c["peak_rss_delta_mb"] for c in cases),
        "max_cpu_s_per_mb": max(c["cpu_s_per_mb"] for c in cases),
        "whole_imports": {
            "what": "run_import (read, check, write) of a valid file into a fresh SQLite "
            "database, in a fresh child process",
            "cases": imports,
            "max_rss_delta_mb": max(c["after"]["peak_rss_delta_mb"] for c in imports),
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "import-bombs.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(
        f"all refused: {result['all_refused']}; peak RSS at most +{result['max_rss_delta_mb']} MB; "
        f"at most {result['max_cpu_s_per_mb']} s of CPU per MB of file"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--full":
        full_child(sys.argv[2])
    elif sys.argv[1:] == ["--setup"]:
        setup_database()
    elif len(sys.argv) == 3 and sys.argv[1] == "--before":
        main(sys.argv[2])
    else:
        main()
