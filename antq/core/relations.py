"""Relations from a scoped record to other scoped records. A foreign key (a camera site's owner,
a team's model) must name a record the acting user may see: :func:`check_visible` for services,
:func:`load_visible` for the API. Many-to-many links (an activity's organising organisations, an
agreement's parties) are checked the same way, written after the record, reported in its
history, and shown only where the reader may see them.

simple-history does not track these links here (its m2m snapshots would not survive bulk
imports, and the shared history view shows plain fields); instead a change of links is written
into the change reason of the history entry that goes with it.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from antq.core.copying import bulk_insert
from antq.core.imports import CellError
from antq.core.scoping import Action, can_record
from antq.core.services import (
    bulk_save_with_history,
    require_area_right,
    save_with_history,
    scoped_update,
)


def _pk(value):
    """A primary key from an instance or from user input; None when it is not one."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def check_visible(user, field, record, *, message=None):
    """A foreign key must name a record `user` may see: else it does not exist for them, and
    `field` gets `message` (by default "Choose a record in your jurisdiction.")."""
    if record is not None and not can_record(user, Action.VIEW, record):
        raise ValidationError({field: message or _("Choose a record in your jurisdiction.")})


def check_visible_fields(user, values, fields, *, instance=None, message=None):
    """check_visible for each of `fields` in `values`: a new record's fields, or the changes to
    `instance` (only those that name another record than it has now)."""
    for field in fields:
        if field in values and (instance is None or values[field] != getattr(instance, field)):
            check_visible(user, field, values[field], message=message)


def load_visible(user, model, pk):
    """The record of `model` with id `pk` if `user` may see it, else None; a model that is not
    scoped (a catalogue) is read as it is."""
    manager = model._default_manager
    queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
    return queryset.filter(pk=pk).first()


def resolve_visible(user, model, field, values, *, action=Action.VIEW):
    """The records named by `values` (instances or ids), in the order given and without
    repeats, if `user` may see every one of them; otherwise a field error on `field` naming
    the ids that do not exist for the user (outside the jurisdiction or not at all)."""
    values = list(values or ())
    ids = []
    for value in values:
        pk = _pk(value)
        if pk is None:
            raise ValidationError({field: _("“{value}” is not a record id.").format(value=value)})
        ids.append(pk)
    ids = list(dict.fromkeys(ids))
    found = model.objects.visible_to(user, action).in_bulk(ids) if ids else {}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {
                field: _("No record {ids} in your jurisdiction.").format(ids=", ".join(missing))
                if len(missing) == 1
                else _("No records {ids} in your jurisdiction.").format(ids=", ".join(missing))
            }
        )
    return [found[pk] for pk in ids]


def link_changes(instance, field, records):
    """(added, removed) between the links `instance` has now and `records`."""
    if instance.pk is None:
        return list(records), []
    current = {obj.pk: obj for obj in getattr(instance, field).all()}
    wanted = {obj.pk: obj for obj in records}
    added = [obj for pk, obj in wanted.items() if pk not in current]
    removed = [obj for pk, obj in current.items() if pk not in wanted]
    return added, removed


def describe_changes(label, added, removed):
    """A line for the history's reason: "Organisers: + A, B; − C" (empty when nothing moved)."""
    parts = []
    if added:
        parts.append("+ " + ", ".join(str(o) for o in added))
    if removed:
        parts.append("− " + ", ".join(str(o) for o in removed))
    return "{label}: {changes}".format(label=label, changes="; ".join(parts)) if parts else ""


def join_reasons(*reasons):
    return " · ".join(r for r in reasons if r)


def visible_links(user, instance, field):
    """(the linked records the reader may see, how many others are hidden from them)."""
    linked = list(getattr(instance, field).all())
    if not linked:
        return [], 0
    model = linked[0]._meta.model
    seen = set(
        model.objects.visible_to(user)
        .filter(pk__in=[o.pk for o in linked])
        .values_list("pk", flat=True)
    )
    shown = [o for o in linked if o.pk in seen]
    return shown, len(linked) - len(shown)


def create_with_links(model, *, acting_user, area, links, **fields):
    """Create a scoped record in an area the user may change, then its many-to-many links
    ({field: [records]}, already checked); the first history entry names the links."""
    require_area_right(acting_user, Action.CHANGE, area)
    instance = model(
        area=area, **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    )
    reason = join_reasons(
        *(
            describe_changes(model._meta.get_field(name).verbose_name, records, [])
            for name, records in links.items()
        )
    )
    save_with_history(instance, acting_user=acting_user, reason=reason)
    for name, records in links.items():
        getattr(instance, name).set(records)
    return instance


def update_with_links(instance, *, acting_user, allowed, links, reason="", **changes):
    """Change fields and links of a record (scoped_update's rules); one history entry, whose
    reason lists the links added and removed."""
    lines = [
        describe_changes(
            instance._meta.get_field(name).verbose_name, *link_changes(instance, name, records)
        )
        for name, records in links.items()
    ]
    record = scoped_update(
        instance,
        acting_user=acting_user,
        allowed=allowed,
        reason=join_reasons(reason, *lines),
        **changes,
    )
    for name, records in links.items():
        getattr(record, name).set(records)
    return record


def bulk_create_with_links(model, records, *, acting_user, reason):
    """Insert new scoped records in bulk (bulk_save_with_history), then the many-to-many links
    each carries in `_pending_links` ({m2m field name: [records]}, read through the user's
    jurisdiction by the caller): one insert per link table."""
    links = [getattr(record, "_pending_links", None) or {} for record in records]
    created = bulk_save_with_history(model, records, acting_user=acting_user, reason=reason)
    rows = defaultdict(list)
    for record, named in zip(created, links, strict=True):
        for name, targets in named.items():
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            rows[through].extend(
                through(**{f"{source}_id": record.pk, f"{target}_id": other.pk})
                for other in targets
            )
    for through, objs in rows.items():
        bulk_insert(through, objs)
    return created


def parse_id_list(value):
    """An import cell naming several records by id: "12; 15, 18" → [12, 15, 18]."""
    text = "" if value is None else str(value)
    ids = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if part.endswith(".0"):  # a spreadsheet wrote a number as a float
            part = part[:-2]
        pk = _pk(part)
        if pk is None:
            raise CellError(_("“{value}” is not a record id.").format(value=part))
        ids.append(pk)
    return list(dict.fromkeys(ids))


def visible_by_ids(model, user, rows, key):
    """{id: record} for every id that the rows' `key` lists, among records the user may see
    (one query for the whole file)."""
    ids = {pk for row in rows for pk in (row.get(key) or ())}
    return model.objects.visible_to(user).in_bulk(ids) if ids else {}


def pick_all(found, ids, column):
    """The records a row names, or a cell error on `column` naming the ids the user cannot see."""
    missing = [str(pk) for pk in ids or () if pk not in found]
    if missing:
        raise CellError(
            _("No record {ids} in your jurisdiction.").format(ids=", ".join(missing))
            if len(missing) == 1
            else _("No records {ids} in your jurisdiction.").format(ids=", ".join(missing)),
            column=column,
        )
    return [found[pk] for pk in ids or ()]
