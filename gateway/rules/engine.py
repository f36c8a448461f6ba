"""Evaluation: one record and its context in, findings and verdicts out. Pure and fast.

Verdicts per dimension: FAIL if a rule of it found an error (in cohort 70 phase I, Sạch and
Sống errors are reported as warnings but still fail their dimension, for reporting); else
PENDING if a rule of it could not be decided (the population DB has not answered); else PASS.
Warnings keep a record flagged, never failed.

Record status: "pending" if any dimension is pending; else "rejected" if any finding is an
error; else "accepted".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from gateway.rules.catalogue import CATALOGUE
from gateway.rules.checks import QUIET_WHEN_PRESENT
from gateway.rules.models import (
    DIMENSIONS,
    SKIP,
    UNDECIDED,
    Channel,
    Check,
    Dimension,
    Evaluation,
    Finding,
    Hit,
    Outcome,
    RecordContext,
    RecordStatus,
    Rule,
    Scope,
    Severity,
    Verdict,
)
from gateway.rules.prepare import Prepared, clean_text, is_placeholder

_DIM_INDEX: dict[Dimension, int] = {d: i for i, d in enumerate(DIMENSIONS)}
_ERROR, _WARNING = Severity.ERROR, Severity.WARNING

_Entry = tuple[Rule, Check, int, Severity, bool]
"""(rule, check, dimension bit, severity as reported, fails its dimension?)"""


class Plan:
    """The rules that apply to one (scope, channel), in catalogue order.

    `local_entries` leaves out the rules decided by the population DB: when the record has no
    identifier (they are not applicable) or the population DB has not answered (they are
    pending), they are accounted for in bulk instead of being called one by one.

    `complete[...]` are the same lists without the checks that find nothing while their field
    has a value (the required fields): for a record with every one of `complete_keys`, which
    is most records, they need not be called.
    """

    __slots__ = (
        "complete",
        "complete_keys",
        "entries",
        "ids",
        "local_entries",
        "population_bits",
        "population_ids",
    )

    def __init__(self, scope: Scope, channel: Channel, only: frozenset[str] | None = None) -> None:
        entries: list[_Entry] = []
        population_bits = 0
        population_ids: list[str] = []
        for rule in CATALOGUE:
            applies = rule.applies_to
            if scope not in applies.scopes or channel not in applies.channels:
                continue
            if only is not None and rule.id not in only:
                continue
            severity = rule.severity
            if severity is _ERROR and scope in applies.advisory_in:
                severity = _WARNING
            bit = 1 << _DIM_INDEX[rule.dimension]
            entries.append((rule, rule.check, bit, severity, rule.severity is _ERROR))
            if rule.uses_population_db:
                population_bits |= bit
                population_ids.append(rule.id)
        self.entries: tuple[_Entry, ...] = tuple(entries)
        self.local_entries: tuple[_Entry, ...] = tuple(
            e for e in entries if not e[0].uses_population_db
        )
        self.complete_keys: tuple[str, ...] = tuple(
            QUIET_WHEN_PRESENT[e[1]] for e in entries if e[1] in QUIET_WHEN_PRESENT
        )
        self.complete: dict[bool, tuple[_Entry, ...]] = {
            local: tuple(
                e
                for e in (self.local_entries if local else self.entries)
                if e[1] not in QUIET_WHEN_PRESENT
            )
            for local in (False, True)
        }
        self.ids: tuple[str, ...] = tuple(e[0].id for e in entries)
        self.population_ids: tuple[str, ...] = tuple(population_ids)
        self.population_bits = population_bits


@lru_cache(maxsize=32)
def plan_for(scope: Scope, channel: Channel, only: frozenset[str] | None = None) -> Plan:
    return Plan(scope, channel, only)


def _finding(rule: Rule, hit: Hit, severity: Severity) -> Finding:
    field = hit.field
    message = hit.message
    if message is None:
        message = rule.message_en.replace("{field}", field or "")
    message_vi = hit.message_vi
    if message_vi is None:
        message_vi = rule.message_vi.replace("{field}", field or "")
    return Finding(
        rule.id,
        rule.dimension,
        severity,
        field,
        hit.outcome or rule.outcome,
        message,
        message_vi,
        hit.expected,
    )


def _crash(rule: Rule) -> Hit:
    return Hit(
        rule.fields[0] if rule.fields and rule.fields[0] != "*" else None,
        f"the rule could not evaluate this record; the value is treated as invalid ({rule.id})",
        f"Quy tắc không đánh giá được hồ sơ này; giá trị được coi là không hợp lệ ({rule.id})",
        outcome=Outcome.INVALID,
    )


@lru_cache(maxsize=256)
def _verdicts(failed: int, undecided: int) -> tuple[dict[Dimension, Verdict], bool]:
    """Each dimension's verdict from the bits of those that failed and those still undecided,
    and whether any is pending (at most 2⁴ × 2⁴ combinations: computed once each)."""
    verdicts: dict[Dimension, Verdict] = {}
    for index, dimension in enumerate(DIMENSIONS):
        bit = 1 << index
        if failed & bit:
            verdicts[dimension] = Verdict.FAIL
        elif undecided & bit:
            verdicts[dimension] = Verdict.PENDING
        else:
            verdicts[dimension] = Verdict.PASS
    return verdicts, Verdict.PENDING in verdicts.values()


def evaluate(
    record: Mapping[str, str | None],
    ctx: RecordContext,
    *,
    only: frozenset[str] | None = None,
) -> Evaluation:
    """Apply every rule of the catalogue that applies to the record's cohort, phase and
    channel (or only those of them in `only`: the benchmark's comparison with a peer). Never
    raises on any text in any field."""
    p = Prepared(record, ctx)
    plan = plan_for(p.scope, ctx.channel, only)
    findings: list[Finding] = []
    failed = 0
    undecided = 0
    rejected = False
    skipped: list[str] | None = None
    pending: list[str] | None = None
    gate = p.id_gate
    local = gate is not True
    if local:
        if gate is UNDECIDED:
            pending = list(plan.population_ids)
            undecided = plan.population_bits
        else:
            skipped = list(plan.population_ids)
    values = p.values
    for key in plan.complete_keys:
        if values.get(key) is None:
            entries = plan.local_entries if local else plan.entries
            break
    else:
        entries = plan.complete[local]
    for rule, check, bit, severity, fails in entries:
        try:
            result = check(p)
        except Exception:
            result = _crash(rule)
        if result is None:
            continue
        if result is SKIP:
            if skipped is None:
                skipped = []
            skipped.append(rule.id)
            continue
        if result is UNDECIDED:
            if pending is None:
                pending = []
            pending.append(rule.id)
            undecided |= bit
            continue
        if isinstance(result, Hit):
            findings.append(_finding(rule, result, severity))
        else:
            hits = list(result)  # type: ignore[arg-type]
            if not hits:
                continue
            for hit in hits:
                findings.append(_finding(rule, hit, severity))
        if fails:
            failed |= bit
            if severity is _ERROR:
                rejected = True

    verdicts, any_pending = _verdicts(failed, undecided)
    status: RecordStatus = "pending" if any_pending else "rejected" if rejected else "accepted"
    return Evaluation(
        record=p.values,
        supplemented=p.supplemented,
        findings=findings,
        dimensions=dict(verdicts),
        status=status,
        applicable=plan.ids,
        skipped=tuple(skipped) if skipped else (),
        pending=tuple(pending) if pending else (),
    )


def _identity_key(record: Mapping[str, str | None]) -> str | None:
    for field, prefix in (("person_id", "p:"), ("old_id_number", "o:")):
        raw = record.get(field)
        if raw is None:
            continue
        value = clean_text(raw if type(raw) is str else str(raw), True)[0]
        if value and not is_placeholder(value):
            return prefix + value
    return None


def duplicate_indexes(records: Sequence[Mapping[str, str | None]]) -> dict[int, int]:
    """index → index of the first record of the same person in the same submission (same
    cleaned `person_id`, else same `old_id_number`). Placeholders are never duplicates."""
    first: dict[str, int] = {}
    duplicates: dict[int, int] = {}
    for index, record in enumerate(records):
        key = _identity_key(record)
        if key is None:
            continue
        earlier = first.setdefault(key, index)
        if earlier != index:
            duplicates[index] = earlier
    return duplicates
