"""One case per rule of the catalogue: a record that breaks exactly that rule gets exactly that
finding (field, outcome, severity, expected value), and the factory's valid record gets none.

`test_every_rule_has_a_case` fails when a rule is added without a case here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from gateway.rules import CATALOGUE, RULES_BY_ID, Outcome, RecordContext, Severity, evaluate
from tests.test_rules_factory import (
    ALL_MATCH,
    RECEIVED_AT,
    context,
    match,
    phase_i,
    registry_of,
    valid_record,
)


@dataclass(frozen=True)
class Case:
    rule: str
    changes: dict[str, str | None] = field(default_factory=dict)
    ctx: Callable[[], RecordContext] = context
    field: str | None = "="
    """The finding's field; "=" means the rule's first field."""
    outcome: Outcome | None = None
    """None: the rule's own outcome."""
    severity: Severity | None = None
    expected: str | None = "?"
    """"?" means: not asserted."""
    also: frozenset[str] = frozenset()
    """Other rules that necessarily fire with this one."""
    message: str | None = None
    """A phrase the English message must contain."""
    name: str = ""


def _id(case: Case) -> str:
    return case.rule + (f"[{case.name}]" if case.name else "")


def _ctx(**kwargs: Any) -> Callable[[], RecordContext]:
    return lambda: context(**kwargs)


def _identity(**kwargs: Any) -> Callable[[], RecordContext]:
    return lambda: context(identity=match(**kwargs))


def _with_registry(**registry: str | None) -> Callable[[], RecordContext]:
    values = {**registry_of(valid_record()), **registry}
    return lambda: context(identity=match(registry=values))


CASES: tuple[Case, ...] = (
    # --- Đúng: identifiers ---
    Case("DUNG-ID-FORMAT", {"person_id": "03108501234"}, message="leading zeros"),
    Case("DUNG-ID-FORMAT", {"person_id": "031234567"}, message="old_id_number", name="cmnd"),
    Case("DUNG-ID-FORMAT", {"person_id": "03108501234X"}, name="letter"),
    Case("DUNG-ID-PROVINCE", {"person_id": "003085012345"}),
    Case("DUNG-ID-PROVINCE", {"person_id": "097085012345"}, name="beyond-096"),
    Case("DUNG-ID-CENTURY", {"person_id": "031485012345"}),
    Case("DUNG-ID-CENTURY", {"person_id": "031299012345"}, name="2099"),
    Case("DUNG-ID-BIRTH-YEAR", {"person_id": "031086012345"}, message="1986"),
    Case(
        "DUNG-ID-BIRTH-YEAR",
        {"person_id": "031205012345"},
        name="wrong-century",
        message="2005",
    ),
    Case("DUNG-ID-SEX-DIGIT", {"person_id": "031185012345"}),
    Case("DUNG-ID-SEX-DIGIT", {"person_id": "031085012345", "sex": "female"}, name="female"),
    Case("DUNG-OLD-ID-FORMAT", {"old_id_number": "12345678"}),
    Case(
        "DUNG-OLD-ID-FORMAT",
        {"old_id_number": "031085012345"},
        name="twelve-digits",
        message="person_id",
    ),
    # --- Đúng: name, dates, ages ---
    Case("DUNG-NAME-CHARS", {"full_name": "Nguyễn Văn An 2"}),
    Case("DUNG-NAME-CHARS", {"full_name": "Nguyễn Văn An."}, name="punctuation"),
    Case("DUNG-DOB-FORMAT", {"date_of_birth": "14/03/1985"}),
    Case("DUNG-DOB-FORMAT", {"date_of_birth": "1985-02-30"}, name="no-such-day"),
    Case("DUNG-DOB-FORMAT", {"date_of_birth": "1899-12-31"}, name="before-1900"),
    Case(
        "DUNG-DOB-FUTURE",
        {
            "person_id": "031226012345",
            "date_of_birth": "2026-12-01",
            "recruitment_date": None,
            "party_join_date": None,
        },
        ctx=phase_i,
        expected="<= 2026-11-23",
    ),
    Case("DUNG-RECRUITMENT-DATE-FORMAT", {"recruitment_date": "2009-13-01"}),
    Case(
        "DUNG-RECRUITMENT-DATE-FUTURE",
        {"recruitment_date": "2026-12-01"},
        expected="<= 2026-11-23",
    ),
    Case("DUNG-PARTY-DATE-FORMAT", {"party_join_date": "2012/05/19"}),
    Case("DUNG-PARTY-DATE-FUTURE", {"party_join_date": "2027-02-03"}),
    Case("DUNG-UPDATED-AT-FORMAT", {"source_updated_at": "23/11/2026 09:00"}),
    Case("DUNG-UPDATED-AT-FORMAT", {"source_updated_at": "2026-11-23"}, name="date-only"),
    Case("DUNG-UPDATED-AT-FUTURE", {"source_updated_at": "2026-11-23T11:00:00+07:00"}),
    Case(
        "DUNG-UPDATED-AT-FUTURE",
        {"source_updated_at": "2026-11-23T03:10:00Z"},
        name="utc",
    ),
    Case("DUNG-RECRUITMENT-AGE", {"recruitment_date": "2002-01-01"}, expected=">= 2003-03-14"),
    Case(
        "DUNG-RECRUITMENT-BEFORE-RETIREMENT",
        {
            "person_id": "031060012345",
            "date_of_birth": "1960-05-02",
            "recruitment_date": "2022-01-03",
            "employment_status": "retired",
        },
        expected="<= 2020-05-31",
    ),
    Case("DUNG-PARTY-AGE", {"party_join_date": "2000-01-01"}, expected=">= 2003-03-14"),
    Case(
        "DUNG-AGE-MINIMUM",
        {
            "person_id": "031210012345",
            "date_of_birth": "2010-01-01",
            "recruitment_date": None,
            "party_join_date": None,
        },
        ctx=phase_i,
    ),
    # --- Đúng: code lists ---
    Case("DUNG-SEX-VALUE", {"sex": "Nam"}, expected="male | female"),
    Case("DUNG-SEX-VALUE", {"sex": "M"}, name="letter"),
    Case("DUNG-ETHNICITY-CODE", {"ethnicity_code": "99"}),
    Case(
        "DUNG-ETHNICITY-CODE",
        {"ethnicity_code": "1"},
        outcome=Outcome.INVALID,
        name="unpadded",
        message="leading zeros",
    ),
    Case("DUNG-ETHNICITY-CODE", {"ethnicity_code": "Kinh"}, outcome=Outcome.INVALID, name="name"),
    Case("DUNG-HOMETOWN-CODE", {"hometown_province": "003"}),
    Case("DUNG-HOMETOWN-CODE", {"hometown_province": "31"}, outcome=Outcome.INVALID, name="short"),
    Case("DUNG-STAFF-TYPE", {"staff_type": "civil_servant"}),
    Case("DUNG-EMPLOYMENT-STATUS", {"employment_status": "working"}),
    Case("DUNG-RANK-CODE", {"rank_code": "01.999"}),
    Case("DUNG-RANK-CODE", {"rank_code": "chuyên viên"}, outcome=Outcome.INVALID, name="text"),
    Case(
        "DUNG-RANK-SUPERSEDED",
        {"rank_code": "V.07.03.07", "staff_type": "vien_chuc"},
        expected="V.07.03.28",
    ),
    Case(
        "DUNG-RANK-STAFF-TYPE",
        {"rank_code": "04.025", "staff_type": "vien_chuc"},
        expected="can_bo | cong_chuc",
    ),
    Case(
        "DUNG-RANK-STAFF-TYPE",
        {"rank_code": "V.07.05.15", "staff_type": "cong_chuc"},
        expected="vien_chuc",
        name="teacher-as-civil-servant",
    ),
    Case(
        "DUNG-RANK-GRADE",
        {"salary_grade": "A2.1", "salary_step": "1", "salary_coefficient": "4.40"},
        field="salary_grade",
        expected="A1",
    ),
    Case("DUNG-SALARY-GRADE-CODE", {"salary_grade": "A4"}),
    Case("DUNG-SALARY-STEP-FORMAT", {"salary_step": "4a"}),
    Case("DUNG-SALARY-STEP-FORMAT", {"salary_step": "-1"}, name="negative"),
    Case("DUNG-SALARY-STEP-RANGE", {"salary_step": "10"}, expected="1–9"),
    Case("DUNG-SALARY-COEFFICIENT-FORMAT", {"salary_coefficient": "3,33"}, message="dot"),
    Case("DUNG-SALARY-COEFFICIENT", {"salary_coefficient": "3.34"}, expected="3.33"),
    Case(
        "DUNG-SALARY-COEFFICIENT",
        {"salary_step": "1", "salary_coefficient": "2.67"},
        expected="2.34",
        name="step-one",
    ),
    Case("DUNG-SOCIAL-INSURANCE-FORMAT", {"social_insurance_no": "12345"}),
    Case(
        "DUNG-SOCIAL-INSURANCE-FORMAT",
        {"social_insurance_no": "031085099999"},
        name="someone-elses-personal-number",
    ),
    Case("DUNG-AGENCY-CODE", {"agency_code": "BNV"}, expected="UBND-031"),
    # --- Đúng: identity ---
    Case("DUNG-ID-NOT-FOUND", ctx=_ctx(identity=match(status="not_found", fields={}))),
    Case("DUNG-ID-REJECTED", ctx=_ctx(identity=match(status="invalid", fields={}))),
    Case(
        "DUNG-ID-NAME",
        ctx=_identity(status="mismatch", fields={**ALL_MATCH, "full_name": "mismatch"}),
        expected=None,
    ),
    Case(
        "DUNG-ID-NAME-PARTIAL",
        {"full_name": "Nguyen Van An"},
        ctx=lambda: context(
            identity=match(
                status="partial",
                fields={**ALL_MATCH, "full_name": "partial"},
                registry=registry_of(valid_record()),
            )
        ),
        expected="Nguyễn Văn An",
    ),
    Case(
        "DUNG-ID-DOB",
        ctx=_identity(
            status="mismatch",
            fields={**ALL_MATCH, "date_of_birth": "mismatch"},
            hints={"date_of_birth": "day_month_swapped"},
        ),
        message="swapped",
        expected=None,
    ),
    Case(
        "DUNG-ID-SEX",
        ctx=_identity(status="mismatch", fields={**ALL_MATCH, "sex": "mismatch"}),
        expected=None,
    ),
    Case(
        "DUNG-ID-OLD-ID",
        {"old_id_number": "031234567"},
        ctx=_identity(status="mismatch", fields={**ALL_MATCH, "old_id_number": "mismatch"}),
    ),
    Case("DUNG-ID-MISMATCH", ctx=_identity(status="mismatch"), field=None),
    Case("DUNG-REGISTRY-ETHNICITY", ctx=_with_registry(ethnicity_code="02"), expected="02"),
    Case("DUNG-REGISTRY-RELIGION", ctx=_with_registry(religion="Phật giáo"), expected="Phật giáo"),
    Case("DUNG-REGISTRY-HOMETOWN", ctx=_with_registry(hometown_province="001"), expected="001"),
    Case(
        "DUNG-REGISTRY-ADDRESS",
        ctx=_with_registry(
            permanent_address="Số 7, phố Huế, phường Phố Huế, quận Hai Bà Trưng, Hà Nội"
        ),
        expected="Số 7, phố Huế, phường Phố Huế, quận Hai Bà Trưng, Hà Nội",
    ),
    # --- Đủ ---
    Case("DU-REQ-PERSON-ID", {"person_id": None}),
    Case("DU-REQ-FULL-NAME", {"full_name": None}, ctx=_identity(fields={})),
    Case("DU-REQ-DATE-OF-BIRTH", {"date_of_birth": None}, ctx=_identity(fields={})),
    Case("DU-REQ-SEX", {"sex": None}, ctx=_identity(fields={})),
    Case("DU-REQ-UNIT", {"unit": None}),
    Case("DU-REQ-UNIT", {"unit": None}, ctx=phase_i, name="phase-i"),
    Case("DU-REQ-STAFF-TYPE", {"staff_type": None}),
    Case("DU-REQ-RANK-CODE", {"rank_code": None}),
    Case("DU-REQ-RANK-CODE", {"rank_code": None}, ctx=phase_i, name="phase-i"),
    Case("DU-REQ-EMPLOYMENT-STATUS", {"employment_status": None}),
    Case("DU-REQ-ETHNICITY-CODE", {"ethnicity_code": None}),
    Case("DU-REQ-HOMETOWN-PROVINCE", {"hometown_province": None}),
    Case("DU-REQ-PERMANENT-ADDRESS", {"permanent_address": None}),
    Case("DU-REQ-SALARY-GRADE", {"salary_grade": None}),
    Case("DU-REQ-SALARY-STEP", {"salary_step": None}),
    Case("DU-REQ-SALARY-COEFFICIENT", {"salary_coefficient": None}),
    Case("DU-REQ-RECRUITMENT-DATE", {"recruitment_date": None}),
    Case("DU-REC-EDUCATION-LEVEL", {"education_level": None}),
    Case("DU-REC-EDUCATION-LEVEL", {"education_level": "   "}, name="blank"),
    Case("DU-REC-SOCIAL-INSURANCE-NO", {"social_insurance_no": None}),
    Case("DU-REQ-SOURCE-UPDATED-AT", {"source_updated_at": None}),
    # --- Sạch ---
    Case(
        "SACH-NFC",
        {"full_name": unicodedata.normalize("NFD", "Nguyễn Văn An")},
        field="full_name",
    ),
    Case("SACH-WHITESPACE", {"unit": "  Sở   Nội vụ "}, field="unit"),
    Case("SACH-WHITESPACE", {"person_id": "031085 012345"}, field="person_id", name="id"),
    Case("SACH-WHITESPACE", {"unit": "Sở\u00a0Nội vụ"}, field="unit", name="nbsp"),
    Case("SACH-LOOKALIKE", {"full_name": "Ðặng Văn An"}, field="full_name"),
    Case("SACH-INVISIBLE-CHARS", {"unit": "Sở Nội\u200b vụ"}, field="unit"),
    Case("SACH-CONTROL-CHARS", {"unit": "Sở Nội vụ\x00"}, field="unit"),
    Case(
        "SACH-PLACEHOLDER",
        {"ethnicity_code": "N/A"},
        ctx=_with_registry(),
        field="ethnicity_code",
    ),
    Case(
        "SACH-PLACEHOLDER",
        {"unit": "chưa có"},
        field="unit",
        also=frozenset({"DU-REQ-UNIT"}),
        name="counts-as-missing",
    ),
    Case(
        "SACH-PLACEHOLDER",
        {"person_id": "000000000000", "old_id_number": "031234567"},
        field="person_id",
        name="zeros",
    ),
    Case("SACH-PLACEHOLDER-OPTIONAL", {"position": "N/A"}, field="position"),
    Case("SACH-PLACEHOLDER-OPTIONAL", {"position": "-"}, field="position", name="dash"),
    Case("SACH-NAME-CASE", {"full_name": "NGUYỄN VĂN AN"}),
    Case("SACH-NAME-CASE", {"full_name": "nguyễn văn an"}, name="lower"),
    Case("SACH-DUPLICATE-IN-BATCH", ctx=_ctx(duplicate_of_index=3), expected="3"),
    Case("SACH-ACTIVE-ELSEWHERE", ctx=_ctx(active_in_other_agencies=("BNV",)), expected="BNV"),
    Case(
        "SACH-CHANNEL-CONFLICT",
        ctx=_ctx(other_channel_values={"permanent_address": ("self_update", "Số 99, phố Huế")}),
        field="permanent_address",
        expected="Số 99, phố Huế",
        message="self_update",
    ),
    # --- Sống ---
    Case("SONG-FRESHNESS", {"source_updated_at": "2026-11-21T09:00:00+07:00"}),
    Case(
        "SONG-FRESHNESS",
        {"source_updated_at": "2026-11-17T09:00:00+07:00"},
        ctx=_ctx(cohort="70", phase="II", channel="template"),
        name="template-four-working-days",
        message="three working days",
    ),
    Case(
        "SONG-SYNC-HEARTBEAT",
        ctx=_ctx(agency_last_sync_at=RECEIVED_AT - timedelta(days=3)),
        field=None,
    ),
    Case(
        "SONG-DECEASED-ACTIVE",
        ctx=_identity(status="deceased", date_of_death=date(2025, 6, 1)),
        expected="deceased",
    ),
    Case(
        "SONG-DECEASED-ACTIVE",
        ctx=_identity(date_of_death=date(2026, 11, 1)),
        expected="deceased",
        name="date-of-death",
    ),
    Case("SONG-DECEASED-UNCONFIRMED", {"employment_status": "deceased"}),
    Case(
        "SONG-RETIREMENT-AGE",
        {"person_id": "031064012345", "date_of_birth": "1964-01-10"},
        expected="2025-04-30",
    ),
    Case(
        "SONG-RETIREMENT-AGE",
        {
            "person_id": "031168012345",
            "date_of_birth": "1968-09-20",
            "sex": "female",
            "recruitment_date": "1990-09-01",
            "party_join_date": None,
        },
        expected="2025-05-31",  # 56 years 8 months, reached in May 2025
        name="woman",
    ),
)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_rule_case(case: Case) -> None:
    rule = RULES_BY_ID[case.rule]
    record = valid_record(**case.changes)
    ctx = case.ctx()
    ev = evaluate(record, ctx)
    found = {f.rule for f in ev.findings}
    assert found == {case.rule, *case.also}, [(f.rule, f.field, f.message) for f in ev.findings]
    findings = [f for f in ev.findings if f.rule == case.rule]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.field == (rule.fields[0] if case.field == "=" else case.field)
    assert finding.outcome == (case.outcome or rule.outcome)
    assert finding.dimension == rule.dimension
    advisory = ctx.scope in rule.applies_to.advisory_in
    severity = case.severity or (Severity.WARNING if advisory else rule.severity)
    assert finding.severity == severity
    if case.expected != "?":
        assert finding.expected == case.expected
    if case.message:
        assert case.message in finding.message
    assert finding.message and finding.message_vi
    assert "{field}" not in finding.message + finding.message_vi
    # The verdicts follow the findings.
    dimension = ev.dimensions[rule.dimension]
    if rule.severity is Severity.ERROR:
        assert dimension.value == "fail"
    else:
        assert dimension.value == "pass"
    if any(f.severity is Severity.ERROR for f in ev.findings):
        assert ev.status == "rejected"
    else:
        assert ev.status == "accepted"


def test_every_rule_has_a_case() -> None:
    assert {rule.id for rule in CATALOGUE} <= {case.rule for case in CASES}


def test_full_set_rules_do_not_bind_in_phase_i() -> None:
    full_only = [r for r in CATALOGUE if "70/I" not in r.applies_to.scopes]
    assert {r.id for r in full_only} == {
        "DU-REQ-ETHNICITY-CODE",
        "DU-REQ-HOMETOWN-PROVINCE",
        "DU-REQ-PERMANENT-ADDRESS",
        "DU-REQ-SALARY-GRADE",
        "DU-REQ-SALARY-STEP",
        "DU-REQ-SALARY-COEFFICIENT",
        "DU-REQ-RECRUITMENT-DATE",
        "DU-REQ-SOURCE-UPDATED-AT",
        "DU-REC-EDUCATION-LEVEL",
        "DU-REC-SOCIAL-INSURANCE-NO",
    }
    keys = [
        "ethnicity_code",
        "hometown_province",
        "permanent_address",
        "salary_grade",
        "salary_step",
        "salary_coefficient",
        "recruitment_date",
        "education_level",
        "social_insurance_no",
        "source_updated_at",
    ]
    record = valid_record(**dict.fromkeys(keys))
    assert evaluate(record, phase_i()).findings == []
    full = evaluate(record, context())
    assert sorted(f.field or "" for f in full.findings) == sorted(keys)
    assert {f.outcome for f in full.findings} == {Outcome.MISSING}
    warned = {f.field for f in full.findings if f.severity is Severity.WARNING}
    assert warned == {"education_level", "social_insurance_no"}


def test_elected_cadres_need_no_rank_or_salary_grade() -> None:
    record = valid_record(
        staff_type="can_bo",
        rank_code=None,
        salary_grade=None,
        salary_step=None,
        salary_coefficient="6.50",
    )
    assert evaluate(record, context()).findings == []


def test_cadres_may_hold_a_civil_service_rank() -> None:
    assert evaluate(valid_record(staff_type="can_bo"), context()).findings == []


def test_public_employees_hold_administrative_and_accounting_ranks() -> None:
    for rank in ("01.003", "06.031"):
        record = valid_record(staff_type="vien_chuc", rank_code=rank)
        assert evaluate(record, context()).findings == [], rank


def test_public_employee_c2_uses_table_3() -> None:
    record = valid_record(
        staff_type="cong_chuc",
        rank_code="06.040",
        salary_grade="C2",
        salary_step="1",
        salary_coefficient="1.50",
    )
    assert evaluate(record, context()).findings == []


def test_coefficient_spellings_are_compared_as_decimals() -> None:
    for text in ("3.33", "3.330", "3.3300"):
        assert evaluate(valid_record(salary_coefficient=text), context()).findings == [], text
    ev = evaluate(valid_record(salary_step="3", salary_coefficient="3"), context())
    assert ev.findings == []  # A1 step 3 is 3.00, sent as the JSON number 3
    ev = evaluate(valid_record(salary_coefficient="3.331"), context())
    assert [f.rule for f in ev.findings] == ["DUNG-SALARY-COEFFICIENT"]


def test_social_insurance_may_be_the_own_personal_number() -> None:
    record = valid_record(social_insurance_no="031085012345")
    assert evaluate(record, context()).findings == []


def test_old_id_alone_meets_the_identifier_requirement() -> None:
    record = valid_record(person_id=None, old_id_number="031234567")
    assert evaluate(record, context(identity=match(fields=ALL_MATCH))).findings == []


def test_channel_conflict_ignores_spelling_variants_of_the_same_name() -> None:
    ctx = context(
        other_channel_values={
            "full_name": ("self_update", "NGUYỄN VĂN AN"),
            "unit": ("template", " sở nội vụ "),
            "sex": ("api", "female"),  # the same channel as this record: not a conflict
        }
    )
    assert evaluate(valid_record(), ctx).findings == []
    ctx = context(other_channel_values={"full_name": ("self_update", "Nguyễn Văn Anh")})
    assert [f.rule for f in evaluate(valid_record(), ctx).findings] == ["SACH-CHANNEL-CONFLICT"]


def test_freshness_windows() -> None:
    def stale(updated: str, channel: str, received_days: float = 0) -> bool:
        ctx = context("70", "II", channel, received_at=RECEIVED_AT + timedelta(days=received_days))
        ev = evaluate(valid_record(source_updated_at=updated), ctx)
        return "SONG-FRESHNESS" in [f.rule for f in ev.findings]

    # api: one day (24 hours) from the change.
    assert not stale("2026-11-22T10:30:00+07:00", "api")
    assert stale("2026-11-22T09:30:00+07:00", "api")
    assert not stale("2026-11-22T03:30:00Z", "api")  # 10:30 in Vietnam
    assert not stale("2026-11-22T10:30:00", "api")  # naive: Vietnam time
    # other channels: to the end of the third working day after the day of the change.
    # Changed Thursday 19/11 → Fri 20, Mon 23, Tue 24: due by 24:00 on Tuesday 24/11.
    assert not stale("2026-11-19T16:00:00+07:00", "template", received_days=1.5)
    assert stale("2026-11-19T16:00:00+07:00", "template", received_days=2)
    assert not stale("2026-11-19T16:00:00+07:00", "self_update", received_days=1.5)


def test_freshness_spares_the_initial_load() -> None:
    """A record last changed before the agency first synchronised is part of its initial load:
    it cannot have arrived late. Changes made once the agency was connected can."""
    from dataclasses import replace as _replace

    from gateway.rules import evaluate as _evaluate
    from tests.test_rules_factory import context as _context
    from tests.test_rules_factory import valid_record as _valid_record

    old_change = {**_valid_record(), "source_updated_at": "2021-05-04T09:00:00+07:00"}
    first_load = _evaluate(old_change, _replace(_context(), agency_first_sync_at=None))
    assert "SONG-FRESHNESS" not in [f.rule for f in first_load.findings]
    after_connection = _evaluate(
        old_change, _context(agency_first_sync_at=datetime(2021, 1, 1, tzinfo=UTC))
    )
    assert "SONG-FRESHNESS" in [f.rule for f in after_connection.findings]


def test_cleaning_that_removes_a_space_renormalises() -> None:
    """Found by hypothesis: dropping a space from an identifier joined "A" and a combining
    grave accent, leaving a value that was no longer NFC."""
    import unicodedata as _ud

    from gateway.rules.prepare import clean_text

    cleaned, _flags = clean_text("A \u0300", identifier=True)
    assert cleaned == "\u00c0" and _ud.is_normalized("NFC", cleaned)
