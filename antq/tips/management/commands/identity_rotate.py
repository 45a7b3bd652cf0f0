"""Re-encrypt every stored reporter identity and attached file with the first key of
ANTQ_IDENTITY_KEYS."""

from django.core.management.base import BaseCommand, CommandError

from antq.core.crypto import DecryptionError
from antq.tips.services.identities import RotationRefused, identities_rotate

SHOWN = 20  # how many failing items the refusal names


def _listed(items):
    text = ", ".join(items[:SHOWN])
    return text + (f" and {len(items) - SHOWN} more" if len(items) > SHOWN else "")


class Command(BaseCommand):
    help = (
        "Re-encrypt all reporters' identities and the files sent with portal reports with the "
        "first key of ANTQ_IDENTITY_KEYS (put the new key first, keep the old ones after it, run "
        "this, then drop the old keys). All or nothing."
    )

    def handle(self, *args, **options):
        try:
            done = identities_rotate()
        except RotationRefused as refused:
            lines = ["Nothing was changed: these cannot be decrypted with the configured keys."]
            if refused.identities:
                lines.append(
                    f"Identities of {len(refused.identities)} tip(s): "
                    + _listed(refused.identities)
                )
            if refused.attachments:
                lines.append(
                    f"{len(refused.attachments)} attached file(s) (missing or unreadable): "
                    + _listed([f"#{pk} of {code}" for code, pk in refused.attachments])
                )
            lines.append(
                "Keep the old key(s) in ANTQ_IDENTITY_KEYS, after the new one, and run this again."
            )
            raise CommandError("\n".join(lines)) from None
        except DecryptionError:
            raise CommandError(
                "A stored identity cannot be decrypted with the configured keys: keep the old "
                "key(s) in ANTQ_IDENTITY_KEYS, after the new one. Nothing was changed."
            ) from None
        self.stdout.write(
            f"Re-encrypted with the first key: the identities of {done.identities} tip(s) and "
            f"{done.attachments} attached file(s)."
        )
