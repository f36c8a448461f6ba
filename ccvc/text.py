"""Vietnamese text: normalisation and name comparison.

Pitfalls handled (see `shared/reference/quality-and-matching-notes.md`):
- NFC vs NFD: "Nguyễn" is 6 code points in NFC and 8 in NFD; compare only after NFC.
- Old vs new tone placement ("Hoà" / "Hòa", "Thuỷ" / "Thủy") stays different after NFC, so a
  name key takes each syllable's tone mark off and carries it beside the bare syllable.
- "Đ" (U+0110) does not decompose; stripping accents maps it to "D" explicitly, never drops it.
- "Ð" (U+00D0, Icelandic eth) looks like "Đ": mapped to "Đ" when cleaning.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

# The five Vietnamese tone marks as combining characters (grave, acute, hook, tilde, dot below).
TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_D_STROKE = str.maketrans({"\u0110": "D", "\u0111": "d"})


class NameVerdict(StrEnum):
    MATCH = "match"
    PARTIAL = "partial"
    MISMATCH = "mismatch"


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def clean(text: str) -> str:
    """NFC, look-alike letters mapped, whitespace collapsed: how a name should be stored."""
    return collapse_whitespace(unicodedata.normalize("NFC", text.translate(_LOOKALIKES)))


def _syllable_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in TONE_MARKS]
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return bare + ("".join(tones) and str(ord(tones[0])))


def name_key(text: str) -> str:
    """Comparison key equal for NFC/NFD, case, spacing and old/new tone placement."""
    return " ".join(_syllable_key(w) for w in clean(text).casefold().split())


def strip_diacritics(text: str) -> str:
    """ASCII-folded text: accents and tones removed, "Đ" → "D" (never dropped)."""
    decomposed = unicodedata.normalize("NFD", clean(text).translate(_D_STROKE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compare_names(submitted: str, registered: str) -> tuple[NameVerdict, list[str]]:
    """Compare a submitted name with the registered one.

    Returns the verdict and the normalisations that were needed, in order:
    `whitespace`, `unicode_nfc`, `case`, `tone_placement` (all still a match), or
    `diacritics_removed` (a partial match, advisory, for a person to review).
    """
    if submitted == registered:
        return NameVerdict.MATCH, []
    steps: list[str] = []
    a, b = submitted, registered
    if collapse_whitespace(a) != a or collapse_whitespace(b) != b:
        a, b = collapse_whitespace(a), collapse_whitespace(b)
        if a != submitted:
            steps.append("whitespace")
        if a == b:
            return NameVerdict.MATCH, steps
    if clean(a) != a or clean(b) != b:
        a, b = clean(a), clean(b)
        steps.append("unicode_nfc")
        if a == b:
            return NameVerdict.MATCH, steps
    if a.casefold() == b.casefold():
        return NameVerdict.MATCH, [*steps, "case"]
    if name_key(a) == name_key(b):
        return NameVerdict.MATCH, [*steps, "tone_placement"]
    if strip_diacritics(a).casefold() == strip_diacritics(b).casefold():
        return NameVerdict.PARTIAL, [*steps, "diacritics_removed"]
    return NameVerdict.MISMATCH, steps
