"""Types of the quality rule engine ("Đúng – Đủ – Sạch – Sống").

Everything a rule needs arrives through `RecordContext` (the clock, the agency, the cohort and
phase, what the population DB answered, what the rest of the submission holds): evaluation is a
pure function of (record, context), so the 2023 plan can be replayed and tests are exact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from gateway.rules.prepare import Prepared


class Dimension(StrEnum):
    """The four principles (DAMA: validity/accuracy, completeness, uniqueness/consistency,
    timeliness; ISO/IEC 25012: accuracy, completeness, consistency, currentness)."""

    DUNG = "dung"
    DU = "du"
    SACH = "sach"
    SONG = "song"


class Severity(StrEnum):
    ERROR = "error"
    """Rejects the record."""
    WARNING = "warning"
    """Keeps the record flagged for review; it is still accepted."""


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    PENDING = "pending"


class Outcome(StrEnum):
    """How a value deviates. Missing, invalid and not-in-a-code-list stay distinct."""

    MISSING = "missing"
    INVALID = "invalid"
    NOT_IN_REGISTRY = "not_in_registry"
    MISMATCH = "mismatch"
    INCONSISTENT = "inconsistent"
    DUPLICATE = "duplicate"
    STALE = "stale"
    PLACEHOLDER = "placeholder"
    NOT_NORMALISED = "not_normalised"
    PARTIAL = "partial"


DIMENSIONS: tuple[Dimension, ...] = (Dimension.DUNG, Dimension.DU, Dimension.SACH, Dimension.SONG)

Cohort = Literal["26", "70"]
Phase = Literal["I", "II"]
Channel = Literal["api", "template", "self_update"]
Scope = Literal["26", "70/I", "70/II"]
"""Where a record stands: cohort 26, or cohort 70 in phase I or phase II."""
IdentityStatus = Literal[
    "match", "partial", "mismatch", "not_found", "deceased", "invalid", "unavailable"
]
RecordStatus = Literal["accepted", "rejected", "pending"]

ALL_SCOPES: tuple[Scope, ...] = ("26", "70/I", "70/II")
FULL_SCOPES: tuple[Scope, ...] = ("26", "70/II")
ALL_CHANNELS: tuple[Channel, ...] = ("api", "template", "self_update")


@dataclass(frozen=True, slots=True)
class Finding:
    """One deviation of one record from one rule."""

    rule: str
    dimension: Dimension
    severity: Severity
    field: str | None
    outcome: Outcome
    message: str
    """English."""
    message_vi: str
    expected: str | None = None
    """What was expected: the allowed value(s), or the population DB's value for this very
    person. Never another person's data."""

    def as_dict(self) -> dict[str, str | None]:
        return {
            "rule": self.rule,
            "dimension": self.dimension.value,
            "severity": self.severity.value,
            "field": self.field,
            "outcome": self.outcome.value,
            "message": self.message,
            "message_vi": self.message_vi,
            "expected": self.expected,
        }


@dataclass(frozen=True, slots=True)
class IdentityCheck:
    """What the population DB said through the bus, already mapped by the gateway."""

    status: IdentityStatus
    fields: Mapping[str, str] = field(default_factory=dict)
    """`full_name` / `date_of_birth` / `sex` (and `old_id_number` when both numbers were
    sent) → `match` | `partial` | `mismatch`."""
    normalisations: Sequence[str] = ()
    hints: Mapping[str, str] = field(default_factory=dict)
    """E.g. `{"date_of_birth": "day_month_swapped"}`."""
    date_of_death: date | None = None
    person_id: str | None = None
    """The 12-digit number the population DB resolved (e.g. from the old CMND number)."""
    registry: Mapping[str, str | None] | None = None
    """The population DB's own values for the record fields it knows (lookup service):
    full_name, date_of_birth, sex, ethnicity_code, religion, hometown_province,
    permanent_address."""


@dataclass(frozen=True, slots=True)
class RecordContext:
    """Everything outside the record that the rules may read. No rule reads a clock."""

    as_of: date
    agency_code: str
    cohort: Cohort
    phase: Phase | None
    """None for cohort 26 (a cohort 70 record without a phase is held to phase II)."""
    channel: Channel
    received_at: datetime
    """Aware datetime at which the gateway received the record."""
    identity: IdentityCheck | None
    """None: not checked yet (identity rules are pending, never passed)."""
    duplicate_of_index: int | None = None
    """Index of an earlier record of the same person in the same submission."""
    active_in_other_agencies: Sequence[str] = ()
    other_channel_values: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)
    """field → (channel, value): the latest value of the same field for this person sent
    through ANOTHER channel."""
    agency_last_sync_at: datetime | None = None
    agency_first_sync_at: datetime | None = None
    """When the agency first synchronised. A record last changed before then (or sent in the
    agency's very first sync, when this is None) is part of the initial load: it cannot have
    reached the national DB late, so freshness does not apply to it."""

    @property
    def scope(self) -> Scope:
        if self.cohort == "70":
            return "70/I" if self.phase == "I" else "70/II"
        return "26"


@dataclass(slots=True)
class Evaluation:
    """The verdict on one record."""

    record: dict[str, str | None]
    """Cleaned (NFC, whitespace collapsed, Ð → Đ, junk removed) and supplemented."""
    supplemented: dict[str, str]
    """field → source (`population_db`) for every value filled in from the population DB."""
    findings: list[Finding]
    dimensions: dict[Dimension, Verdict]
    status: RecordStatus
    applicable: tuple[str, ...] = ()
    """Ids of the rules that apply to the record's cohort, phase and channel (shared tuple)."""
    skipped: tuple[str, ...] = ()
    """Ids of applicable rules that had nothing to check (their inputs absent or invalid)."""
    pending: tuple[str, ...] = ()
    """Ids of the rules that could not be decided yet (population DB not answered)."""

    @property
    def checked(self) -> tuple[str, ...]:
        """Ids of the rules that were applied and decided (ISO 8000-8: checks made)."""
        if not self.skipped and not self.pending:
            return self.applicable
        excluded = {*self.skipped, *self.pending}
        return tuple(r for r in self.applicable if r not in excluded)

    @property
    def flagged(self) -> bool:
        """Accepted with warnings."""
        return self.status == "accepted" and bool(self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "dimensions": {d.value: v.value for d, v in self.dimensions.items()},
            "findings": [f.as_dict() for f in self.findings],
            "supplemented": dict(self.supplemented),
            "pending_rules": list(self.pending),
        }


@dataclass(frozen=True, slots=True)
class AppliesTo:
    """Where a rule applies, and where its findings are advisory only."""

    scopes: tuple[Scope, ...] = ALL_SCOPES
    channels: tuple[Channel, ...] = ALL_CHANNELS
    advisory_in: tuple[Scope, ...] = ()
    """Scopes in which an error of this rule is reported as a warning (cohort 70 phase I is
    held to "Đúng – Đủ"; Sạch and Sống are advisory there and counted for reporting)."""
    note_en: str = ""
    note_vi: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "scopes": list(self.scopes),
            "cohorts": sorted({s.split("/")[0] for s in self.scopes}),
            "phases": sorted({s.split("/")[1] for s in self.scopes if "/" in s}),
            "channels": list(self.channels),
            "advisory_in": list(self.advisory_in),
            "note_en": self.note_en,
            "note_vi": self.note_vi,
        }


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check found; the engine turns it into a `Finding` with the rule's metadata."""

    field: str | None
    message: str | None = None
    """English; None: the rule's own message."""
    message_vi: str | None = None
    expected: str | None = None
    outcome: Outcome | None = None
    """None: the rule's own outcome."""


class Marker:
    """A check's answer that is neither a pass nor a finding."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


SKIP = Marker("skip")
"""Not applicable to this record (its inputs are absent or already invalid): not counted as
a check made."""
UNDECIDED = Marker("undecided")
"""Cannot be decided yet (the population DB has not answered): the dimension is pending."""

CheckResult = Hit | Sequence[Hit] | Marker | None
Check = Callable[["Prepared"], CheckResult]


@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of the catalogue."""

    id: str
    dimension: Dimension
    severity: Severity
    outcome: Outcome
    """The outcome of its findings (a check may name another for a particular case)."""
    fields: tuple[str, ...]
    title_vi: str
    title_en: str
    message_vi: str
    message_en: str
    source: str
    check: Check
    applies_to: AppliesTo = AppliesTo()
    uses_population_db: bool = False
    """Decided by the population DB's answer: pending until it arrives."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "dimension": self.dimension.value,
            "severity": self.severity.value,
            "outcome": self.outcome.value,
            "fields": list(self.fields),
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
            "source": self.source,
            "applies_to": self.applies_to.as_dict(),
            "uses_population_db": self.uses_population_db,
        }
