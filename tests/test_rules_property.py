"""Property tests: `evaluate` never raises on any text in any field (NUL, lone surrogates,
combining marks, look-alikes, values up to the schema's maximum lengths), always returns four
verdicts, and its status agrees with its findings; cleaning is idempotent."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.records.schema import StaffRecordIn
from gateway.rules import (
    RULES_BY_ID,
    Dimension,
    IdentityCheck,
    RecordContext,
    Severity,
    Verdict,
    duplicate_indexes,
    evaluate,
    summarise,
)
from tests.test_rules_factory import AS_OF, RECEIVED_AT, valid_record


def _max_lengths() -> dict[str, int]:
    lengths: dict[str, int] = {}
    for name, spec in StaffRecordIn.model_json_schema()["properties"].items():
        found = [a["maxLength"] for a in spec.get("anyOf", []) if "maxLength" in a]
        lengths[name] = found[0] if found else 300
    return lengths


MAX_LENGTHS = _max_lengths()

# Everything, surrogates included, with a bias to the troublesome.
ANY_CHAR = st.characters(exclude_categories=())
TRICKY = st.sampled_from(
    [
        "\x00", "\t", "\n", "\u00a0", "\u200b", "\ufeff", "\u00ad", "\u0301", "\u0323",
        "\u0303", "Ð", "ð", "Đ", "ư", "ơ", "0", "9", "-", ".", "/", ":", "T", "Z", "+",
        "\ud800", "\U0001f600", " ", "A", "x",
    ]
)  # fmt: skip
TOKENS = st.sampled_from(
    [
        "N/A", "null", "V.", "01.003", "A1", "2026-11-23", "T09:00:00", "+07:00", "1985-",
        "031085", "012345", "male", "active", "vien_chuc", "Nguyễn", "chưa có", "3.33",
    ]
)  # fmt: skip


def text_for(field: str) -> st.SearchStrategy[str | None]:
    size = MAX_LENGTHS.get(field, 300)
    chars = st.one_of(ANY_CHAR, TRICKY)
    return st.one_of(
        st.none(),
        st.text(chars, max_size=size),
        st.lists(st.one_of(TOKENS, TRICKY), max_size=12).map(lambda parts: "".join(parts)[:size]),
        st.just("x" * size),
    )


def _record_strategy() -> st.SearchStrategy[dict[str, str | None]]:
    fields = {name: text_for(name) for name in MAX_LENGTHS}
    return st.fixed_dictionaries({}, optional=fields)


RECORDS = _record_strategy()

# Records close to valid, with one or two arbitrary fields: reach the deeper rules.
NEAR_VALID = st.builds(
    lambda base, changes: {**base, **changes},
    st.just(valid_record()),
    st.dictionaries(
        st.sampled_from(sorted(MAX_LENGTHS)), st.one_of(st.none(), st.text(max_size=40)), max_size=3
    ),
)

IDENTITIES = st.one_of(
    st.none(),
    st.builds(
        IdentityCheck,
        status=st.sampled_from(
            ["match", "partial", "mismatch", "not_found", "deceased", "invalid", "unavailable"]
        ),
        fields=st.dictionaries(
            st.sampled_from(["full_name", "date_of_birth", "sex", "old_id_number", "other"]),
            st.sampled_from(["match", "partial", "mismatch", "weird"]),
        ),
        hints=st.dictionaries(
            st.just("date_of_birth"), st.sampled_from(["day_month_swapped", "?"])
        ),
        date_of_death=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 1, 1))),
        person_id=st.one_of(st.none(), st.just("031085012345"), st.text(max_size=14)),
        registry=st.one_of(
            st.none(),
            st.dictionaries(
                st.sampled_from(
                    [
                        "full_name",
                        "date_of_birth",
                        "sex",
                        "ethnicity_code",
                        "religion",
                        "hometown_province",
                        "permanent_address",
                    ]
                ),
                st.one_of(st.none(), st.text(max_size=60)),
            ),
        ),
    ),
)

SCOPES = st.sampled_from(
    [("26", None, "api"), ("70", "I", "template"), ("70", "II", "self_update"), ("70", None, "api")]
)


@st.composite
def contexts(draw: Any) -> RecordContext:
    cohort, phase, channel = draw(SCOPES)
    return RecordContext(
        as_of=AS_OF,
        agency_code="UBND-031",
        cohort=cohort,
        phase=phase,
        channel=channel,
        received_at=RECEIVED_AT,
        identity=draw(IDENTITIES),
        duplicate_of_index=draw(st.one_of(st.none(), st.integers(0, 5))),
        active_in_other_agencies=draw(st.lists(st.sampled_from(["BNV", "UBND-031"]), max_size=2)),
        other_channel_values=draw(
            st.dictionaries(
                st.sampled_from(["full_name", "unit", "sex"]),
                st.tuples(
                    st.sampled_from(["api", "template", "self_update"]),
                    st.one_of(st.none(), st.text(max_size=20)),
                ),
                max_size=2,
            )
        ),
        agency_last_sync_at=draw(st.one_of(st.none(), st.just(RECEIVED_AT))),
    )


def _check_invariants(record: dict[str, str | None], ctx: RecordContext) -> None:
    ev = evaluate(record, ctx)
    assert set(ev.dimensions) == set(Dimension)
    assert all(isinstance(v, Verdict) for v in ev.dimensions.values())
    errors = [f for f in ev.findings if f.severity is Severity.ERROR]
    pending = any(v is Verdict.PENDING for v in ev.dimensions.values())
    if pending:
        assert ev.status == "pending"
    elif errors:
        assert ev.status == "rejected"
    else:
        assert ev.status == "accepted"
    for finding in ev.findings:
        rule = RULES_BY_ID[finding.rule]
        assert finding.dimension is rule.dimension
        assert finding.message and finding.message_vi
        if finding.severity is Severity.ERROR:
            assert ev.dimensions[rule.dimension] is Verdict.FAIL
    for value in ev.record.values():
        if value is not None:
            assert value
            assert unicodedata.is_normalized("NFC", value)
            assert value == value.strip()
            assert "\x00" not in value
            value.encode("utf-8")  # no lone surrogates: storable in PostgreSQL
    # Cleaning is idempotent: the cleaned record raises no text-cleaning finding.
    again = evaluate(ev.record, ctx)
    text_rules = {
        "SACH-NFC",
        "SACH-WHITESPACE",
        "SACH-LOOKALIKE",
        "SACH-INVISIBLE-CHARS",
        "SACH-CONTROL-CHARS",
        "SACH-PLACEHOLDER",
        "SACH-PLACEHOLDER-OPTIONAL",
    }
    assert not {f.rule for f in again.findings} & text_rules


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=RECORDS, ctx=contexts())
def test_evaluate_never_raises_on_arbitrary_records(
    record: dict[str, str | None], ctx: RecordContext
) -> None:
    _check_invariants(record, ctx)


@settings(max_examples=300, deadline=None)
@given(record=NEAR_VALID, ctx=contexts())
def test_evaluate_never_raises_near_valid_records(
    record: dict[str, str | None], ctx: RecordContext
) -> None:
    _check_invariants(record, ctx)


@settings(max_examples=100, deadline=None)
@given(records=st.lists(RECORDS, max_size=8))
def test_duplicates_and_summaries_never_raise(records: list[dict[str, str | None]]) -> None:
    duplicates = duplicate_indexes(records)
    for index, first in duplicates.items():
        assert first < index
    ctx = RecordContext(
        as_of=AS_OF,
        agency_code="UBND-031",
        cohort="26",
        phase=None,
        channel="api",
        received_at=RECEIVED_AT,
        identity=None,
    )
    evaluations = [evaluate(r, ctx) for r in records]
    summary = summarise(evaluations)
    assert summary.records == len(records)
    for stats in summary.rules:
        assert 0 <= stats.failed <= stats.checked <= len(records)
