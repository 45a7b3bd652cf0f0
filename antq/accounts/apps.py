from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "antq.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save, pre_save

        from antq.accounts import receivers
        from antq.accounts.models import User

        pre_save.connect(receivers.note_password_change, sender=User, dispatch_uid="antq-pw")
        post_save.connect(
            receivers.revoke_tokens_on_password_change, sender=User, dispatch_uid="antq-pw"
        )
        user_logged_in.connect(
            receivers.remember_administration, dispatch_uid="antq-remember-administration"
        )
        user_logged_in.connect(
            receivers.remember_second_factor, dispatch_uid="antq-remember-second-factor"
        )
