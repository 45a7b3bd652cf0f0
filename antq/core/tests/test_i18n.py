import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

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


# --- nothing a user reads is left in English (issue 15) -----------------------------------

ANTQ = Path(settings.BASE_DIR) / "antq"
# Words that are the same in every language: the product's name and formats' names.
SAME_IN_EVERY_LANGUAGE = {"antq", "JSON", "CSV", "XLSX", "DOCX", "PDF", "API"}
# What a template leaves to gettext or to the page: comments, translated blocks, variables,
# tags, scripts and styles.
_NOT_TEXT = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I),
    re.compile(r"\{\{.*?\}\}", re.S),
    re.compile(r"\{%.*?%\}", re.S),
]
_READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "label", "data-confirm"}
_WORD = re.compile(r"[^\W\d_]{2,}")


class _TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def _check(self, where, text):
        words = [w for w in _WORD.findall(text) if w not in SAME_IN_EVERY_LANGUAGE]
        if words:
            self.found.append(f"{where}: {' '.join(text.split())[:80]}")

    def handle_data(self, data):
        self._check("text", data)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in _READ_ATTRIBUTES and value:
                self._check(name, value)


def untranslated_template_text(path):
    """The words of a template a user reads that are not inside gettext."""
    source = path.read_text(encoding="utf-8")
    for pattern in _NOT_TEXT:
        source = pattern.sub(" ", source)
    finder = _TextFinder()
    finder.feed(source)
    return finder.found


def test_the_scanner_finds_text_outside_gettext(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<p title="Zoom in">{% translate "Fine" %} Not fine</p>'
        "<input placeholder=\"{% translate 'Fine' %}\"> {{ value }} antq ·"
        "{% blocktranslate %}Fine {{ x }}{% endblocktranslate %}<script>var a = 'fine';</script>"
    )
    assert untranslated_template_text(page) == ["title: Zoom in", "text: Not fine"]


def test_every_template_string_goes_through_gettext():
    templates = sorted(ANTQ.glob("**/templates/**/*.html"))
    assert len(templates) > 100
    found = [
        f"{p.relative_to(ANTQ)}: {t}" for p in templates for t in untranslated_template_text(p)
    ]
    assert found == []


def test_every_alias_of_gettext_is_extracted():
    """`from django.utils.translation import gettext_lazy as _l` hides its strings from
    makemessages unless the alias is one of its keywords (core/management/commands)."""
    from antq.core.management.commands.makemessages import Command

    keywords = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
    keywords |= {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
    keywords |= {o.split("=")[1].split(":")[0] for o in Command.xgettext_options if "keyword=" in o}
    alias = re.compile(r"\b(?:n?p?gettext(?:_lazy|_noop)?) as (\w+)")
    unknown = {
        f"{path.relative_to(ANTQ)}: {name}"
        for path in ANTQ.rglob("*.py")
        if "tests" not in path.parts
        for name in alias.findall(path.read_text(encoding="utf-8"))
        if name not in keywords
    }
    assert unknown == set()


def test_every_string_in_the_code_is_in_the_catalogues(tmp_path, monkeypatch):
    """Extract the messages again into a copy of the catalogues (as `make messages` would) and
    find none new, none fuzzy and none empty: a string wrapped in gettext but never added to
    the catalogues fails here, not in front of a user."""
    from django.core.management import call_command
    from django.test import override_settings

    copy = tmp_path / "antq"
    for path in ANTQ.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".html", ".txt", ".po"}:
            if "tests" in path.relative_to(ANTQ).parts:
                continue
            target = copy / path.relative_to(ANTQ)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command(
            "makemessages", locale=["vi", "ar"], no_obsolete=True, no_location=True, verbosity=0
        )
    for lang in ("vi", "ar"):
        entries = _entries(copy / "locale" / lang / "LC_MESSAGES" / "django.po")
        missing = [e["msgid"] for e in entries if e["fuzzy"] or not all(e["msgstr"].values())]
        assert (lang, missing) == (lang, [])


@pytest.mark.parametrize(
    "lang, words", [("vi", "Đã xảy ra lỗi"), ("en", "Something went wrong"), ("ar", "حدث خطأ ما")]
)
def test_the_500_page_is_translated_with_a_way_home_and_no_context(rf, lang, words):
    from django.views import defaults

    with translation.override(lang):
        body = defaults.server_error(rf.get("/x/")).content.decode()
    assert words in body and 'href="/"' in body and "antq.css" in body
    assert f'lang="{lang}"' in body


def test_a_refused_form_says_so_in_the_users_language(rf):
    from django.views.csrf import csrf_failure

    with translation.override("vi"):
        body = csrf_failure(rf.post("/x/"), reason="CSRF cookie not set.").content.decode()
    assert "Biểu mẫu đã hết hạn" in body and 'href="/"' in body


def test_antqs_own_history_notes_read_in_the_readers_language():
    from antq.core.selectors import reason_text

    with translation.override("vi"):
        written_in_vietnamese = translation.gettext("Loaded from vietnamadminunits")
    with translation.override("ar"):
        assert reason_text("source:vietnamadminunits") == translation.gettext(
            "Loaded from vietnamadminunits"
        )
        assert reason_text(written_in_vietnamese) == reason_text("source:vietnamadminunits")
        assert "vietnamadminunits" in reason_text("source:vietnamadminunits")
        assert reason_text("Thôn sáp nhập") == "Thôn sáp nhập"  # a person's words, as written


def test_choice_codes_come_with_their_labels():
    from antq.core.imports import CellError, choices_help, parse_choice
    from antq.movement.choices import ModelStatus

    with translation.override("vi"):
        help_text = str(choices_help(ModelStatus.choices))
        assert f"active ({ModelStatus.ACTIVE.label})" in help_text
        with pytest.raises(CellError) as error:
            parse_choice(ModelStatus.choices)("sleeping")
        # the refusal reads in the language it was made in, whatever the process's is after
        assert f"active ({translation.gettext(ModelStatus.ACTIVE.label)})" in str(error.value)


def test_exports_write_yes_and_no_in_the_readers_language():
    from antq.core.exports import safe_cell
    from antq.core.imports import parse_bool

    for lang in ("vi", "en", "ar"):
        with translation.override(lang):
            assert safe_cell(True) not in ("True", True)
            assert parse_bool(safe_cell(True)) is True and parse_bool(safe_cell(False)) is False


def test_the_admin_names_antqs_apps_in_the_users_language():
    from django.apps import apps

    from antq.admin import AdminSite

    with translation.override("vi"):
        assert str(AdminSite.site_header) == "Quản trị antq"
        names = {c.label: str(c.verbose_name) for c in apps.get_app_configs()}
    assert names["areas"] == "Địa bàn" and names["audit"] != "audit"
    antq_apps = [c for c in apps.get_app_configs() if c.name.startswith("antq.")]
    with translation.override("ar"):
        english = [c.label for c in antq_apps if str(c.verbose_name).isascii()]
    assert english == []
