"""The persona catalogue: deterministic choice of citizens for each scenario.

Each persona scans the population's scrambled walk from a fixed start position (a fixed fraction
of the population) for the first citizen meeting its criteria, so the catalogue depends only on
(seed, size): identical across restarts and machines. Citizens are chosen so the expected
verdicts hold for any as-of date from 2023-01-01 to 2027-12-31 (the replay window and today).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import structlog

from ccvc.text import NameVerdict, compare_names, strip_diacritics
from mock_dancu.population import Citizen, Population, Sex, get_population
from mock_dancu.population.spelling import second_vowel_spelling
from mock_dancu.verification.models import FieldVerdict, Verdict
from mock_dancu.verification.service import WIRE_BY_SEX

log = structlog.get_logger("mock_dancu.personas")

Predicate = Callable[[Citizen], bool]


@dataclass(frozen=True, slots=True)
class PersonaExpectation:
    verification: Verdict
    fields: dict[str, FieldVerdict]
    normalisations: tuple[str, ...] = ()
    hints: dict[str, str] = field(default_factory=dict)
    person_id: str | None = None
    date_of_death: date | None = None


@dataclass(frozen=True, slots=True)
class Persona:
    id: str
    title_vi: str
    title_en: str
    description: str
    description_vi: str
    citizen: Citizen | None
    record: dict[str, str]
    expected: PersonaExpectation

    def verification_item(self) -> dict[str, str]:
        """The record as a `DanhSach` item of the verification service (wire names)."""
        wire = {
            "person_id": "SoDinhDanh",
            "old_id_number": "SoCMND",
            "full_name": "HoVaTen",
            "date_of_birth": "NgayThangNamSinh",
        }
        item = {wire[k]: v for k, v in self.record.items() if k in wire}
        item["GioiTinh"] = WIRE_BY_SEX["female" if self.record["sex"] == "female" else "male"]
        return item


ALL_MATCH: dict[str, FieldVerdict] = {
    "full_name": "match",
    "date_of_birth": "match",
    "sex": "match",
}


def _fields(**changes: FieldVerdict) -> dict[str, FieldVerdict]:
    return {**ALL_MATCH, **changes}


def _steady_adult(c: Citizen) -> bool:
    """Alive for good and of working age throughout 2023–2027."""
    return c.date_of_death is None and 1970 <= c.date_of_birth.year <= 2000


def _record(c: Citizen, **changes: str) -> dict[str, str]:
    record = {
        "person_id": c.person_id,
        "full_name": c.full_name,
        "date_of_birth": c.date_of_birth.isoformat(),
        "sex": c.sex,
    }
    record.update(changes)
    return record


def _name_gives(variant: Callable[[str], str], verdict: NameVerdict, steps: list[str]) -> Predicate:
    def check(c: Citizen) -> bool:
        return _steady_adult(c) and compare_names(variant(c.full_name), c.full_name) == (
            verdict,
            steps,
        )

    return check


def _nfd(name: str) -> str:
    return unicodedata.normalize("NFD", name)


def _opposite(sex: Sex) -> Sex:
    return "female" if sex == "male" else "male"


class _Finder:
    """Scans the walk from fixed start points; never hands out the same citizen twice."""

    def __init__(self, population: Population) -> None:
        self.population = population
        self.used: set[int] = set()

    def find(self, slot: int, predicate: Predicate) -> Citizen | None:
        population = self.population
        start = population.size * slot // 32
        for position in range(start, start + population.size):
            ordinal = population.ordinal_at(position % population.size)
            if ordinal in self.used:
                continue
            citizen = population.citizen(ordinal)
            if predicate(citizen):
                self.used.add(ordinal)
                return citizen
        return None


def build_catalogue(population: Population) -> tuple[Persona, ...]:
    finder = _Finder(population)
    personas: list[Persona] = []

    def add(
        slot: int,
        predicate: Predicate,
        make: Callable[[Citizen], Persona],
    ) -> None:
        citizen = finder.find(slot, predicate)
        if citizen is None:  # only possible for tiny populations
            log.warning("persona_unavailable", slot=slot)
            return
        personas.append(make(citizen))

    add(
        1,
        _steady_adult,
        lambda c: Persona(
            "exact-match",
            "Khớp hoàn toàn",
            "Exact match",
            "A living adult whose record copies the registry exactly: every field matches.",
            "Công dân còn sống; hồ sơ khớp hoàn toàn với CSDLQG về dân cư.",
            c,
            _record(c),
            PersonaExpectation("match", ALL_MATCH, person_id=c.person_id),
        ),
    )
    add(
        2,
        _name_gives(_nfd, NameVerdict.MATCH, ["unicode_nfc"]),
        lambda c: Persona(
            "name-nfd",
            "Họ tên dạng Unicode tổ hợp (NFD)",
            "Name in decomposed Unicode (NFD)",
            "The name is sent with combining marks (NFD, e.g. typed on macOS or pasted from "
            "a PDF). After NFC normalisation it is the same name: match, normalisation "
            "`unicode_nfc`. The gateway's Sạch rules also flag the non-NFC input.",
            "Họ tên gửi ở dạng Unicode tổ hợp (NFD); sau chuẩn hóa NFC vẫn là cùng một tên: "
            "khớp, chuẩn hóa `unicode_nfc`.",
            c,
            _record(c, full_name=_nfd(c.full_name)),
            PersonaExpectation("match", ALL_MATCH, ("unicode_nfc",), person_id=c.person_id),
        ),
    )
    add(
        3,
        _name_gives(second_vowel_spelling, NameVerdict.MATCH, ["tone_placement"]),
        lambda c: Persona(
            "name-old-tone-placement",
            "Họ tên đặt dấu thanh kiểu khác (Hoà / Hòa)",
            "Name with the other tone-mark placement (Hoà / Hòa)",
            "The record puts the tone mark on the second vowel of an open oa/oe/uy syllable "
            '("Hoà", "Thuỷ") while the registry stores it on the first ("Hòa", "Thủy"). '
            "Both spellings are in use; they stay different after NFC, so the service "
            "canonicalises tone placement: match, normalisation `tone_placement`.",
            'Hồ sơ đặt dấu thanh trên nguyên âm thứ hai ("Hoà", "Thuỷ"), CSDL lưu '
            '"Hòa", "Thủy": vẫn khớp, chuẩn hóa `tone_placement`.',
            c,
            _record(c, full_name=second_vowel_spelling(c.full_name)),
            PersonaExpectation("match", ALL_MATCH, ("tone_placement",), person_id=c.person_id),
        ),
    )
    add(
        4,
        lambda c: (
            "Đ" in c.full_name
            and _name_gives(strip_diacritics, NameVerdict.PARTIAL, ["diacritics_removed"])(c)
        ),
        lambda c: Persona(
            "name-no-diacritics",
            "Họ tên không dấu",
            "Name without diacritics",
            'The name is sent without diacritics ("Đ" written "D", as legacy systems '
            "store it). It agrees only once accents are removed: partial, normalisation "
            "`diacritics_removed` — advisory, for a person to review.",
            'Họ tên gửi không dấu ("Đ" thành "D"): khớp một phần, cần người kiểm tra.',
            c,
            _record(c, full_name=strip_diacritics(c.full_name)),
            PersonaExpectation(
                "partial",
                _fields(full_name="partial"),
                ("diacritics_removed",),
                person_id=c.person_id,
            ),
        ),
    )
    add(
        5,
        _name_gives(str.upper, NameVerdict.MATCH, ["case"]),
        lambda c: Persona(
            "name-uppercase",
            "Họ tên viết hoa toàn bộ",
            "Name in capitals",
            "The name is sent in capitals, as some HR systems print it: match, "
            "normalisation `case`.",
            "Họ tên viết hoa toàn bộ: khớp, chuẩn hóa `case`.",
            c,
            _record(c, full_name=c.full_name.upper()),
            PersonaExpectation("match", ALL_MATCH, ("case",), person_id=c.person_id),
        ),
    )

    mismatch_holder = finder.find(6, _steady_adult)
    if mismatch_holder is not None:
        holder = mismatch_holder
        add(
            7,
            lambda c: (
                c.sex == holder.sex
                and _steady_adult(c)
                and compare_names(c.full_name, holder.full_name)[0] is NameVerdict.MISMATCH
            ),
            lambda other: Persona(
                "name-mismatch",
                "Họ tên không khớp",
                "Name mismatch",
                "The record carries this citizen's personal number with another person's "
                "name: name mismatch, overall mismatch.",
                "Số định danh của công dân này nhưng họ tên của người khác: không khớp.",
                holder,
                _record(holder, full_name=other.full_name),
                PersonaExpectation(
                    "mismatch", _fields(full_name="mismatch"), person_id=holder.person_id
                ),
            ),
        )
    add(
        8,
        lambda c: (
            _steady_adult(c)
            and c.date_of_birth.day <= 12
            and c.date_of_birth.day != c.date_of_birth.month
        ),
        lambda c: Persona(
            "dob-day-month-swapped",
            "Ngày sinh đảo ngày và tháng",
            "Date of birth with day and month swapped",
            "The date of birth has day and month swapped (a dd/mm vs mm/dd mix-up): "
            "mismatch, with the hint `day_month_swapped`.",
            "Ngày sinh bị đảo ngày và tháng: không khớp, gợi ý `day_month_swapped`.",
            c,
            _record(
                c,
                date_of_birth=date(
                    c.date_of_birth.year, c.date_of_birth.day, c.date_of_birth.month
                ).isoformat(),
            ),
            PersonaExpectation(
                "mismatch",
                _fields(date_of_birth="mismatch"),
                hints={"date_of_birth": "day_month_swapped"},
                person_id=c.person_id,
            ),
        ),
    )
    add(
        9,
        _steady_adult,
        lambda c: Persona(
            "dob-year-only",
            "Chỉ có năm sinh",
            "Year of birth only",
            "Only the year of birth is known (`yyyy`, allowed by the spec): the year agrees, "
            "so the date of birth is partial, overall partial.",
            "Chỉ có năm sinh (`yyyy`): năm khớp, ngày sinh khớp một phần.",
            c,
            _record(c, date_of_birth=str(c.date_of_birth.year)),
            PersonaExpectation("partial", _fields(date_of_birth="partial"), person_id=c.person_id),
        ),
    )
    add(
        10,
        _steady_adult,
        lambda c: Persona(
            "wrong-sex",
            "Sai giới tính",
            "Wrong sex",
            "The record has the opposite sex: sex mismatch, overall mismatch. (The gateway "
            "also sees it disagree with digit 4 of the personal number.)",
            "Giới tính ngược với CSDL: không khớp.",
            c,
            _record(c, sex=_opposite(c.sex)),
            PersonaExpectation("mismatch", _fields(sex="mismatch"), person_id=c.person_id),
        ),
    )
    add(
        11,
        lambda c: (
            c.date_of_death is not None
            and c.date_of_death <= date(2021, 12, 31)
            and c.date_of_birth.year >= 1962
            and 25 <= c.age(c.date_of_death) <= 59
        ),
        lambda c: Persona(
            "deceased",
            "Công dân đã mất",
            "Deceased citizen",
            "A citizen of working age who died well before 2023: verdict `deceased` (with "
            "`NgayMat`), fields still compared. An active staff record for them fails the "
            "gateway's Sống rule.",
            "Công dân đã mất trước năm 2023: kết quả `deceased`, kèm ngày mất.",
            c,
            _record(c),
            PersonaExpectation(
                "deceased", ALL_MATCH, person_id=c.person_id, date_of_death=c.date_of_death
            ),
        ),
    )
    ghost_id = population.unused_person_id("001", 1985, "male")
    personas.append(
        Persona(
            "not-in-population",
            "Không có trong CSDL dân cư",
            "Not in the population",
            "A structurally valid personal number (Hà Nội, male, born 1985) that belongs to "
            "nobody: `not_found`, no field details.",
            "Số định danh đúng cấu trúc nhưng không thuộc về ai: `not_found`.",
            None,
            {
                "person_id": ghost_id,
                "full_name": "Trần Văn Khải",
                "date_of_birth": "1985-06-15",
                "sex": "male",
            },
            PersonaExpectation("not_found", {}, person_id=ghost_id),
        )
    )
    add(
        12,
        lambda c: (
            c.date_of_death is None and date(2010, 1, 1) <= c.date_of_birth <= date(2010, 6, 30)
        ),
        lambda c: Persona(
            "under-18",
            "Chưa đủ 18 tuổi",
            "Under 18",
            "Born in the first half of 2010: 16 at 2026-11-23, under 18 until 2028. The "
            "identity verifies (match); the gateway's age rule (at least 18 at recruitment) "
            "rejects the record.",
            "Sinh đầu năm 2010, chưa đủ 18 tuổi đến hết 2027: xác thực khớp, nhưng quy tắc "
            "tuổi của hệ thống tiếp nhận sẽ từ chối hồ sơ.",
            c,
            _record(c),
            PersonaExpectation("match", ALL_MATCH, person_id=c.person_id),
        ),
    )
    add(
        13,
        lambda c: _steady_adult(c) and c.old_id_number is not None,
        lambda c: Persona(
            "cmnd-only",
            "Chỉ có số CMND 9 số",
            "Old 9-digit CMND only",
            "The record has only the old 9-digit identity card number: the service finds "
            "the citizen (match) and its answer carries the 12-digit `SoDinhDanh`, which the "
            "gateway can supplement into the record.",
            "Hồ sơ chỉ có số CMND 9 số: tìm thấy, khớp, kết quả trả về số định danh 12 số.",
            c,
            {
                "old_id_number": c.old_id_number or "",
                "full_name": c.full_name,
                "date_of_birth": c.date_of_birth.isoformat(),
                "sex": c.sex,
            },
            PersonaExpectation("match", ALL_MATCH, person_id=c.person_id),
        ),
    )
    add(
        14,
        lambda c: (
            c.sex == "male" and c.date_of_death is None and 1955 <= c.date_of_birth.year <= 1958
        ),
        lambda c: Persona(
            "past-retirement-age",
            "Quá tuổi nghỉ hưu",
            "Past retirement age",
            "A living man born 1955–1958: the identity verifies (match); the gateway flags an "
            "active record as past the statutory retirement age (NĐ 135/2020/NĐ-CP: men 60 "
            "years 3 months in 2021, rising 3 months a year to 62 in 2028).",
            "Nam sinh 1955–1958, còn sống: xác thực khớp; hệ thống tiếp nhận cảnh báo quá "
            "tuổi nghỉ hưu theo NĐ 135/2020/NĐ-CP.",
            c,
            _record(c),
            PersonaExpectation("match", ALL_MATCH, person_id=c.person_id),
        ),
    )
    return tuple(personas)


@lru_cache(maxsize=4)
def catalogue_for(seed: int, size: int) -> tuple[Persona, ...]:
    """The catalogue of the population (seed, size); built once (tens of milliseconds)."""
    return build_catalogue(get_population(seed, size))


def persona_by_id(seed: int, size: int) -> dict[str, Persona]:
    return {p.id: p for p in catalogue_for(seed, size)}
