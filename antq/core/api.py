"""What every API router shares: authentication, JSON errors with field and reason, paging,
choice fields as enums, and FilterSets applied to query parameters."""

import re
from datetime import date
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from antq.accounts.services import token_user
from antq.core.services import RecordInUse, still_used_by

MAX_PAGE_SIZE = 500


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


AUTH = [BearerAuth(), django_auth]


def choice_of(choices, *, blank=False):
    """A model's choice field as the API declares it: an enum of the stored values (OpenAPI
    `enum`, checked before the service runs), with "" where the field may be left empty."""
    return Literal[tuple(choices.values) + (("",) if blank else ())]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value):
    # pydantic also reads a number (or a string of digits) as seconds since 1970: `to=0`
    # would be 1 January 1970, not the mistake it is
    if isinstance(value, bool | int | float) or (
        isinstance(value, str) and not _ISO_DATE.fullmatch(value)
    ):
        raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A date the API accepts: YYYY-MM-DD only."""


class CatalogueEntryOut(Schema):
    """An entry of a catalogue administrators keep (model categories, tip categories …), named
    in the language of the request; entries not in use are refused for new records."""

    id: int
    code: str
    name: str = Field(alias="label")
    is_active: bool


class ChoiceOut(Schema):
    """A value a choice field accepts, with its name in the language of the request."""

    code: str
    name: str


class ChangedByOut(Schema):
    """Who made a change: their user name, and their rank, name and position as the pages name
    them (`changed_by` the user on the record)."""

    changed_by: str | None = Field(None, description="the user name of whoever made the change")
    changed_by_name: str | None = Field(
        None, description="their rank, full name and position, as the pages name them"
    )

    @staticmethod
    def resolve_changed_by(obj):
        return obj.changed_by.get_username() if obj.changed_by else None

    @staticmethod
    def resolve_changed_by_name(obj):
        return obj.changed_by.person_label if obj.changed_by else None


def choices_out(choices):
    """A choice field's values (an IntegerChoices/TextChoices class) as ChoiceOut rows."""
    return [{"code": value, "name": str(label)} for value, label in choices.choices]


class FieldError(Schema):
    field: str | None
    reason: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


def _pydantic_reason(err):
    """pydantic speaks English only; the errors users meet most are said in their language."""
    kind = err.get("type", "")
    reasons = {
        "missing": _("This field is required."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "float_parsing": _("Enter a number."),
        "bool_parsing": _("Enter true or false."),
        "date_from_datetime_parsing": _("Enter a valid date (YYYY-MM-DD)."),
        "date_parsing": _("Enter a valid date (YYYY-MM-DD)."),
        "date_from_datetime_inexact": _("Enter a valid date (YYYY-MM-DD)."),
        "string_too_long": _("This value is too long."),
        "string_type": _("Enter text."),
        "json_invalid": _("The request body is not valid JSON."),
        "model_attributes_type": _("The request body must be a JSON object."),
        "enum": _("Select a valid choice."),
        "literal_error": _("Select a valid choice."),
        "greater_than_equal": _("This value is too small."),
        "less_than_equal": _("This value is too large."),
    }
    return str(reasons.get(kind, err.get("msg", _("Invalid value."))))


def _field_from_loc(loc):
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "payload")]
    # ninja nests a body under the parameter name; drop that wrapper for the user
    return (
        ".".join(parts[1:] if len(parts) > 1 and parts[0] in ("data", "filters") else parts) or None
    )


def is_api_request(request) -> bool:
    """Is `request` for the API (under /api/), whose answers are all JSON?"""
    return request.path_info.startswith("/api/")


def error_body(detail, errors=()):
    return {"detail": str(detail), "errors": [{"field": f, "reason": str(r)} for f, r in errors]}


def django_errors(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return [
            (None if f == "__all__" else f, m) for f, msgs in exc.message_dict.items() for m in msgs
        ]
    return [(None, m) for m in exc.messages]


def install_error_handlers(api):
    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request, exc):
        errors = [(_field_from_loc(e.get("loc", ())), _pydantic_reason(e)) for e in exc.errors]
        return api.create_response(request, error_body(_("Invalid input."), errors), status=422)

    @api.exception_handler(DjangoValidationError)
    def on_validation_error(request, exc):
        return api.create_response(
            request, error_body(_("Invalid input."), django_errors(exc)), status=422
        )

    @api.exception_handler(RecordInUse)
    def on_record_in_use(request, exc):
        body = error_body(_("This record cannot be deleted."), django_errors(exc))
        return api.create_response(request, body, status=422)

    @api.exception_handler(ProtectedError)
    @api.exception_handler(RestrictedError)
    def on_protected(request, exc):
        return on_record_in_use(request, still_used_by(exc))

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request, exc):
        return api.create_response(request, error_body(_("Authentication required.")), status=401)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return api.create_response(request, error_body(str(exc) or _("Not allowed.")), status=403)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return api.create_response(request, error_body(_("Not found.")), status=404)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        if exc.status_code == 400:  # ninja's only 400: a body it cannot parse
            errors = [("body", _("The request body is not valid JSON."))]
            return api.create_response(request, error_body(_("Invalid input."), errors), status=422)
        return api.create_response(request, error_body(exc.message), status=exc.status_code)


def filtered(filterset_class, request, queryset):
    """Apply a FilterSet to the query string; bad filter values are a 422 naming the field."""
    fs = filterset_class(request.GET, queryset=queryset, request=request)
    if not fs.is_valid():
        raise DjangoValidationError({f: [str(m) for m in msgs] for f, msgs in fs.errors.items()})
    return fs.qs


def page_of(queryset, request):
    """A page of results: {count, page, page_size, items}; ?page=&page_size= (≤ 500)."""
    errors = {}
    values = {}
    for name, default in (("page", 1), ("page_size", 50)):
        raw = request.GET.get(name, default)
        try:
            values[name] = int(raw)
            if values[name] < 1:
                raise ValueError
        except (TypeError, ValueError):
            errors[name] = [_("Enter a whole number of at least 1.")]
    if not errors and values["page_size"] > MAX_PAGE_SIZE:
        errors["page_size"] = [_("At most {n}.").format(n=MAX_PAGE_SIZE)]
    if errors:
        raise DjangoValidationError(errors)
    page, size = values["page"], values["page_size"]
    count = queryset.count()
    offset = (page - 1) * size
    items = list(queryset[offset : offset + size]) if offset < count else []
    return {
        "count": count,
        "page": page,
        "page_size": size,
        "items": items,
    }


__all__ = [
    "AUTH",
    "CatalogueEntryOut",
    "ChoiceOut",
    "ErrorOut",
    "IsoDate",
    "choice_of",
    "choices_out",
    "filtered",
    "install_error_handlers",
    "page_of",
    "django_auth",
]
