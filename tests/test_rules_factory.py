"""Factories for the rule-engine tests, and the proof that the factory's record is valid.

`valid_record()` is a complete staff record built from fixed synthetic values that pass every
rule of the catalogue in every cohort, phase and channel; each other test changes exactly what
it needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from gateway.rules import (
    CATALOGUE,
    Dimension,
    Evaluation,
    IdentityCheck,
    RecordContext,
    Severity,
    Verdict,
    evaluate,
)
from gateway.rules.calendar import VN_TZ

AS_OF = date(2026, 11, 23)  # a Monday
RECEIVED_AT = datetime(2026, 11, 23, 10, 0, tzinfo=VN_TZ)
AGENCY = "UBND-031"

ALL_MATCH = {"full_name": "match", "date_of_birth": "match", "sex": "match"}

SCOPES: tuple[tuple[str, str | None, str], ...] = (
    ("26", None, "api"),
    ("26", None, "template"),
    ("70", "I", "template"),
    ("70", "I", "self_update"),
    ("70", "I", "api"),
    ("70", "II", "api"),
    ("70", "II", "self_update"),
)


def valid_record(**changes: str | None) -> dict[str, str | None]:
    """A complete, correct record: a civil servant of Hải Phòng (chuyên viên, A1 step 4)."""
    record: dict[str, str | None] = {
        "person_id": "031085012345",  # Hải Phòng, male born in the 1900s, '85
        "old_id_number": None,
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "1985-03-14",
        "sex": "male",
        "ethnicity_code": "01",
        "religion": "Không",
        "hometown_province": "031",
        "permanent_address": "Số 12, đường Lạch Tray, phường Lạch Tray, quận Ngô Quyền, Hải Phòng",
        "agency_code": AGENCY,
        "unit": "Sở Nội vụ",
        "staff_type": "cong_chuc",
        "rank_code": "01.003",
        "salary_grade": "A1",
        "salary_step": "4",
        "salary_coefficient": "3.33",
        "recruitment_date": "2009-09-01",
        "position": "Phó Trưởng phòng",
        "education_level": "Đại học",
        "party_join_date": "2012-05-19",
        "social_insurance_no": "3112345678",
        "employment_status": "active",
        "source_updated_at": "2026-11-23T09:00:00+07:00",
    }
    record.update(changes)
    return record


def registry_of(record: Mapping[str, str | None]) -> dict[str, str | None]:
    """The population DB's values for this very person (as the lookup service returns them)."""
    keys = (
        "full_name",
        "date_of_birth",
        "sex",
        "ethnicity_code",
        "religion",
        "hometown_province",
        "permanent_address",
    )
    return {key: record.get(key) for key in keys}


def match(**changes: Any) -> IdentityCheck:
    """The population DB confirmed the person, field by field."""
    values: dict[str, Any] = {"status": "match", "fields": dict(ALL_MATCH)}
    values.update(changes)
    return IdentityCheck(**values)


_MATCH = match()
FIRST_SYNC_AT = datetime(2023, 3, 1, tzinfo=UTC)  # the agency has been syncing since 2023
_DEFAULT: Any = object()


def context(
    cohort: str = "26",
    phase: str | None = None,
    channel: str = "api",
    identity: IdentityCheck | None = _DEFAULT,
    **changes: Any,
) -> RecordContext:
    ctx = RecordContext(
        as_of=AS_OF,
        agency_code=AGENCY,
        cohort=cohort,  # type: ignore[arg-type]
        phase=phase,  # type: ignore[arg-type]
        channel=channel,  # type: ignore[arg-type]
        received_at=RECEIVED_AT,
        identity=_MATCH if identity is _DEFAULT else identity,
        agency_first_sync_at=FIRST_SYNC_AT,
    )
    return replace(ctx, **changes) if changes else ctx


def rule_ids(evaluation: Evaluation) -> list[str]:
    return [f.rule for f in evaluation.findings]


def errors(evaluation: Evaluation) -> list[str]:
    return [f.rule for f in evaluation.findings if f.severity is Severity.ERROR]


def only(evaluation: Evaluation, rule: str) -> None:
    assert set(rule_ids(evaluation)) == {rule}, [
        (f.rule, f.field, f.message) for f in evaluation.findings
    ]


def all_pass(evaluation: Evaluation) -> bool:
    return all(v is Verdict.PASS for v in evaluation.dimensions.values())


def phase_i(**changes: Any) -> RecordContext:
    return context("70", "I", "template", **changes)


def evaluate_all(
    records: Iterable[Mapping[str, str | None]], ctx: RecordContext
) -> list[Evaluation]:
    return [evaluate(r, ctx) for r in records]


# --- the factory's record is valid everywhere ----------------------------------------------


@pytest.mark.parametrize(("cohort", "phase", "channel"), SCOPES)
def test_valid_record_passes_everywhere(cohort: str, phase: str | None, channel: str) -> None:
    ev = evaluate(valid_record(), context(cohort, phase, channel))
    assert ev.findings == []
    assert ev.status == "accepted"
    assert ev.dimensions == {d: Verdict.PASS for d in Dimension}
    assert ev.supplemented == {}
    assert ev.pending == ()


def test_valid_record_with_the_population_dbs_own_values_passes() -> None:
    record = valid_record(old_id_number="031234567")
    identity = match(
        fields={**ALL_MATCH, "old_id_number": "match"},
        person_id=record["person_id"],
        registry=registry_of(record),
    )
    ev = evaluate(record, context(identity=identity))
    assert ev.findings == []
    assert ev.status == "accepted"


def test_valid_record_stays_valid_a_day_later_on_other_channels() -> None:
    """Three working days for template and self-update channels."""
    ctx = context("70", "II", "self_update", received_at=RECEIVED_AT + timedelta(days=2))
    assert evaluate(valid_record(), ctx).findings == []


def test_every_rule_applies_to_the_valid_record_somewhere() -> None:
    applied: set[str] = set()
    for cohort, phase, channel in SCOPES:
        applied.update(evaluate(valid_record(), context(cohort, phase, channel)).applicable)
    assert applied == {rule.id for rule in CATALOGUE}


def test_cleaned_record_is_returned() -> None:
    record = valid_record(full_name="  Nguyễn   Văn An ")
    ev = evaluate(record, context())
    assert ev.record["full_name"] == "Nguyễn Văn An"
    assert ev.record["unit"] == "Sở Nội vụ"
    assert set(ev.record) == set(record)
