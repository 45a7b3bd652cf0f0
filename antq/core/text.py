"""Text helpers for Vietnamese names."""

import unicodedata


def fold(text: str | None) -> str:
    """Fold a name for search: no diacritics, no tone marks (wherever they sit), đ → d, lower case.

    "Quảng Trị", "quang tri" and "QUANG TRI" all fold to "quang tri"; "Hoà" and "Hòa" both
    fold to "hoa".
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.lower().split())
