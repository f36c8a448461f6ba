"""Dimension verdicts and record status: pending is never passed, warnings never fail, and
cohort 70 phase I is held to "Đúng – Đủ" (Sạch and Sống advisory)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gateway.rules import (
    CATALOGUE,
    Dimension,
    IdentityCheck,
    Outcome,
    Rule,
    Severity,
    Verdict,
    evaluate,
)
from gateway.rules import engine as engine_module
from gateway.rules.models import Hit
from tests.test_rules_factory import (
    ALL_MATCH,
    context,
    errors,
    match,
    phase_i,
    registry_of,
    rule_ids,
    valid_record,
)

POPULATION_RULES = {r.id for r in CATALOGUE if r.uses_population_db}


@pytest.mark.parametrize("identity", [None, IdentityCheck("unavailable")], ids=["none", "outage"])
def test_unchecked_identity_is_pending_never_passed(identity: IdentityCheck | None) -> None:
    ev = evaluate(valid_record(), context(identity=identity))
    assert ev.status == "pending"
    assert ev.dimensions[Dimension.DUNG] is Verdict.PENDING
    assert ev.dimensions[Dimension.SONG] is Verdict.PENDING
    assert ev.dimensions[Dimension.DU] is Verdict.PASS
    assert ev.dimensions[Dimension.SACH] is Verdict.PASS
    assert set(ev.pending) == POPULATION_RULES
    assert ev.findings == []
    assert not set(ev.checked) & POPULATION_RULES


def test_pending_takes_precedence_over_rejection() -> None:
    ev = evaluate(valid_record(salary_coefficient="9.99"), context(identity=None))
    assert ev.dimensions[Dimension.DUNG] is Verdict.FAIL
    assert ev.dimensions[Dimension.SONG] is Verdict.PENDING
    assert ev.status == "pending"
    assert errors(ev) == ["DUNG-SALARY-COEFFICIENT"]


def test_a_record_without_any_identifier_is_rejected_not_pending() -> None:
    """Nothing to ask the population DB: the identity rules do not apply (and are not counted
    as checks made); the missing identifier rejects the record."""
    ev = evaluate(valid_record(person_id=None), context(identity=None))
    assert ev.status == "rejected"
    assert rule_ids(ev) == ["DU-REQ-PERSON-ID"]
    assert ev.dimensions[Dimension.DUNG] is Verdict.PASS
    assert ev.dimensions[Dimension.DU] is Verdict.FAIL
    assert ev.pending == ()
    assert set(ev.skipped) >= POPULATION_RULES


def test_missing_supplementable_field_is_pending_until_the_population_db_answers() -> None:
    record = valid_record(ethnicity_code=None, hometown_province=None)
    pending = evaluate(record, context(identity=None))
    assert pending.dimensions[Dimension.DU] is Verdict.PENDING
    assert {"DU-REQ-ETHNICITY-CODE", "DU-REQ-HOMETOWN-PROVINCE"} <= set(pending.pending)
    assert pending.findings == []
    supplied = evaluate(record, context(identity=match(registry=registry_of(valid_record()))))
    assert supplied.status == "accepted"
    assert supplied.findings == []
    assert supplied.supplemented == {
        "ethnicity_code": "population_db",
        "hometown_province": "population_db",
    }
    not_supplied = evaluate(record, context())  # verified, but no registry values came back
    assert not_supplied.status == "rejected"
    assert rule_ids(not_supplied) == ["DU-REQ-ETHNICITY-CODE", "DU-REQ-HOMETOWN-PROVINCE"]


def test_missing_field_the_population_db_cannot_supply_fails_at_once() -> None:
    ev = evaluate(valid_record(unit=None), context(identity=None))
    assert ev.dimensions[Dimension.DU] is Verdict.FAIL
    assert ev.status == "pending"  # still waiting for the identity check


def test_warning_keeps_the_record_accepted_and_flagged() -> None:
    identity = match(status="partial", fields={**ALL_MATCH, "full_name": "partial"})
    ev = evaluate(valid_record(full_name="Nguyen Van An"), context(identity=identity))
    assert ev.status == "accepted"
    assert ev.flagged
    assert ev.dimensions[Dimension.DUNG] is Verdict.PASS
    assert [f.severity for f in ev.findings] == [Severity.WARNING]


@pytest.mark.parametrize(
    ("changes", "rule", "dimension"),
    [
        ({"unit": "Sở Nội vụ\x00"}, "SACH-CONTROL-CHARS", Dimension.SACH),
        (
            {"person_id": "000000000000", "old_id_number": "031234567"},
            "SACH-PLACEHOLDER",
            Dimension.SACH,
        ),
        ({"source_updated_at": "2026-10-01T09:00:00"}, "SONG-FRESHNESS", Dimension.SONG),
    ],
)
def test_phase_i_reports_sach_and_song_as_advisory(
    changes: dict[str, str], rule: str, dimension: Dimension
) -> None:
    record = valid_record(**changes)
    binding = evaluate(record, context("70", "II"))
    assert binding.status == "rejected"
    assert rule in errors(binding)
    assert binding.dimensions[dimension] is Verdict.FAIL

    advisory = evaluate(record, phase_i())
    assert advisory.status == "accepted"
    assert rule in rule_ids(advisory)
    assert all(f.severity is Severity.WARNING for f in advisory.findings if f.rule == rule)
    assert advisory.dimensions[dimension] is Verdict.FAIL  # counted for reporting
    assert advisory.dimensions[Dimension.DUNG] is Verdict.PASS


def test_phase_i_still_rejects_dung_and_du_errors() -> None:
    ev = evaluate(valid_record(sex="Nam", unit=None), phase_i())
    assert ev.status == "rejected"
    assert set(errors(ev)) == {"DUNG-SEX-VALUE", "DU-REQ-UNIT"}


def test_phase_i_minimum_record_with_population_db_supplementation() -> None:
    """Phase I: the agency sends who works where; the population DB supplies the rest."""
    full = valid_record()
    record = {
        "old_id_number": "031234567",
        "unit": "Sở Nội vụ",
        "staff_type": "cong_chuc",
        "rank_code": "01.003",
        "employment_status": "active",
    }
    identity = IdentityCheck("match", {}, person_id=full["person_id"], registry=registry_of(full))
    ev = evaluate(record, phase_i(identity=identity))
    assert ev.findings == []
    assert ev.status == "accepted"
    assert ev.record["person_id"] == full["person_id"]
    assert ev.record["full_name"] == "Nguyễn Văn An"
    assert set(ev.supplemented) == {
        "person_id",
        "full_name",
        "date_of_birth",
        "sex",
        "ethnicity_code",
        "religion",
        "hometown_province",
        "permanent_address",
    }


def test_every_evaluation_has_four_verdicts() -> None:
    for record in (valid_record(), {}, {"full_name": "x"}):
        ev = evaluate(record, context())
        assert set(ev.dimensions) == set(Dimension)


def test_a_crashing_check_becomes_an_error_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(_: object) -> None:
        raise RuntimeError("bug")

    broken = replace(CATALOGUE[0], check=boom)
    catalogue: tuple[Rule, ...] = (broken, *CATALOGUE[1:])
    monkeypatch.setattr(engine_module, "CATALOGUE", catalogue)
    engine_module.plan_for.cache_clear()
    try:
        ev = evaluate(valid_record(), context())
    finally:
        monkeypatch.undo()
        engine_module.plan_for.cache_clear()
    assert ev.status == "rejected"
    [finding] = ev.findings
    assert finding.rule == broken.id
    assert finding.outcome is Outcome.INVALID
    assert finding.severity is Severity.ERROR


def test_hits_may_come_as_lists() -> None:
    """A check may report several fields at once (one finding each)."""
    record = valid_record(unit="  Sở Nội vụ ", position=" Phó  Trưởng phòng")
    ev = evaluate(record, context())
    assert [(f.rule, f.field) for f in ev.findings] == [
        ("SACH-WHITESPACE", "unit"),
        ("SACH-WHITESPACE", "position"),
    ]
    assert isinstance(Hit("unit"), Hit)
