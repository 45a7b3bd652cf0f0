"""The file backend of the phone channels (SMS, Zalo): each message is one JSON line in
var/<channel>/messages.jsonl. The default in development and tests: nothing leaves the
machine."""

import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from antq.core.files import private_dir
from antq.notifications.channels import Channel, ChannelError


class FileChannel(Channel):
    channel = "messages"

    def path(self) -> Path:
        return private_dir(Path(settings.VAR_DIR) / self.channel) / "messages.jsonl"

    def send(self, *, address, subject, body):
        line = {"at": timezone.now().isoformat(), "to": address, "subject": subject, "body": body}
        try:
            with self.path().open("a", encoding="utf-8") as out:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise ChannelError(str(exc)[:200]) from exc


class SmsFileChannel(FileChannel):
    channel = "sms"


class ZaloFileChannel(FileChannel):
    channel = "zalo"
