"""The Zalo Official Account adapter, with the network replaced: what it sends, and how Zalo's
refusals become failed attempts. No test reaches outside the machine."""

import io
import json

import pytest

from antq.notifications.channels import ChannelError, zalo


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def zns(settings, monkeypatch):
    settings.ANTQ_ZALO_ACCESS_TOKEN = "token-1"
    settings.ANTQ_ZALO_TEMPLATE_ID = "2468"
    sent = []
    answers = []

    def urlopen(request, timeout):
        sent.append(request)
        return FakeResponse(json.dumps(answers.pop(0)).encode())

    monkeypatch.setattr(zalo.urllib.request, "urlopen", urlopen)
    return sent, answers


def test_a_message_goes_to_the_international_number_through_the_template(zns):
    sent, answers = zns
    answers.append({"error": 0, "message": "Success"})
    zalo.ZaloOAChannel().send(address="0912 345 678", subject="antq", body="Họp tổ lúc 19h.")
    [request] = sent
    assert request.full_url == zalo.ZNS_URL and request.get_header("Access_token") == "token-1"
    assert json.loads(request.data) == {
        "phone": "84912345678",
        "template_id": "2468",
        "template_data": {"content": "Họp tổ lúc 19h."},
    }


def test_a_refusal_or_missing_configuration_is_a_channel_error(zns, settings):
    sent, answers = zns
    answers.append({"error": -124, "message": "Access token invalid"})
    with pytest.raises(ChannelError, match="-124"):
        zalo.ZaloOAChannel().send(address="+84 912 345 678", subject="", body="x")
    assert json.loads(sent[0].data)["phone"] == "84912345678"
    settings.ANTQ_ZALO_TEMPLATE_ID = ""
    with pytest.raises(ChannelError):
        zalo.ZaloOAChannel().send(address="0912345678", subject="", body="x")
    assert len(sent) == 1
