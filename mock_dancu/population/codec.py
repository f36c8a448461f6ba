"""The 12-digit personal identification number (số định danh cá nhân) and the old 9-digit CMND.

Personal number, Circular 59/2021/TT-BCA: ``PPP C YY SSSSSS``

- ``PPP``: code of the province where the birth was registered (official list, 001–096);
- ``C``: century and sex: 0 male / 1 female born 1900–1999, 2 male / 3 female born 2000–2099
  (the circular continues 4–9 for 2100–2399; those cannot exist yet and are refused here);
- ``YY``: last two digits of the birth year;
- ``SSSSSS``: serial. There is no check digit.

The serial of the k-th citizen of a cell (province, year, sex) is an affine permutation of
k modulo 10^6, ``serial = (A·k + B_cell) mod 10^6`` with A coprime to 10. It is inverted with
A's modular inverse, so personal number → (cell, k) → ordinal is O(1), and a well-formed number
whose k is at least the cell's size belongs to nobody ("not in the population").

The old CMND number is the same idea on the ordinal itself: ``(A'·ordinal + B') mod 10^9``.
"""

from __future__ import annotations

from dataclasses import dataclass

from mock_dancu.population.cells import Sex

SERIAL_SPACE = 10**6
SERIAL_MULTIPLIER = 387_419
SERIAL_INVERSE = pow(SERIAL_MULTIPLIER, -1, SERIAL_SPACE)

CMND_SPACE = 10**9
CMND_MULTIPLIER = 614_889_779
CMND_INVERSE = pow(CMND_MULTIPLIER, -1, CMND_SPACE)

LAST_CMND_BIRTH_YEAR = 2006
"""Old 9-digit identity cards were issued to people born up to 2006 (CCCD from 2021)."""


class InvalidIdentifier(ValueError):
    """A malformed identifier, with the reason in Vietnamese and English."""

    def __init__(self, reason_vi: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_vi = reason_vi
        self.reason_en = reason_en

    @property
    def reason(self) -> str:
        return f"{self.reason_vi} / {self.reason_en}"


@dataclass(frozen=True, slots=True)
class PersonIdParts:
    province_code: str
    birth_year: int
    sex: Sex
    serial: int


def century_sex_digit(birth_year: int, sex: Sex) -> int:
    """Digit 4 of the personal number (0–3 for births 1900–2099)."""
    return (birth_year // 100 - 19) * 2 + (1 if sex == "female" else 0)


def encode_person_id(province_code: str, birth_year: int, sex: Sex, serial: int) -> str:
    return f"{province_code}{century_sex_digit(birth_year, sex)}{birth_year % 100:02d}{serial:06d}"


def parse_person_id(text: str, province_codes: frozenset[str]) -> PersonIdParts:
    """Structural check and split of a personal number; raises `InvalidIdentifier`."""
    if len(text) != 12 or not text.isascii() or not text.isdigit():
        raise InvalidIdentifier(
            "Số định danh cá nhân phải gồm đúng 12 chữ số",
            "the personal identification number must be exactly 12 digits",
        )
    province = text[:3]
    if province not in province_codes:
        raise InvalidIdentifier(
            f"Mã tỉnh {province} không có trong danh mục (Thông tư 59/2021/TT-BCA)",
            f"province code {province} is not in the official list (Circular 59/2021/TT-BCA)",
        )
    digit = int(text[3])
    if digit > 3:
        raise InvalidIdentifier(
            f"Mã thế kỷ/giới tính {digit} chỉ dành cho người sinh sau năm 2099",
            f"century/sex digit {digit} denotes a birth after 2099",
        )
    birth_year = 1900 + 100 * (digit // 2) + int(text[4:6])
    sex: Sex = "female" if digit % 2 else "male"
    return PersonIdParts(province, birth_year, sex, int(text[6:]))


def check_old_id(text: str) -> int:
    """Structural check of an old 9-digit CMND number; its value, or `InvalidIdentifier`."""
    if len(text) != 9 or not text.isascii() or not text.isdigit():
        raise InvalidIdentifier(
            "Số CMND phải gồm đúng 9 chữ số", "the old ID (CMND) number must be exactly 9 digits"
        )
    return int(text)


def serial_of(k: int, cell_offset: int) -> int:
    return (SERIAL_MULTIPLIER * k + cell_offset) % SERIAL_SPACE


def rank_of(serial: int, cell_offset: int) -> int:
    """Inverse of `serial_of`: the rank k of a serial within its cell."""
    return ((serial - cell_offset) * SERIAL_INVERSE) % SERIAL_SPACE


def old_id_of(ordinal: int, offset: int) -> str:
    return f"{(CMND_MULTIPLIER * ordinal + offset) % CMND_SPACE:09d}"


def ordinal_of_old_id(value: int, offset: int) -> int:
    return ((value - offset) * CMND_INVERSE) % CMND_SPACE
