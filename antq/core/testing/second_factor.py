"""Tests sign in as administrators without scanning a QR code.

`Client` is Django's test client whose `force_login` also passes the second factor, as a real
sign-in does for a user who must (accounts/second_factor.py): the `client` fixture
(antq/conftest.py) and ScopedTestCase use it, so that tests of other things start from a fully
signed-in session. `otp_code(user)` gives a fresh recovery code to type into the verify page or
send with POST /api/v1/auth/token. The enforcement itself is tested in
accounts/tests/test_second_factor.py with the plain client."""

from django.test import Client as DjangoClient
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from antq.accounts import second_factor


def _recovery_device(user):
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery")
    return device


def otp_code(user) -> str:
    """A new single-use recovery code for `user` (their recovery device is made if missing)."""
    token = StaticToken.random_token()
    StaticToken.objects.create(device=_recovery_device(user), token=token)
    return token


def otp_code_if_asked(user) -> str:
    """A code for a user who must give one (else ""), for the API's token requests."""
    return otp_code(user) if second_factor.required_for(user) else ""


class Client(DjangoClient):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if self.session.get(second_factor.SESSION_KEY):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = _recovery_device(user).persistent_id
            session.save()
