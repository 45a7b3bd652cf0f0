"""The channels a message travels by beyond the in-app list, behind one interface: a channel
sends one message to one address, or raises ChannelError. Which class serves each channel is
set by ANTQ_NOTIFY_CHANNELS (settings.py): e-mail through Django's e-mail backend, SMS and Zalo
to files under var/ unless a real adapter is configured."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


class ChannelError(Exception):
    """The message was not accepted; the delivery is retried, then marked failed."""


class Channel:
    """One way of sending. `send` returns when the message was handed over."""

    def send(self, *, address: str, subject: str, body: str) -> None:
        raise NotImplementedError


@cache
def _channel(name) -> Channel:
    return import_string(settings.ANTQ_NOTIFY_CHANNELS[name])()


def get(name) -> Channel:
    return _channel(name)


def reset():
    """Forget the channels made (for a test that changes the setting)."""
    _channel.cache_clear()
