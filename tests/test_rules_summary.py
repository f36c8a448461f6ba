"""Duplicates in a submission, per-rule and per-dimension summaries, and the benchmark."""

from __future__ import annotations

import json

from gateway.rules import Dimension, duplicate_indexes, evaluate, summarise
from gateway.rules.bench import rules_per_second, workload
from tests.test_rules_factory import context, phase_i, valid_record


def test_duplicate_indexes_by_person_id_then_old_id() -> None:
    records: list[dict[str, str | None]] = [
        valid_record(),
        valid_record(person_id="031085099999"),
        valid_record(person_id=" 031085 012345 "),  # same number, spaced
        valid_record(person_id=None, old_id_number="031234567"),
        valid_record(person_id=None, old_id_number="031234567"),
        valid_record(person_id="000000000000"),  # placeholders are never duplicates
        valid_record(person_id="000000000000"),
        {"full_name": "no identifier"},
        {"full_name": "no identifier"},
    ]
    assert duplicate_indexes(records) == {2: 0, 4: 3}


def test_duplicate_finding_from_the_context() -> None:
    records = [valid_record(), valid_record()]
    duplicates = duplicate_indexes(records)
    evaluations = [
        evaluate(r, context(duplicate_of_index=duplicates.get(i))) for i, r in enumerate(records)
    ]
    assert evaluations[0].status == "accepted"
    assert [f.rule for f in evaluations[1].findings] == ["SACH-DUPLICATE-IN-BATCH"]


def test_summary_counts_checks_made_and_cases_compliant() -> None:
    evaluations = [
        evaluate(valid_record(), context()),
        evaluate(valid_record(salary_coefficient="3.34"), context()),
        evaluate(valid_record(party_join_date=None), context()),  # party rules not checked
        evaluate(valid_record(unit="  Sở Nội vụ ", position=" Phó  Trưởng phòng"), context()),
        evaluate(valid_record(), context(identity=None)),
        evaluate(valid_record(source_updated_at="2026-10-01T08:00:00"), phase_i()),
    ]
    summary = summarise(evaluations)
    assert summary.records == 6
    assert (summary.accepted, summary.rejected, summary.pending) == (4, 1, 1)
    assert summary.flagged == 2

    coefficient = summary.rule("DUNG-SALARY-COEFFICIENT")
    assert (coefficient.checked, coefficient.failed, coefficient.compliant) == (6, 1, 5)
    assert coefficient.failed_percent == round(100 / 6, 2)

    party = summary.rule("DUNG-PARTY-AGE")
    assert party.checked == 5

    whitespace = summary.rule("SACH-WHITESPACE")
    assert (whitespace.failed, whitespace.findings, whitespace.warnings) == (1, 2, 2)

    name = summary.rule("DUNG-ID-NAME")
    assert name.checked == 5  # not the pending one

    freshness = summary.rule("SONG-FRESHNESS")
    assert (freshness.failed, freshness.errors, freshness.warnings) == (1, 0, 1)  # advisory

    dung = summary.dimensions[Dimension.DUNG]
    assert (dung.passed, dung.failed, dung.pending) == (4, 1, 1)
    assert dung.pass_share == 4 / 6
    song = summary.dimensions[Dimension.SONG]
    assert (song.passed, song.failed, song.pending) == (4, 1, 1)

    data = summary.as_dict()
    json.dumps(data)
    assert data["dimensions"]["dung"]["pass"] == 4
    assert {r["rule"] for r in data["rules"]} >= {"DUNG-SALARY-COEFFICIENT", "SONG-FRESHNESS"}


def test_empty_summary() -> None:
    summary = summarise([])
    assert summary.records == 0
    assert all(d.pass_share is None for d in summary.dimensions.values())
    assert all(r.failed_percent == 0.0 for r in summary.rules)


def test_bench_workload_mixes_valid_and_defective_records() -> None:
    evaluations = [evaluate(r, c) for r, c in workload(600)]
    statuses = {ev.status for ev in evaluations}
    assert statuses == {"accepted", "rejected", "pending"}
    assert sum(1 for ev in evaluations if not ev.findings) > 200


def test_rules_per_second_runs() -> None:
    assert rules_per_second(2000) > 1000
