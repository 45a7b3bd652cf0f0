from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "antq" / "locale"


def _entries(po_path):
    """(msgid, msgstrs, fuzzy) for each entry of a .po file; a small reader, no dependency."""
    entries, cur, key = [], None, None
    for raw in po_path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if cur and cur["msgid"]:
                entries.append(cur)
            cur, key = None, None
            continue
        if cur is None:
            cur = {"msgid": "", "msgstr": {}, "fuzzy": False}
        if line.startswith("#,") and "fuzzy" in line:
            cur["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid ", "msgid_plural ", "msgctxt ")):
            key = line.split(" ", 1)[0]
            if key == "msgid":
                cur["msgid"] = eval(line.split(" ", 1)[1])  # noqa: S307 - a quoted C string
        elif line.startswith("msgstr"):
            key = line.split(" ", 1)[0]
            cur["msgstr"][key] = eval(line.split(" ", 1)[1])  # noqa: S307
        elif line.startswith('"'):
            if key == "msgid":
                cur["msgid"] += eval(line)  # noqa: S307
            elif key and key.startswith("msgstr"):
                cur["msgstr"][key] += eval(line)  # noqa: S307
    return entries


@pytest.mark.parametrize("lang", ["vi", "ar"])
def test_catalogue_is_complete(lang):
    entries = _entries(LOCALE / lang / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    missing = [e["msgid"] for e in entries if e["fuzzy"] or not all(e["msgstr"].values())]
    assert missing == []


def test_arabic_has_six_plural_forms():
    entries = _entries(LOCALE / "ar" / "LC_MESSAGES" / "django.po")
    plurals = [e for e in entries if "msgstr[1]" in e["msgstr"]]
    assert plurals and all(len(e["msgstr"]) == 6 for e in plurals)


@pytest.mark.parametrize(
    "lang, dir_, text, css",
    [
        ("vi", "ltr", "Địa bàn", "bootstrap.min.css"),
        ("en", "ltr", "Areas", "bootstrap.min.css"),
        ("ar", "rtl", "المناطق", "bootstrap.rtl.min.css"),
    ],
)
def test_pages_in_each_language(client, users, lang, dir_, text, css):
    client.force_login(users.a_viewer)
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    body = client.get("/areas/").content.decode()
    assert f'lang="{lang}" dir="{dir_}"' in body
    assert css in body
    assert text in body


def test_no_asset_comes_from_a_cdn(client, users):
    client.force_login(users.a_viewer)
    body = client.get("/").content.decode()
    assert "cdn" not in body.lower() and "https://" not in body


def test_every_asset_a_page_uses_is_served_locally(client, users):
    import re

    from django.contrib.staticfiles import finders

    client.force_login(users.a_viewer)
    body = client.get("/areas/").content.decode()
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', body)
    assert len(assets) >= 3
    missing = [a for a in assets if finders.find(a) is None]
    assert missing == []
