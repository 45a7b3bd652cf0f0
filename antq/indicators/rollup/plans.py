"""What each record type's indicators depend on: the record types the rollup keeps (`plans`),
and the related records whose changes move their figures (`dependencies`)."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q

from antq.indicators.registry import REGISTRY


def _lookups(q):
    """Every lookup a Q object uses, including the fields its F() values name."""
    for child in q.children:
        if isinstance(child, Q):
            yield from _lookups(child)
        else:
            lookup, value = child
            yield lookup
            if isinstance(value, F):
                yield value.name


@dataclass
class Plan:
    """How the indicators of one record type are kept."""

    model: type
    leaf: str  # the lookup of the leaf area's path from a record: "path", "area__path", …
    indicators: list = field(default_factory=list)
    fields: set = field(default_factory=set)  # the model's own fields that matter

    @property
    def keys(self):
        return [ind.key for ind in self.indicators]


@dataclass
class Dependency:
    """The records of `plan` whose figures depend on a related model through `rel`."""

    plan: Plan
    rel: str
    fields: set  # the related model's fields that matter; empty: only its deletion does


def supported(ind):
    how, fld = ind.measure
    if how in ("count", "sum"):
        return True
    # distinct areas, where the area is the record's own: 1 per leaf that has a record; or
    # distinct units by their path (`unit_path`): 1 per unit, kept at the unit
    return how == "count_distinct" and (ind.unit_path or ind.path == f"{fld}__path")


def measure_lookups(ind):
    """The lookups the indicator's measure reads: its field, or those an expression names."""
    fld = ind.measure[1]
    if isinstance(fld, str):
        return [] if fld == "pk" else [fld]
    out = []
    for node in fld.flatten():
        if isinstance(node, Q):
            out += _lookups(node)
        elif isinstance(node, F):
            out.append(node.name)
    return out


@cache
def plans():
    """{model: Plan} for every record type with rollup-kept indicators."""
    out = {}
    for ind in REGISTRY.values():
        if not supported(ind):
            continue
        model = ind.resolve_model()
        plan = out.setdefault(model, Plan(model, ind.path))
        if plan.leaf != ind.path:
            raise ValueError(f"{ind.key}: one record type, one area path ({plan.leaf})")
        plan.indicators.append(ind)
    return out


@cache
def dependencies():
    """{related model: [Dependency]} — whose figures change when a related record does."""
    found = defaultdict(dict)
    for model, plan in plans().items():
        for ind in plan.indicators:
            lookups = [*_lookups(ind.where), ind.path, ind.date_field, ind.end_field]
            lookups += measure_lookups(ind)
            for lookup in filter(None, lookups):
                parts = lookup.split("__")
                if parts[0] == "pk":
                    continue
                first = model._meta.get_field(parts[0])
                plan.fields.add(first.name)
                if not first.is_relation or first.related_model is model and len(parts) == 1:
                    continue
                related = first.related_model
                dep = found[related].setdefault(
                    (model, parts[0]), Dependency(plan, parts[0], set())
                )
                if len(parts) > 1:
                    try:
                        dep.fields.add(related._meta.get_field(parts[1]).name)
                    except FieldDoesNotExist:  # a lookup (isnull, in …) on the key itself
                        pass
    return {related: list(deps.values()) for related, deps in found.items()}


def counted_models():
    """Every model whose writes the rollup must see: the record types it keeps and those their
    figures depend on."""
    return set(plans()) | set(dependencies())


def watched_fields(model):
    fields = set()
    plan = plans().get(model)
    if plan:
        fields |= plan.fields
    for dep in dependencies().get(model, []):
        fields |= dep.fields
    return fields


def targets(model, changed_fields=None):
    """[(plan, relation from the plan's records to `model`)] whose figures a change of
    `changed_fields` of `model` records (None: any change, as a deletion) can move."""
    out = []
    plan = plans().get(model)
    if plan and (changed_fields is None or changed_fields & plan.fields):
        out.append((plan, "pk"))
    for dep in dependencies().get(model, []):
        if dep.plan.model is model and dep.rel == "pk":
            continue
        if changed_fields is None or changed_fields & dep.fields:
            out.append((dep.plan, dep.rel))
    return out
