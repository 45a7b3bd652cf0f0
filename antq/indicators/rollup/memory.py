"""What records in hand contribute, evaluated in Python: a created record's own-cell deltas
without reading the record back (contributions.py reads them with a GROUP BY).

An indicator's filter is evaluated against the instance's values the way the database would:
three-valued (a comparison with NULL is unknown, NOT unknown is unknown), with the IS NOT NULL
that Django adds to a negated comparison of a nullable column. The values behind a foreign key
(the leaf's path through `area`, a team's dissolution date) are read in one statement per
foreign key, which on PostgreSQL also locks the related rows FOR KEY SHARE (keep.py says why).

`compile_plan` returns None for a declaration it cannot evaluate (a lookup other than a plain
comparison, a transform, a reverse or many-to-many relation, an expression other than F(), a
field type not listed below), and `created_contributions` returns None for values it cannot
trust to be what the database stores (an expression, a decimal the column would round, a value
of another type than the field's): the caller then reads the contributions from the database.

A count of distinct units by their path (`Indicator.unit_path`) is kept at the record's unit:
the unit's path, an expression over the record, is read for the records just written in one
statement per such indicator (the database evaluates the expression as contributions.py does).
"""

import operator
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import F, Q

from antq.indicators.registry import FLOW
from antq.indicators.rollup.contributions import AFTER_MAX, chunks, raw_key

COMPARE = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "in": lambda value, choices: value in choices,
}
TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "CharField",
    "TextField",
    "SlugField",
    "BooleanField",
    "DateField",
    "DecimalField",
}


class Unsupported(Exception):
    pass


@dataclass(frozen=True)
class Path:
    """A field reached from the record: through `fks` (forward foreign keys), then `field`."""

    fks: tuple
    field: object

    @property
    def remote(self):
        """Its lookup from the first foreign key's model."""
        names = [fk.name for fk in self.fks[1:]] + [self.field.name]
        return "__".join(names)


@dataclass
class Program:
    """How one record type's indicators are evaluated in memory."""

    leaf: Path
    indicators: list  # [(name, indicator, predicate, measure Path or None, date Path, end Path)]
    paths: set = field(default_factory=set)


def _path(model, lookup, lookups_allowed=()):
    """(Path, lookup name) of a lookup string; Unsupported if it is not a plain one."""
    parts = lookup.split("__")
    fks = []
    current = model
    while parts:
        name = parts.pop(0)
        fld = current._meta.pk if name == "pk" else current._meta.get_field(name)
        if fld.is_relation:
            if not (fld.concrete and (fld.many_to_one or fld.one_to_one)):
                raise Unsupported(lookup)
            if parts and parts[0] not in lookups_allowed:  # through it to the related row
                fks.append(fld)
                current = fld.related_model
                continue
            fld = _Column(fld)  # the key itself, compared as its column
        if fld.get_internal_type() not in TYPES:
            raise Unsupported(lookup)
        return Path(tuple(fks), fld), _lookup(parts, lookups_allowed, lookup)
    raise Unsupported(lookup)


@dataclass(frozen=True)
class _Column:
    """A foreign key read as its column (its attname on the record, its name on a related row)."""

    fk: object

    @property
    def name(self):
        return self.fk.name

    @property
    def attname(self):
        return self.fk.attname

    def to_python(self, value):
        return self.fk.target_field.to_python(value)

    def get_internal_type(self):
        return self.fk.target_field.get_internal_type()


def _lookup(parts, allowed, lookup):
    if not parts:
        return "exact"
    if len(parts) == 1 and parts[0] in allowed:
        return parts[0]
    raise Unsupported(lookup)


LOOKUPS = (*COMPARE, "isnull")


def _predicate(model, q, paths, negated=False):
    """A function of the values {Path: value} → True, False or None (unknown), as SQL."""
    negated ^= q.negated
    parts = []
    for child in q.children:
        if isinstance(child, Q):
            parts.append(_predicate(model, child, paths, negated))
            continue
        if not isinstance(child, tuple):
            raise Unsupported(repr(child))
        lookup, value = child
        path, name = _path(model, lookup, LOOKUPS)
        paths.add(path)
        if isinstance(value, F):
            other, other_name = _path(model, value.name)
            paths.add(other)
        elif hasattr(value, "resolve_expression"):
            raise Unsupported(repr(value))
        else:
            other = None
            if isinstance(value, (list, tuple, set, frozenset)):
                value = [getattr(v, "pk", v) for v in value]
            else:
                value = getattr(value, "pk", value)
        if name == "exact" and value is None:
            name, value = "isnull", True
        parts.append(_comparison(path, name, value, other, negated))
    and_ = q.connector == Q.AND
    outer = q.negated

    def evaluate(values):
        results = [part(values) for part in parts]
        if and_:
            out = False if False in results else None if None in results else True
        else:
            out = True if True in results else None if None in results else False
        if outer:
            out = None if out is None else not out
        return out

    return evaluate


def _comparison(path, name, value, other, negated):
    if name == "isnull":
        return lambda values: (values[path] is None) == bool(value)
    compare = COMPARE[name]

    def evaluate(values):
        left = values[path]
        right = values[other] if other is not None else value
        if left is None or right is None:
            # NULL compares as unknown; negated, Django adds "col IS NOT NULL", so it is false
            return False if negated else None
        return compare(left, right)

    return evaluate


def compile_plan(plan, keys):
    """The Program of the plan's indicators in `keys`, or None if one cannot be evaluated
    (kept on the plan)."""
    programs = plan.__dict__.setdefault("_programs", {})
    if keys not in programs:
        try:
            programs[keys] = _compile(plan, keys)
        except (Unsupported, FieldDoesNotExist):
            programs[keys] = None
    return programs[keys]


def _compile(plan, keys):
    model = plan.model
    leaf, _ = _path(model, plan.leaf)
    program = Program(leaf, [], {leaf})
    for ind in plan.indicators:
        if ind.key not in keys:
            continue
        how, fld = ind.measure
        measure = None
        if how == "sum":
            measure, _ = _path(model, fld)
            if getattr(measure.field, "decimal_places", 0):  # SUM, then int(): not per record
                raise Unsupported(fld)
            program.paths.add(measure)
        name = raw_key(ind.key) if how == "count_distinct" else ind.key
        date_path = end_path = None
        if ind.date_field:
            date_path, _ = _path(model, ind.date_field)
            if date_path.field.get_internal_type() != "DateField":
                raise Unsupported(ind.date_field)
            program.paths.add(date_path)
        if ind.end_field and ind.kind != FLOW:
            end_path, _ = _path(model, ind.end_field)
            if end_path.field.get_internal_type() != "DateField":
                raise Unsupported(ind.end_field)
            program.paths.add(end_path)
        predicate = _predicate(model, ind.where, program.paths) if ind.where else None
        program.indicators.append((name, ind, predicate, measure, date_path, end_path))
    return program


def _month(day):
    return day.year * 100 + day.month


def _canonical(fld, value):
    """The value as the column stores it; Unsupported when that cannot be known here."""
    if value is None:
        return None
    if hasattr(value, "resolve_expression"):
        raise Unsupported(repr(value))
    out = fld.to_python(value)
    if isinstance(out, Decimal):  # the column rounds to its places, each database its way
        places = fld.decimal_places
        if out != out.quantize(Decimal(1).scaleb(-places)) or out != value:
            raise Unsupported(repr(value))
        return out
    if out != value or not isinstance(value, type(out)):
        raise Unsupported(repr(value))
    return out


def _related(program, objs):
    """{(first foreign key, its value): {Path: value}} read from the related rows: one statement
    per foreign key and chunk, locking the rows FOR KEY SHARE on PostgreSQL."""
    by_fk = defaultdict(list)
    for path in program.paths:
        if path.fks:
            by_fk[path.fks[0]].append(path)
    return {
        (fk, key): row
        for fk, paths in by_fk.items()
        for key, row in read_related(fk, {getattr(o, fk.attname) for o in objs}, paths).items()
    }


def read_related(fk, values, paths=()):
    """{key value: {Path: value}} of the rows `values` of the model `fk` points to (locked FOR
    KEY SHARE on PostgreSQL in a transaction)."""
    related = fk.related_model
    target = fk.target_field
    remote = [path.remote for path in paths]
    out = {}
    lock = connection.vendor == "postgresql" and connection.in_atomic_block
    for chunk in chunks(v for v in values if v is not None):
        qs = related._base_manager.filter(**{f"{target.name}__in": chunk}).order_by()
        sql, params = qs.values_list(target.name, *remote).query.sql_with_params()
        if lock:
            sql += f" FOR KEY SHARE OF {connection.ops.quote_name(related._meta.db_table)}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for key, *row in cursor.fetchall():
                out[target.to_python(key)] = {
                    path: None if value is None else path.field.to_python(value)
                    for path, value in zip(paths, row, strict=True)
                }
    return out


def created_contributions(plan, keys, objs):
    """{(leaf, key, bucket): value} of the created records `objs` for the plan's indicators in
    `keys`, or None when they must be read from the database."""
    program = compile_plan(plan, frozenset(keys))
    if program is None:
        return None
    try:
        rows = [_own_values(program, obj) for obj in objs]
    except Unsupported:
        return None
    related = _related(program, objs)
    units = _units(plan, program, objs)
    sums = defaultdict(int)
    for obj, own in zip(objs, rows, strict=True):
        values = dict(own)
        for path in program.paths:
            if path.fks:
                key = getattr(obj, path.fks[0].attname)
                row = related.get((path.fks[0], key))
                values[path] = None if row is None else row[path]
        leaf = values[program.leaf]
        if leaf is None:
            return None
        for name, ind, predicate, measure, date_path, end_path in program.indicators:
            if predicate is not None and predicate(values) is not True:
                continue
            if measure is None:
                value = 1
            else:
                value = values[measure]
                if value is None:
                    continue
            at = leaf
            if ind.unit_path:  # kept at the record's unit (contributions.py)
                at = units[ind.key].get(obj.pk)
                if at is None:
                    return None
            for bucket, sign in _buckets(ind, values, date_path, end_path):
                sums[(at, name, bucket)] += sign * value
    out = {cell: int(value) for cell, value in sums.items()}
    return {cell: value for cell, value in out.items() if value}


def _units(plan, program, objs):
    """{key: {pk: the unit's path}} of the records `objs` for the indicators that count distinct
    units by an expression (`Indicator.unit_path`): the expression is the database's, read for
    the records just written in one statement per indicator and chunk."""
    out = {}
    for _name, ind, *_rest in program.indicators:
        if ind.unit_path:
            found = out[ind.key] = {}
            for chunk in chunks(obj.pk for obj in objs):
                rows = plan.model._base_manager.filter(pk__in=chunk).annotate(_u=ind.measure[1])
                found.update(rows.values_list("pk", "_u").order_by())
    return out


def _own_values(program, obj):
    return {
        path: _canonical(path.field, getattr(obj, path.field.attname))
        for path in program.paths
        if not path.fks
    }


def _buckets(ind, values, date_path, end_path):
    """[(bucket, sign)] where a record of `ind` counts: as contributions.py groups it."""
    if date_path is None:
        return [(0, 1)]
    start = values[date_path]
    if ind.kind == FLOW:
        return [] if start is None else [(_month(start), 1)]
    start = 0 if start is None else _month(start)
    if end_path is None or values[end_path] is None:
        return [(start, 1)]
    end = values[end_path]
    end = AFTER_MAX if end == date.max else _month(end + timedelta(days=1))
    if end <= start:  # ends before the month it starts in: never counted
        return []
    return [(start, 1), (end, -1)]
