"""What the gateway does with each test persona of the population DB.

The population DB documents how it *verifies* each persona (`/dancu/sandbox/personas`); this
table documents the gateway's *outcome* for a complete staff record built on the persona
(`persona_record`), sent by HR software of a cohort-26 agency: the record's status, and the
rules that must (and only those that may) fire. `tests/test_personas_gateway.py` keeps it true.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel


@dataclass(frozen=True, slots=True)
class PersonaOutcome:
    status: str  # accepted | rejected
    errors: tuple[str, ...] = ()  # rules of severity error that fire
    warnings: tuple[str, ...] = ()  # rules of severity warning that fire
    note_en: str = ""
    note_vi: str = ""


PERSONA_OUTCOMES: dict[str, PersonaOutcome] = {
    "exact-match": PersonaOutcome(
        "accepted", note_en="Everything agrees.", note_vi="Mọi trường đều khớp."
    ),
    "name-nfd": PersonaOutcome(
        "accepted",
        warnings=("SACH-NFC",),
        note_en="Same name once normalised to NFC; stored in NFC, flagged for cleaning.",
        note_vi="Cùng tên sau chuẩn hoá NFC; lưu dạng NFC, cảnh báo làm sạch.",
    ),
    "name-old-tone-placement": PersonaOutcome(
        "accepted", note_en="Hoà and Hòa are the same name.", note_vi="Hoà và Hòa là cùng một tên."
    ),
    "name-no-diacritics": PersonaOutcome(
        "accepted",
        warnings=("DUNG-ID-NAME-PARTIAL",),
        note_en="Agrees only without diacritics: kept, flagged for a person to review.",
        note_vi="Chỉ khớp khi bỏ dấu: giữ lại, cảnh báo để cán bộ rà soát.",
    ),
    "name-uppercase": PersonaOutcome(
        "accepted",
        warnings=("SACH-NAME-CASE",),
        note_en="Same name in capitals; flagged for cleaning.",
        note_vi="Cùng tên viết hoa toàn bộ; cảnh báo làm sạch.",
    ),
    "name-mismatch": PersonaOutcome(
        "rejected",
        errors=("DUNG-ID-NAME",),
        note_en="Another person's name.",
        note_vi="Họ tên của người khác.",
    ),
    "dob-day-month-swapped": PersonaOutcome(
        "rejected",
        errors=("DUNG-ID-DOB",),
        note_en="Date of birth disagrees (day and month swapped).",
        note_vi="Ngày sinh không khớp (đảo ngày và tháng).",
    ),
    "dob-year-only": PersonaOutcome(
        "rejected",
        errors=("DUNG-DOB-FORMAT",),
        note_en="A staff record needs the full date of birth.",
        note_vi="Hồ sơ cần ngày sinh đầy đủ.",
    ),
    "wrong-sex": PersonaOutcome(
        "rejected",
        errors=("DUNG-ID-SEX", "DUNG-ID-SEX-DIGIT"),
        note_en="Sex disagrees with the population DB and with the personal number.",
        note_vi="Giới tính không khớp CSDLQG về dân cư và số định danh.",
    ),
    "deceased": PersonaOutcome(
        "rejected",
        errors=("SONG-DECEASED-ACTIVE",),
        note_en="Active in the agency but deceased in the population DB.",
        note_vi="Đang công tác nhưng đã mất theo CSDLQG về dân cư.",
    ),
    "not-in-population": PersonaOutcome(
        "rejected",
        errors=("DUNG-ID-NOT-FOUND",),
        note_en="No such person in the population DB.",
        note_vi="Không có người này trong CSDLQG về dân cư.",
    ),
    "under-18": PersonaOutcome(
        "rejected",
        errors=("DUNG-AGE-MINIMUM", "DUNG-RECRUITMENT-AGE"),
        note_en="Under 18: cannot be employed (and so was recruited under 18).",
        note_vi="Chưa đủ 18 tuổi (nên ngày tuyển dụng cũng trước tuổi 18).",
    ),
    "cmnd-only": PersonaOutcome(
        "accepted",
        note_en="Sent with the old CMND only: the 12-digit number is supplemented.",
        note_vi="Chỉ gửi số CMND cũ: số định danh 12 số được bổ sung.",
    ),
    "past-retirement-age": PersonaOutcome(
        "accepted",
        warnings=("SONG-RETIREMENT-AGE",),
        note_en="Active past the statutory retirement age (NĐ 135/2020): flagged.",
        note_vi="Đang công tác quá tuổi nghỉ hưu (NĐ 135/2020): cảnh báo.",
    ),
}


def persona_record(persona: dict[str, Any], *, agency_code: str, now: datetime) -> dict[str, Any]:
    """A complete staff record on a persona (as `/dancu/sandbox/personas` returns it): its
    identity fields as the persona prescribes, the rest plausible HR data."""
    identity = dict(persona["record"])
    citizen = persona.get("citizen") or {}
    person_id = identity.get("person_id") or citizen.get("person_id") or ""
    birth = citizen.get("date_of_birth") or identity.get("date_of_birth") or "1980-01-01"
    born = date.fromisoformat(birth) if len(birth) == 10 else date(int(birth[:4]), 1, 1)
    recruited = min(date(born.year + 23, 9, 1), now.date() - timedelta(days=400))
    record: dict[str, Any] = {
        "ethnicity_code": citizen.get("ethnicity_code") or "01",
        "religion": citizen.get("religion") or "Không",
        "hometown_province": citizen.get("hometown_province") or (person_id[:3] or "001"),
        "permanent_address": citizen.get("permanent_address") or "Số 1, phố Tràng Tiền, Hà Nội",
        "agency_code": agency_code,
        "unit": "Văn phòng",
        "staff_type": "cong_chuc",
        "rank_code": "01.003",
        "salary_grade": "A1",
        "salary_step": "3",
        "salary_coefficient": "3.00",
        "recruitment_date": recruited.isoformat(),
        "position": "Chuyên viên",
        "education_level": "Đại học",
        "social_insurance_no": (person_id or "0000000000")[2:12].rjust(10, "1"),
        "employment_status": "active",
        "source_updated_at": (now - timedelta(hours=1)).isoformat(timespec="seconds"),
    }
    record.update({k: v for k, v in identity.items() if v is not None})
    return record


class PersonaOutcomeRead(BaseModel):
    persona: str
    status: str
    errors: list[str]
    warnings: list[str]
    note_en: str
    note_vi: str


router = APIRouter(tags=["sandbox"])


@router.get(
    "/v1/sandbox/persona-outcomes",
    summary="What the gateway does with each population-DB test persona (public)",
)
def persona_outcomes() -> list[PersonaOutcomeRead]:
    return [
        PersonaOutcomeRead(
            persona=k,
            status=v.status,
            errors=list(v.errors),
            warnings=list(v.warnings),
            note_en=v.note_en,
            note_vi=v.note_vi,
        )
        for k, v in PERSONA_OUTCOMES.items()
    ]
