"""An entry's detail is stored as neutral data (a code, names, a format) and worded only when it is
shown, in the reader's language: an entry written by a Vietnamese-speaking officer reads in Arabic
for an Arabic-speaking administrator. Entries whose detail is plain text are shown as written."""

import json

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_VALUE = 100

# what an export or download held, for those that are not one record type's list
EXPORTED = {
    "areas": gettext_lazy("areas"),
    "award_list": gettext_lazy("award list"),
    "team_members": gettext_lazy("team members"),
    "weak_units": gettext_lazy("units classified weak"),
    "period_report": gettext_lazy("period report"),
    "activity_attachment": gettext_lazy("activity file"),
    "assessment_attachment": gettext_lazy("assessment file"),
}

LABELS = {
    "created": gettext_lazy("created"),
    "deleted": gettext_lazy("deleted"),
    "password_set": gettext_lazy("password set by an administrator"),
    "password_changed": gettext_lazy("password changed"),
    "may_read_identities": gettext_lazy("may read reporters' identities"),
    "activated": gettext_lazy("account reactivated"),
    "deactivated": gettext_lazy("account deactivated"),
    "password_link": gettext_lazy("one-time password link issued"),
    "otp_enrolled": gettext_lazy("second factor set up"),
    "otp_reset": gettext_lazy("second factor removed by an administrator"),
    "recovery_code": gettext_lazy("recovery code issued from the command line"),
    "second_factor_required": gettext_lazy("API tokens ended: a new role requires a second factor"),
}


def encode(code: str, **data) -> str:
    """The stored form of a detail; its values are names and codes, never translated text."""
    values = {
        key: value[:MAX_VALUE] if isinstance(value, str) else value for key, value in data.items()
    }
    return json.dumps({"code": code, **values}, ensure_ascii=False, separators=(",", ":"))


def exported(model_or_slug) -> str:
    """The neutral name of what was exported: a model's label, or a key of EXPORTED."""
    meta = getattr(model_or_slug, "_meta", None)
    return meta.label_lower if meta is not None else str(model_or_slug)


def _what(name: str) -> str:
    if name in EXPORTED:
        return str(EXPORTED[name])
    try:
        return str(apps.get_model(name)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return name


def render(detail: str) -> str:
    """The detail in the active language."""
    try:
        data = json.loads(detail) if detail.startswith("{") else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or "code" not in data:
        return detail
    code = data["code"]
    if code == "may_read_identities" and data.get("reason"):
        return "{}: {}".format(LABELS[code], data["reason"])
    if code == "password_link" and data.get("emailed"):
        return "{} ({})".format(LABELS[code], _("e-mailed"))
    if code in LABELS:
        return str(LABELS[code])
    if code == "export":
        return "{what} ({fmt})".format(
            what=_what(str(data.get("what", ""))), fmt=str(data.get("format", "")).upper()
        )
    if code == "changed":
        return _("changed: {fields}").format(fields=data.get("fields", ""))
    if code == "token":
        if data.get("replaced"):
            return _("client “{client}”, replacing its previous token").format(
                client=data.get("client", "")
            )
        return _("client “{client}”").format(client=data.get("client", ""))
    if code == "unlock":
        text = str(data.get("key", ""))
        if data.get("command_line"):
            text = "{} · {}".format(text, _("from the command line"))
        return text
    return detail
