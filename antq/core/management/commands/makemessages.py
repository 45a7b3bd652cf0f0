"""`makemessages` that also extracts antq's counted phrases.

`counted(singular, plural, n, fmt)` in antq.indicators.wording is ngettext with a number
format: xgettext must be told it takes a singular and a plural; and `_lazy` is gettext_lazy where
a module also needs gettext as `_` (Django's command has no option for extra keywords, so they
are added here; core/tests/test_i18n.py checks that every alias of gettext is one of them).
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=counted:1,2",
        "--keyword=_lazy",
    ]
