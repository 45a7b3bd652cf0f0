from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "antq.inbox"
    label = "inbox"
    verbose_name = _("Inbox")

    def ready(self):
        # every app declares the work it gives its users in its own inbox.py
        autodiscover_modules("inbox")
