"""What a period report takes from its author to stand as an administrative document (văn bản
hành chính) under Decree 30/2020/NĐ-CP on clerical work: the issuing body and the body directly
above it, the number, the signer and the recipients. The report form and the signed report hold
them; a blank one takes its default here, in the report's language, from the unit and the user.

References are to the decree's Appendix I ("Thể thức, kỹ thuật trình bày văn bản hành chính"),
Part I, section II ("Các thành phần thể thức chính").
"""

import re
from dataclasses import dataclass, fields

from django import forms
from django.utils.translation import get_language, get_language_bidi, gettext_lazy, override
from django.utils.translation import gettext as _

from antq.areas.choices import AreaLevel

# The type words that open a unit's name ("Tỉnh Quảng Trị", "Xã Hải Lăng"), longest first so
# that "Thành phố" wins over a shorter word.
TYPE_WORDS = (
    "thành phố",
    "tổ dân phố",
    "khu phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "thôn",
    "xã",
    "ấp",
    "bản",
)
_TYPE = re.compile(r"^(" + "|".join(re.escape(w) for w in TYPE_WORDS) + r")\s+(.+)$", re.IGNORECASE)
RECIPIENTS_MAX = 20
# the signed report's names of the signer's fields (its `signer_name` is the approver's label)
MODEL_FIELDS = {"signer_name": "signatory_name", "signer_position": "signatory_position"}


def split_type(name: str) -> tuple[str, str]:
    """("Tỉnh", "Quảng Trị") from "Tỉnh Quảng Trị"; ("", name) when no type word opens it."""
    match = _TYPE.match(name.strip())
    return (match.group(1), match.group(2)) if match else ("", name.strip())


def place_name(name: str) -> str:
    """The place of the place-and-date line: the unit's name without its type word ("Quảng
    Trị"), as Appendix I, Part I, II.4.a writes it ("Hà Nội, ngày …"), except for a unit named by
    a number ("Phường 1"), which keeps its full name as the same point requires."""
    kind, bare = split_type(name)
    return name.strip() if not kind or bare[:1].isdigit() else bare


def _in_sentence(name: str) -> str:
    """ "tỉnh Quảng Trị": Vietnamese writes the type word in lower case inside a body's name
    (Appendix II of the decree, capitals of names of bodies); other languages keep the name."""
    kind, bare = split_type(name)
    if kind and get_language() == "vi":
        return f"{kind.lower()} {bare}"
    return name


def police_of(name: str) -> str:
    return _("{unit} Police").format(unit=_in_sentence(name))


def initials(text: str) -> str:
    """ "CATQT" from "CÔNG AN TỈNH QUẢNG TRỊ": the default abbreviation of the issuing body in the
    document's symbol (Appendix I, Part I, II.3.b: the type's abbreviation, then the body's)."""
    return "".join(word[0] for word in text.split() if word[:1].isalnum()).upper()


@dataclass(frozen=True)
class Letterhead:
    """The author's choices; blank ones take defaults when the report is written."""

    superior: str = ""
    issuer: str = ""
    number: str = ""
    signer_name: str = ""
    signer_position: str = ""
    recipients: str = ""  # one recipient a line

    @classmethod
    def from_data(cls, data) -> "Letterhead":
        return cls(**{f.name: (data.get(f.name) or "").strip() for f in fields(cls)})

    @classmethod
    def from_frozen(cls, frozen) -> "Letterhead":
        return cls(
            **{f.name: getattr(frozen, MODEL_FIELDS.get(f.name, f.name)) for f in fields(cls)}
        )

    def model_fields(self) -> dict:
        """The signed report's fields (`reports.FrozenReport`) that keep it."""
        return {MODEL_FIELDS.get(f.name, f.name): getattr(self, f.name) for f in fields(self)}


FIELD_NAMES = tuple(f.name for f in fields(Letterhead))


@dataclass
class Resolved:
    """The letterhead as the document prints it, in the report's language."""

    superior: str
    issuer: str
    number: str  # the whole line, "Số: 05/BC-CATQT"
    signer_position: str
    signer_name: str
    recipients: list  # the lines after "Nơi nhận:", the last one "- Lưu: VT."


def _default_bodies(area) -> tuple[str, str]:
    """(the body above, the issuing body) of a report on `area`, as written in a sentence: the
    police of the unit, under the police of the unit above it (or the Ministry)."""
    ministry = _("Ministry of Public Security")
    level, parent = area["level"], area.get("parent") or ""
    if level == AreaLevel.COUNTRY:
        return "", ministry
    if level == AreaLevel.PROVINCE or not parent:
        return ministry, police_of(area["name"])
    if level == AreaLevel.VILLAGE:  # a village's report goes out under its commune's police
        return "", police_of(parent)
    return police_of(parent), police_of(area["name"])


def _vietnamese_issuer(area) -> str:
    """The default issuing body in Vietnamese: the symbol of the number is the registry's, the
    same in every language."""
    with override("vi"):
        return _default_bodies(area)[1]


def _number_line(number: str, issuer: str) -> str:
    """Appendix I, Part I, II.3: "Số:", the number (a leading zero below 10), "/", the symbol:
    the type's abbreviation (BC, báo cáo, Appendix III) and the issuing body's. Left blank for
    the clerk who registers the document, as drafts are."""
    symbol = f"BC-{initials(issuer)}"
    if not number:
        text = f"…/{symbol}"
    elif number.isdigit():
        text = f"{int(number):02d}/{symbol}"
    else:
        text = number
    if get_language_bidi():  # the number and symbol read left to right inside the line
        text = f"\u2066{text}\u2069"
    return _("No.: {number}").format(number=text)


def person(user) -> tuple[str, str]:
    """(rank and full name, position) of a user, as a signature block names the signer."""
    if user is None:
        return "", ""
    name = user.get_full_name() or user.get_username()
    return " ".join(p for p in (user.rank.strip(), name) if p), user.position.strip()


def resolve(given: Letterhead, area: dict, signer=None) -> Resolved:
    """`given` with its blanks filled for `area`, signed by `signer` (a user) unless it names
    someone; call inside the report's language."""
    superior, issuer = _default_bodies(area)
    # Appendix I, Part I, II.2: both bodies in capitals, the issuing one bold under the other
    issuer = (given.issuer or issuer).upper()
    name, position = person(signer)
    lines = [line.strip(" -;.") for line in given.recipients.splitlines()]
    lines = [line for line in lines if line][:RECIPIENTS_MAX]
    above = given.superior or superior
    if not lines and above:
        lines = [_("{body} (to report)").format(body=above)]
    archive = _("Archive: VT")
    # Appendix I, Part I, II.9.b: each recipient on its own line after a dash, ending with a
    # semicolon; the last line files the original with the clerk ("Lưu: VT"), ending with a stop
    if not lines or not lines[-1].startswith(archive.split(":")[0]):
        lines.append(archive)
    recipients = [f"- {line};" for line in lines[:-1]]
    recipients.append(f"- {lines[-1]}.")
    return Resolved(
        superior=above.upper(),
        issuer=issuer,
        number=_number_line(given.number, given.issuer or _vietnamese_issuer(area)),
        # Appendix I, Part I, II.7: the position in capitals, bold; the name below it, bold
        signer_position=(given.signer_position or position or _("Head of unit")).upper(),
        signer_name=given.signer_name or name,
        recipients=recipients,
    )


class LetterheadForm(forms.Form):
    """The fields a report's author fills so that it goes out as an administrative document;
    all may be left blank for their defaults (shown as placeholders)."""

    superior = forms.CharField(
        label=gettext_lazy("Body directly above"), required=False, max_length=200
    )
    issuer = forms.CharField(label=gettext_lazy("Issuing body"), required=False, max_length=200)
    number = forms.CharField(
        label=gettext_lazy("Document number"),
        required=False,
        max_length=50,
        help_text=gettext_lazy("The registry number, or the whole number and symbol."),
    )
    signer_name = forms.CharField(
        label=gettext_lazy("Signer's name"), required=False, max_length=150
    )
    signer_position = forms.CharField(
        label=gettext_lazy("Signer's position"), required=False, max_length=150
    )
    recipients = forms.CharField(
        label=gettext_lazy("Recipients"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One a line; the copy filed with the clerk (Lưu: VT) is added."),
    )

    def clean_recipients(self):
        value = self.cleaned_data["recipients"]
        if len([line for line in value.splitlines() if line.strip()]) > RECIPIENTS_MAX:
            raise forms.ValidationError(
                _("At most {n} recipients.").format(n=RECIPIENTS_MAX), code="too_many"
            )
        return value

    def letterhead_fields(self):
        return [self[name] for name in FIELD_NAMES]

    def letterhead_given(self):
        return any(self[name].value() or self[name].errors for name in FIELD_NAMES)

    def other_fields(self):
        return [self[name] for name in self.fields if name not in FIELD_NAMES]

    def letterhead(self) -> Letterhead:
        return Letterhead.from_data(self.cleaned_data)

    def show_defaults(self, resolved: Resolved):
        """The defaults a blank field takes, as its placeholder."""
        lines = [line.lstrip("- ").rstrip(";.") for line in resolved.recipients]
        placeholders = {
            "superior": resolved.superior,
            "issuer": resolved.issuer,
            "number": resolved.number,
            "signer_name": resolved.signer_name,
            "signer_position": resolved.signer_position,
            "recipients": "\n".join(lines[:-1]),
        }
        for name, text in placeholders.items():
            self.fields[name].widget.attrs["placeholder"] = text
