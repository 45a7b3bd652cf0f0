"""The model's own checks of an imported row, as `full_clean(exclude=…, validate_unique=False,
validate_constraints=False)` gives them, for a fraction of their cost (`full_clean_fields`).

Django's `clean_fields` converts and validates every field of every row (to_python, the
choices, null and blank, each validator), about a third of an import's checking time. Most
cells arrive already of the field's type (the import's parsers made them so) and within its
limits: for those the conversion returns the value unchanged and no check can fail. So each
field is first read by a precompiled test of exactly that (its type, its choices, its known
validators' limits); a value that passes it is one Django's `Field.clean` would return as it
is, without an error. Any other value (empty, of another type, out of a limit, an unknown
validator's refusal) goes through Django's own `Field.clean`, so its error is Django's, word for
word. A model that overrides `clean_fields` or `full_clean` keeps Django's path whole.
"""

import datetime
from functools import cache

from django.core import validators as v
from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import signals
from django.db.models.base import ModelState
from django.db.models.expressions import DatabaseDefault

# the field classes whose to_python returns a value of this type unchanged (their exact
# classes: a subclass may convert or validate otherwise)
_TYPES = {
    models.CharField: str,
    models.TextField: str,
    models.DateField: datetime.date,
    models.DateTimeField: datetime.datetime,
    models.TimeField: datetime.time,
    models.IntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.BooleanField: bool,
    models.FloatField: float,
}


def _limit_test(validator):
    """A test that is true only when `validator` would accept the value, for the validators
    whose rule is a fixed limit; None for any other (it is then called)."""
    kind = type(validator)
    limit = getattr(validator, "limit_value", None)
    if callable(limit):
        return None
    if kind is v.MaxLengthValidator:
        return lambda value: len(value) <= limit
    if kind is v.MinLengthValidator:
        return lambda value: len(value) >= limit
    if kind is v.MaxValueValidator:
        return lambda value: value <= limit
    if kind is v.MinValueValidator:
        return lambda value: value >= limit
    if kind is v.ProhibitNullCharactersValidator:
        return lambda value: "\x00" not in value
    return None


def _called(validator):
    def test(value):
        try:
            validator(value)
        except ValidationError:
            return False
        return True

    return test


def _choice_keys(field):
    keys = set()
    for key, label in field.choices:
        if isinstance(label, (list, tuple)):
            keys.update(k for k, _label in label)
        else:
            keys.add(key)
    return keys


def _fast_test(field):
    """callable(value) → True when Django's `field.clean(value)` returns `value` unchanged and
    raises nothing; None when the field always takes Django's path."""
    kind = _TYPES.get(type(field))
    if kind is None:
        return None
    choices = None
    if field.editable and field.choices is not None:
        try:
            choices = frozenset(_choice_keys(field))
        except TypeError:  # an unhashable choice key
            return None
    tests = [_limit_test(validator) or _called(validator) for validator in field.validators]
    # of these types, only "" is among the field's empty values (None, "", [], (), {})
    assert all(e.__class__ is not kind or e == "" for e in field.empty_values)
    text = kind is str

    def test(value):
        # the exact type (a datetime is a date Django converts), not empty (empty values have
        # their own rules: Django's path)
        if type(value) is not kind:
            # a member of Django's text choices (a default such as TeamRole.MEMBER) is a str
            # that Django's to_python returns unchanged and checks as its text: its value is
            # tested (an enum member's hash is not its value's)
            if not (text and isinstance(value, models.Choices) and type(value._value_) is str):
                return False
            value = value._value_
        if text and not value:
            return False
        if choices is not None and value not in choices:
            return False
        for limit in tests:
            if not limit(value):
                return False
        return True

    return test


@cache
def _tests(model):
    return {f.name: _fast_test(f) for f in model._meta.fields if not f.generated}


def _only_type(field):
    """The type a value of `field` need only be of exactly for its fast test to pass (no
    choices, no validator, not a text, whose emptiness counts), else None: the test is then
    made inline, without a call."""
    kind = _TYPES.get(type(field))
    if kind is None or kind is str or field.validators:
        return None
    if field.editable and field.choices is not None:
        return None
    return kind


@cache
def _plan(model, exclude):
    """[(field, name, attname, fast test or None, type or None)] for the model's fields
    checked when `exclude` (a frozenset of names) are not."""
    tests = _tests(model)
    return [
        (f, f.name, f.attname, tests[f.name], _only_type(f) if tests[f.name] else None)
        for f in model._meta.fields
        if not f.generated and f.name not in exclude
    ]


def _overridden(model):
    return (
        model.clean_fields is not models.Model.clean_fields
        or model.full_clean is not models.Model.full_clean
    )


def full_clean_fields(instance, exclude):
    """What `instance.full_clean(exclude=exclude, validate_unique=False,
    validate_constraints=False)` does: the fields' checks, then the model's `clean()`; raises
    the same ValidationError."""
    model = type(instance)
    if _overridden(model):
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        return
    errors = {}
    values = instance.__dict__
    for field, name, attname, test, only_type in _plan(model, frozenset(exclude)):
        raw = values[attname] if attname in values else getattr(instance, attname)
        if type(raw) is only_type or (test is not None and test(raw)):
            continue
        # Django's clean_fields, for this field
        if field.blank and raw in field.empty_values:
            continue
        if isinstance(raw, DatabaseDefault):
            continue
        try:
            setattr(instance, attname, field.clean(raw, instance))
        except ValidationError as exc:
            errors[name] = exc.error_list
    if errors:
        errors = ValidationError(errors).update_error_dict({})
    try:
        instance.clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


# --- building --------------------------------------------------------------------------

_CONSTANT = (str, int, float, bool, type(None), datetime.date, datetime.time)


@cache
def _shape(model):
    """What `model(**values)` sets besides `values`: {attname: default} for the defaults that
    are the same value every time, [(name, attname, field)] for those computed each time, the
    fields' names and attnames, and those with the model's properties (set after the fields,
    as Django does)."""
    constant, computed, names, plain = {}, [], set(), set()
    for field in model._meta.concrete_fields:
        if field.generated:
            continue
        names.update((field.name, field.attname))
        # a field whose class attribute sets nothing itself (no relation's descriptor): its
        # value is written where setattr would write it
        if not hasattr(getattr(model, field.attname, None), "__set__"):
            plain.add(field.attname)
        default = field.default if field.has_default() else None
        if field.has_db_default() or callable(default) or not isinstance(default, _CONSTANT):
            computed.append((field.name, field.attname, field))
        else:
            constant[field.attname] = field.get_default()
    allowed = frozenset(names | model._meta._property_names)
    # the many-to-one relations given by their related record: {name: (field, related model,
    # [(attname, related record's attname)])}
    relations = {
        f.name: (f, f.remote_field.model._meta.concrete_model, f.related_fields)
        for f in model._meta.concrete_fields
        if f.many_to_one and not f.one_to_one and not f.generated
    }
    return constant, computed, frozenset(names), allowed, frozenset(plain), relations


def _relate(instance, relations, name, value):
    """`setattr(instance, name, value)` for a many-to-one relation of a new instance, as the
    relation's descriptor does it when no database router is configured (the instance takes
    the related record's database, the key its key, the cache the record); the descriptor
    itself in any other case (a router, no record, a record of another class, one not read
    from a database)."""
    field, related, pairs = relations[name]
    state = instance._state
    if (
        router.routers
        or value is None
        or type(value) is not related
        or value._state.db is None
        or state.db not in (None, value._state.db)
    ):
        setattr(instance, name, value)
        return
    state.db = value._state.db
    fields = instance.__dict__
    for own, theirs in pairs:
        fields[own.attname] = getattr(value, theirs.attname)
    state.fields_cache[field.cache_name] = value


def relate(instance, name, value):
    """`setattr(instance, name, value)` for a many-to-one relation `name` of a new instance
    (an import's records tied to the records just written), as `build` sets it."""
    relations = _shape(type(instance))[5]
    if name in relations:
        _relate(instance, relations, name, value)
    else:
        setattr(instance, name, value)


def build(model, **values):
    """An unsaved `model(**values)`, for an import's many rows: the instance Django's
    constructor makes (the defaults, then each value set as the constructor sets it: a
    relation through its descriptor, properties last), without walking every field of every
    row. A model with init signals, or a name that is not a field or a property of the model,
    takes Django's constructor itself."""
    constant, computed, names, allowed, plain, relations = _shape(model)
    if (
        signals.pre_init.has_listeners(model)
        or signals.post_init.has_listeners(model)
        or not allowed.issuperset(values)
    ):
        return model(**values)
    instance = model.__new__(model)
    instance._state = ModelState()
    fields = instance.__dict__
    fields.update(constant)
    for name, attname, field in computed:
        # as Django's constructor, a default is computed only for a field not given
        if name not in values and attname not in values:
            fields[attname] = field.get_default()
    later = []
    for name, value in values.items():
        if name in plain:
            fields[name] = value
        elif name in relations:
            _relate(instance, relations, name, value)
        elif name in names:
            setattr(instance, name, value)
        else:
            later.append((name, value))
    for name, value in later:
        setattr(instance, name, value)
    return instance
