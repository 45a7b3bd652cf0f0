from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "antq.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        # Sign-ins, failures and lockouts happen inside Django's and django-axes's code: their
        # signals are the only place to see them. Every other event is recorded by the code
        # that does it, through antq.audit.services.record.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from antq.audit import receivers

        user_logged_in.connect(receivers.on_signed_in, dispatch_uid="antq-audit-signed-in")
        user_login_failed.connect(receivers.on_sign_in_failed, dispatch_uid="antq-audit-failed")
        user_locked_out.connect(receivers.on_locked_out, dispatch_uid="antq-audit-locked-out")
