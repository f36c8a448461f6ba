"""Verification: compare what an agency holds with the registry, field by field.

Verdict per item: `not_found` when nobody holds the identifier; `deceased` when the citizen died
on or before the as-of date (field details still given); otherwise `mismatch` if any field
mismatches, `partial` if any is partial, else `match`. A malformed item is `invalid` with a
reason; it never fails the rest of the batch.

The answer is yes/no per field: it never contains the registered name or date of birth.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date

from ccvc.problems import Problem
from ccvc.text import compare_names
from mock_dancu.identity import resolve
from mock_dancu.population import Citizen, Population, Sex
from mock_dancu.verification.models import (
    DateCheck,
    Details,
    FieldVerdict,
    ItemResult,
    NameCheck,
    SimpleCheck,
    Verdict,
    VerifyItem,
    VerifyRequest,
    VerifyResponse,
)

SEX_BY_WIRE: dict[str, Sex] = {"nam": "male", "nữ": "female"}
WIRE_BY_SEX: dict[Sex, str] = {"male": "Nam", "female": "Nữ"}

_YEAR = re.compile(r"^\d{4}$")
_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class InvalidField(ValueError):
    def __init__(self, reason_vi: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason = f"{reason_vi} / {reason_en}"


def parse_sex(text: str) -> Sex:
    """`Nam` / `Nữ` (any case, NFC or NFD)."""
    sex = SEX_BY_WIRE.get(unicodedata.normalize("NFC", text).strip().casefold())
    if sex is None:
        raise InvalidField("GioiTinh phải là 'Nam' hoặc 'Nữ'", "GioiTinh must be 'Nam' or 'Nữ'")
    return sex


def parse_birth_date(text: str) -> date | int:
    """A full date (`yyyy-mm-dd`) or a bare year (`yyyy`)."""
    text = text.strip()
    if _YEAR.match(text):
        return int(text)
    found = _FULL_DATE.match(text)
    if found:
        try:
            return date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            pass
    raise InvalidField(
        "NgayThangNamSinh phải có dạng yyyy-mm-dd hoặc yyyy và là ngày có thật",
        "NgayThangNamSinh must be a real date as yyyy-mm-dd, or a year as yyyy",
    )


def compare_birth_date(sent: date | int, registered: date) -> DateCheck:
    if isinstance(sent, int):
        return DateCheck(result="partial" if sent == registered.year else "mismatch")
    if sent == registered:
        return DateCheck(result="match")
    if (
        sent.year == registered.year
        and sent.day != sent.month
        and (sent.month, sent.day) == (registered.day, registered.month)
    ):
        return DateCheck(result="mismatch", hint="day_month_swapped")
    return DateCheck(result="mismatch")


def _overall(details: Details) -> FieldVerdict:
    verdicts = [
        check.result
        for check in (details.full_name, details.date_of_birth, details.sex, details.old_id)
        if check is not None
    ]
    if "mismatch" in verdicts:
        return "mismatch"
    if "partial" in verdicts:
        return "partial"
    return "match"


def _compare(
    item: VerifyItem,
    citizen: Citizen,
    sent_dob: date | int | None,
    sent_sex: Sex | None,
    old_id_checked: bool | None,
) -> Details:
    details = Details()
    if item.full_name is not None:
        verdict, steps = compare_names(item.full_name, citizen.full_name)
        details.full_name = NameCheck(result=verdict.value, normalisations=steps)
    if sent_dob is not None:
        details.date_of_birth = compare_birth_date(sent_dob, citizen.date_of_birth)
    if sent_sex is not None:
        details.sex = SimpleCheck(result="match" if sent_sex == citizen.sex else "mismatch")
    if old_id_checked is not None:
        details.old_id = SimpleCheck(result="match" if old_id_checked else "mismatch")
    return details


def verify_item(population: Population, index: int, item: VerifyItem, as_of: date) -> ItemResult:
    resolution = resolve(population, item.person_id, item.old_id, as_of)
    if resolution.error is not None:
        return ItemResult(
            index=index,
            person_id=resolution.person_id,
            result="invalid",
            reason=resolution.error.reason,
        )
    try:
        if item.full_name is not None and not item.full_name.strip():
            raise InvalidField("HoVaTen để trống", "HoVaTen is empty")
        sent_dob = parse_birth_date(item.date_of_birth) if item.date_of_birth is not None else None
        sent_sex = parse_sex(item.sex) if item.sex is not None else None
    except InvalidField as exc:
        return ItemResult(
            index=index, person_id=resolution.person_id, result="invalid", reason=exc.reason
        )
    citizen = resolution.citizen
    if citizen is None:
        return ItemResult(index=index, person_id=resolution.person_id, result="not_found")
    details = _compare(item, citizen, sent_dob, sent_sex, resolution.old_id_checked)
    result: Verdict = "deceased" if citizen.is_deceased(as_of) else _overall(details)
    return ItemResult(
        index=index,
        person_id=citizen.person_id,
        result=result,
        details=details,
        date_of_death=citizen.date_of_death if result == "deceased" else None,
    )


def check_batch_size(count: int, limit: int) -> None:
    if count > limit:
        raise Problem(
            413,
            "batch-too-large",
            "Too many items in one request",
            title_vi="Quá nhiều mục trong một yêu cầu",
            detail=f"DanhSach: at most {limit} items, got {count} "
            f"/ tối đa {limit} mục, nhận được {count}",
            field="DanhSach",
            limit=limit,
        )


def verify(
    population: Population, request: VerifyRequest, *, as_of: date, max_batch: int
) -> VerifyResponse:
    check_batch_size(len(request.items), max_batch)
    results = [verify_item(population, i, item, as_of) for i, item in enumerate(request.items)]
    return VerifyResponse(
        request_id=request.request_id,
        as_of=as_of,
        count=len(results),
        summary=dict(sorted(Counter(r.result for r in results).items())),
        results=results,
    )
