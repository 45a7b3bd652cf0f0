"""Re-encrypt every stored reporter identity with the first key of ANTQ_IDENTITY_KEYS."""

from django.core.management.base import BaseCommand, CommandError

from antq.core.crypto import DecryptionError
from antq.tips.services import identities_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt all reporters' identities with the first key of ANTQ_IDENTITY_KEYS (put the "
        "new key first, keep the old ones after it, run this, then drop the old keys)."
    )

    def handle(self, *args, **options):
        try:
            count = identities_rotate()
        except DecryptionError:
            raise CommandError(
                "A stored identity cannot be decrypted with the configured keys: keep the old "
                "key(s) in ANTQ_IDENTITY_KEYS, after the new one. Nothing was changed."
            ) from None
        self.stdout.write(f"Re-encrypted the identities of {count} tip(s) with the first key.")
