"""Zalo Official Account: messages to phone numbers go through Zalo's notification service
(ZNS), as a template approved for the account whose one parameter carries the text. Chosen with
ANTQ_ZALO_CHANNEL=antq.notifications.channels.zalo.ZaloOAChannel; configured by
ANTQ_ZALO_ACCESS_TOKEN and ANTQ_ZALO_TEMPLATE_ID. The tests call it with the network replaced."""

import json
import re
import urllib.error
import urllib.request

from django.conf import settings

from antq.notifications.channels import Channel, ChannelError

ZNS_URL = "https://business.openapi.zalo.me/message/template"
TIMEOUT_SECONDS = 20


def international(phone: str) -> str:
    """“0912 345 678” → “84912345678”: ZNS takes Vietnamese numbers with the country code."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        return digits
    return "84" + digits[1:] if digits.startswith("0") else digits


class ZaloOAChannel(Channel):
    def send(self, *, address, subject, body):
        token = settings.ANTQ_ZALO_ACCESS_TOKEN
        template = settings.ANTQ_ZALO_TEMPLATE_ID
        if not token or not template:
            raise ChannelError("ANTQ_ZALO_ACCESS_TOKEN and ANTQ_ZALO_TEMPLATE_ID are not set")
        payload = {
            "phone": international(address),
            "template_id": template,
            "template_data": {"content": body[:400]},
        }
        request = urllib.request.Request(
            ZNS_URL,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "access_token": token},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                answer = json.loads(response.read() or b"{}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ChannelError(f"Zalo: {exc}"[:200]) from exc
        # ZNS answers 200 with its own error code: 0 is accepted
        if answer.get("error") != 0:
            raise ChannelError(
                f"Zalo error {answer.get('error')}: {answer.get('message', '')}"[:200]
            )
