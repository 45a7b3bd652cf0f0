"""The indicator rollup: every indicator per area and month, kept current with each write (its
deltas appended in the write's transaction, folded into the cells a few seconds later, and
added by every read meanwhile), so that a figure at any level is current the moment a record is
saved and is read in a few index lookups however many records lie below.

Two tables (models.py), beside the pending deltas (PendingDelta):

- `OwnCell(path, key, bucket, value)`: what the records attached to one area itself (its
  "leaf" records) contribute in a month; bucket = year*100 + month, 0 = "at any date".
- `Cell(path, parent, key, grain, bucket, value)`: the same summed over an area's whole
  subtree, by month (grain 1) and by year (grain 0, bucket = year*100).

A *flow* (tips received) is kept as its value in the month it happened; a *stock* (camera
sites) as deltas: +v in the month a record starts and -v in the month after its last day, so
the stock at the end of month m is the sum of the deltas up to m. A count of distinct areas
(villages with a model) is kept per leaf as 1 while the leaf has a record, so it sums too;
beside it, OwnCell keeps the leaf's raw count of those records (key "<key>#records"), from
which a write derives whether the leaf's 1 changes. A count of distinct units above the record's
own area (communes with a model, at the commune or in a village: `Indicator.unit_path`) is kept
the same way at the unit's path: its 1 from its first record to its last.

The modules:

- plans.py: what each record type's indicators depend on;
- state.py: which indicators are built for their current declaration (the others are computed
  from the records until `rebuild()`, run by `migrate`, has built them);
- contributions.py: what records contribute, computed from the records;
- memory.py: what a created record contributes, evaluated from the instance in hand (its
  related rows' values read, and locked, in one statement per foreign key);
- keep.py: keeping the tables current on a write, from the contributions of the records it
  writes, read before and after it (by pk, whatever their leaf holds); bulk writers call
  `records_created`, `bulk_change` and `delete` themselves;
- pending.py: a write's deltas appended as pending rows (no shared row touched), and `fold()`,
  which the worker runs every few seconds to add them to the cells;
- receivers.py: `connect()`, which each counted app's `ready()` calls with its models, and the
  signal receivers that keep every save() and delete() of them;
- build.py: `rebuild()` (from a snapshot into shadow tables, swapped in: writers never wait)
  and `check()` (cells plus pending against the records, one record type at a time);
- read.py: reading whole months, cells plus what is pending under the area.
"""

from antq.indicators.rollup.build import check, rebuild
from antq.indicators.rollup.keep import bulk_change, delete, records_created
from antq.indicators.rollup.pending import fold
from antq.indicators.rollup.plans import dependencies, plans, supported
from antq.indicators.rollup.read import whole_months
from antq.indicators.rollup.receivers import connect
from antq.indicators.rollup.state import forget_fresh, fresh_keys, stale_keys

__all__ = [
    "bulk_change",
    "check",
    "connect",
    "delete",
    "dependencies",
    "fold",
    "fresh_keys",
    "forget_fresh",
    "plans",
    "rebuild",
    "records_created",
    "stale_keys",
    "supported",
    "whole_months",
]
