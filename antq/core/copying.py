"""Bulk inserts by COPY (PostgreSQL): the records of a bulk service and their first history
rows, as `bulk_create_with_history` writes them, without building an INSERT of thousands of
parameters (whose rendering and parsing cost more than the insert itself).

Ids come first, from the table's own sequence (one `nextval` statement for all the records),
so that the records, their history rows and their links can be written in one pass each. Values
go to the driver as they are where Django's field would send them unchanged (numbers, text,
dates, booleans, foreign keys); any other field goes through its `get_db_prep_save`. Models with
fields this does not know how to write (many-table inheritance, a history with extra fields)
keep Django's bulk insert (`can_copy`).
"""

from functools import cache
from operator import attrgetter

from django.db import connection, models
from django.utils import timezone

# field classes whose Python value the driver adapts exactly as Django would prepare it
_AS_IS = {
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
    models.CharField,
    models.TextField,
    models.SlugField,
    models.EmailField,
    models.URLField,
    models.DateField,
    models.BooleanField,
    models.FloatField,
    models.DecimalField,
    models.ForeignKey,
    models.OneToOneField,
}
# what a record may carry to give its own history row another date, reason or user
_HISTORY_OVERRIDES = {"_history_date", "_change_reason", "_history_user"}
_HISTORY_OWN = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


_NOTHING = object()


def _row_maker(fields):
    """callable(record) → its columns' values for the driver, in the order of `fields`: one
    C-level attribute fetch for the row, then Django's preparation for the fields that need it."""
    fetch = attrgetter(*[f.attname for f in fields])
    single = len(fields) == 1
    prepare = [(i, f) for i, f in enumerate(fields) if type(f) not in _AS_IS]

    # the last value each prepared field was given, and its preparation: the automatic dates
    # of a bulk insert are one object for all its records, prepared once
    last = [(_NOTHING, None)] * len(prepare)

    def make(obj):
        row = [fetch(obj)] if single else list(fetch(obj))
        for j, (i, field) in enumerate(prepare):
            value = row[i]
            seen, prepared = last[j]
            if value is not seen:
                prepared = field.get_db_prep_save(value, connection)
                last[j] = (value, prepared)
            row[i] = prepared
        return row

    return make


@cache
def _plain(model):
    """No inherited table, and no file field (its pre_save stores the file)."""
    meta = model._meta
    return (
        not meta.parents
        and isinstance(meta.pk, models.AutoField)
        and not any(isinstance(f, models.FileField) for f in meta.concrete_fields)
    )


@cache
def can_copy(model):
    """Whether `model` and its history are plain enough to write by COPY."""
    if not _plain(model):
        return False
    history = getattr(model, "history", None)
    if history is None:
        return False
    tracked = {f.attname for f in history.model.tracked_fields}
    own = {f.name for f in history.model._meta.concrete_fields} - _HISTORY_OWN
    return own <= {f.name for f in history.model.tracked_fields} and tracked <= {
        f.attname for f in model._meta.concrete_fields
    }


def next_ids(model, n):
    """`n` new ids from the table's identity sequence."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(nextval(pg_get_serial_sequence(%s, %s))) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), pk, n],
        )
        return sorted(cursor.fetchone()[0])


def copy_into(table, columns, rows):
    """COPY `rows` (tuples in the order of `columns`, column names) into `table` (PostgreSQL)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def copy_rows(model, fields, rows):
    """COPY `rows` (tuples in the order of `fields`) into the model's table."""
    copy_into(model._meta.db_table, [f.column for f in fields], rows)


def copy_insert(model, records):
    """Insert new `records` (pk None) by COPY, setting their ids and automatic dates, as
    bulk_create would; returns them."""
    if not records:
        return records
    fields = list(model._meta.concrete_fields)
    alias, pk_name = connection.alias, model._meta.pk.attname
    for obj, pk in zip(records, next_ids(model, len(records)), strict=True):
        setattr(obj, pk_name, pk)
        obj._state.adding = False
        obj._state.db = alias
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in records:
                setattr(obj, field.attname, now)
    make = _row_maker(fields)
    copy_rows(model, fields, (make(obj) for obj in records))
    return records


def copy_with_history(model, records, *, user, reason):
    """`copy_insert` of the records, then one history row each ("+", by `user`, for `reason`),
    as simple_history's bulk_create_with_history writes them. When every record takes the
    same history date, reason and user (an import's), the history rows are copied from the
    records just written inside the database (one INSERT … SELECT by their ids), not built and
    sent again from Python."""
    copy_insert(model, records)
    history = model.history.model
    tracked = list(history.tracked_fields)
    by_name = {f.name: f for f in history._meta.concrete_fields}
    own = [by_name[n] for n in ("history_date", "history_change_reason", "history_type")]
    own.append(by_name["history_user"])
    now, user_id = timezone.now(), getattr(user, "pk", None)
    if not any(_HISTORY_OVERRIDES & obj.__dict__.keys() for obj in records):
        quote = connection.ops.quote_name
        source = [quote(model._meta.get_field(f.name).column) for f in tracked]
        target = [quote(by_name[f.name].column) for f in [*tracked, *own]]
        pk = quote(model._meta.pk.column)
        date_field = by_name["history_date"]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(target)}) "
                f"SELECT {', '.join(source)}, %s, %s, '+', %s "
                f"FROM {quote(model._meta.db_table)} WHERE {pk} = ANY(%s) ORDER BY {pk}",
                [
                    date_field.get_db_prep_save(now, connection),
                    reason,
                    user_id,
                    [obj.pk for obj in records],
                ],
            )
        return records
    make = _row_maker([model._meta.get_field(f.name) for f in tracked])
    copy_rows(
        history,
        [*[by_name[f.name] for f in tracked], *own],
        (
            (
                *make(obj),
                getattr(obj, "_history_date", now),
                getattr(obj, "_change_reason", None) or reason,
                "+",
                getattr(getattr(obj, "_history_user", None), "pk", user_id),
            )
            for obj in records
        ),
    )
    return records


def bulk_insert(model, records, batch_size=2000):
    """`model.objects.bulk_create(records)`, by COPY where it can (PostgreSQL, a plain model:
    no inherited table, no file field)."""
    if connection.vendor == "postgresql" and _plain(model):
        return copy_insert(model, records)
    return model.objects.bulk_create(records, batch_size=batch_size)
