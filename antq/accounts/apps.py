from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "antq.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(remember_administration, dispatch_uid="antq-remember-administration")


def remember_administration(sender, request, user, **kwargs):
    """Whether the account administers any area, kept in the session at sign-in so that the menu
    can offer the administrators' pages without a query on every page (the pages check again)."""
    from antq.accounts.selectors import may_unlock

    if request is not None and hasattr(request, "session"):
        request.session["antq_administers"] = may_unlock(user)
