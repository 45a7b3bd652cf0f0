"""antq rollup: build, rebuild or check the indicator rollup (indicators/rollup/)."""

import time

from django.core.management.base import BaseCommand, CommandError

from antq.indicators import rollup
from antq.indicators.registry import REGISTRY


class Command(BaseCommand):
    help = (
        "Build the indicator rollup where it is missing or stale (the default), rebuild it "
        "from the records (--rebuild), fold the pending deltas into the cells (--fold), or "
        "compare it with a recomputation (--check)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recompute every indicator")
        parser.add_argument("--check", action="store_true", help="compare with the records")
        parser.add_argument("--fold", action="store_true", help="fold the pending deltas")
        parser.add_argument("--key", action="append", help="only this indicator (repeatable)")

    def handle(self, *args, rebuild=False, check=False, fold=False, key=None, **options):
        unknown = [k for k in key or [] if k not in REGISTRY]
        if unknown:
            raise CommandError(f"unknown indicator: {', '.join(unknown)}")
        if fold:
            self.stdout.write(f"rollup: {rollup.fold()} pending deltas folded")
            if not (check or rebuild or key):
                return
        if check:
            problems = rollup.check(key)
            for line in problems[:50]:
                self.stdout.write(line)
            if problems:
                raise CommandError(f"the rollup differs from the records in {len(problems)} cells")
            self.stdout.write("the rollup equals a recomputation from the records")
            return
        keys = key if key else (None if rebuild else rollup.stale_keys())
        if keys is not None and not keys:
            self.stdout.write("the rollup is up to date")
            return
        started = time.monotonic()
        n = rollup.rebuild(keys, progress=self.stdout.write)
        self.stdout.write(f"rollup: {n} indicators in {time.monotonic() - started:.1f} s")
