"""Where each imported row goes: its unit, by code, in force on the row's day, and its
village there (`Places.of`, a few queries a chunk)."""

from datetime import date

from django.db.models.functions import Length, Substr
from django.utils.translation import gettext as _

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.areas.resolution import describe, pick
from antq.core.import_cells import RowError


class Places:
    """Each row's unit: the one with its code in force on its day (`_Places.day`), at the
    spec's levels, and its village there. At most three queries a chunk, whatever its size:
    every unit with the chunk's codes, then the villages named under the units found; the
    rows then choose among them. A code that names no unit in force on the row's day, or
    several, is the row's error, naming every unit with that code: never a guess."""

    def __init__(self, spec, labels):
        self.spec, self.labels = spec, labels
        # a row whose date could not be read has no day to choose its unit by
        self.day_columns = {labels["valid_on"]}
        if spec.date_column:
            self.day_columns.add(labels[spec.date_column])

    @classmethod
    def of(cls, spec, chunk, labels):
        """{row number: its area} for the chunk's rows that name one; the others' errors are
        added to their lists."""
        places = cls(spec, labels)
        codes = {r["commune_code"] for _n, r, _e in chunk if r.get("commune_code")}
        units = {}
        for area in Area.objects.filter(code__in=codes, level__in=spec.unit_levels):
            units.setdefault(area.code, []).append(area)
        found = {}
        for rownum, row, errs in chunk:
            if row.get("commune_code") and not any(e.column in places.day_columns for e in errs):
                unit = places.unit_of(rownum, row, errs, units.get(row["commune_code"], []))
                if unit is not None:
                    found[rownum] = unit
        villages = places.villages_of(chunk, found)
        for rownum, row, errs in chunk:
            if rownum in found and row.get("village_code"):
                found[rownum] = places.village_of(rownum, row, errs, found[rownum], villages)
                if found[rownum] is None:
                    del found[rownum]
        return found

    def day(self, row):
        """The day the row's codes are read on: its "valid on", else its record's date (a year
        counts as its last day), else today."""
        if row.get("valid_on"):
            return row["valid_on"]
        value = row.get(self.spec.date_column) if self.spec.date_column else None
        if isinstance(value, int):
            return date(value, 12, 31)
        return value or date.today()

    def _error(self, rownum, errs, column, reason):
        errs.append(RowError(rownum, self.labels[column], reason))

    def unit_of(self, rownum, row, errs, units):
        code, level = row["commune_code"], row.get("unit_level")
        unit, reason = pick(units, code, self.day(row), level=level)
        if unit is None:
            self._error(rownum, errs, "commune_code", reason)
        return unit

    def villages_of(self, chunk, found):
        """{(unit path, village code): [villages]} for the villages the rows name under their
        units. By key first (one indexed query): a village's key is its commune's and its
        code, with its end date once it ended, mostly its commune's. Then, for the rows that
        found none in force on their day, every village with the code that ended there."""
        wanted = [
            (row, found[n], row["village_code"])
            for n, row, _e in chunk
            if n in found and row.get("village_code")
        ]
        keys = set()
        for _row, unit, code in wanted:
            keys.add(Area.make_key(AreaLevel.VILLAGE, code, None, unit.key))
            if unit.valid_to:
                keys.add(Area.make_key(AreaLevel.VILLAGE, code, unit.valid_to, unit.key))
        villages = {}
        for area in Area.objects.filter(key__in=keys) if keys else ():
            villages.setdefault((area.path[: -Area.steplen], area.code), []).append(area)
        missing = [
            (unit, code)
            for row, unit, code in wanted
            if not any(v.is_active_on(self.day(row)) for v in villages.get((unit.path, code), []))
        ]
        if missing:
            for area in (
                Area.objects.filter(
                    level=AreaLevel.VILLAGE,
                    valid_to__isnull=False,
                    code__in={code for _unit, code in missing},
                )
                .exclude(key__in=keys)
                .annotate(parent_path=Substr("path", 1, Length("path") - Area.steplen))
                .filter(parent_path__in={unit.path for unit, _code in missing})
            ):
                villages.setdefault((area.parent_path, area.code), []).append(area)
        return villages

    def village_of(self, rownum, row, errs, unit, villages):
        """The row's village under `unit`; None, with the row's error, if none was in force on
        the row's day there, or several were."""
        code = row["village_code"]
        found = villages.get((unit.path, code), [])
        if not found:
            self._error(
                rownum,
                errs,
                "village_code",
                _("No village with the code “{code}” in {unit}.").format(
                    code=code, unit=describe(unit)
                ),
            )
            return None
        village, reason = pick(found, code, self.day(row))
        if village is None:
            self._error(rownum, errs, "village_code", reason)
        return village
