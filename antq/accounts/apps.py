from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "antq.accounts"
    label = "accounts"
