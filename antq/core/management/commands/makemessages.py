"""`makemessages` that also extracts antq's counted phrases.

`counted(singular, plural, n, fmt)` in antq.indicators.wording is ngettext with a number
format: xgettext must be told it takes a singular and a plural (Django's command has no option
for extra keywords, so they are added here).
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=counted:1,2"]
