"""Where the tone mark sits in open "oa", "oe" and "uy" syllables.

Two spellings are in use: the mark on the first vowel ("Hòa", "Thủy", "Khỏe") — the form of
the official province names ("Thanh Hóa", "Khánh Hòa") and the one this registry stores — and
the mark on the second vowel ("Hoà", "Thuỷ", "Khoẻ"), which agency systems often hold. After a
syllable-final consonant ("Toàn", "Loan", "Quyết") both spellings agree, as they do after "qu"
("Quý": the "u" belongs to the consonant).
"""

from __future__ import annotations

import unicodedata

from ccvc.text import TONE_MARKS

_PAIRS = ("oa", "oe", "uy")


def _move_tone(syllable: str, *, to_second: bool) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) != 1:
        return syllable
    bare = "".join(c for c in decomposed if c not in TONE_MARKS)
    lower = bare.lower()
    if len(lower) < 2 or lower[-2:] not in _PAIRS or lower.endswith("quy"):
        return syllable
    if any(unicodedata.combining(c) for c in bare):
        return syllable  # other diacritics (ô, ơ, ư, …) take the mark; nothing to move
    index = len(bare) - 1 if to_second else len(bare) - 2
    moved = bare[: index + 1] + tones[0] + bare[index + 1 :]
    return unicodedata.normalize("NFC", moved)


def registry_spelling(name: str) -> str:
    """Tone mark on the first vowel of open oa/oe/uy syllables ("Hoà" → "Hòa")."""
    return " ".join(
        _move_tone(w, to_second=False) for w in unicodedata.normalize("NFC", name).split()
    )


def second_vowel_spelling(name: str) -> str:
    """Tone mark on the second vowel of open oa/oe/uy syllables ("Hòa" → "Hoà")."""
    return " ".join(
        _move_tone(w, to_second=True) for w in unicodedata.normalize("NFC", name).split()
    )
