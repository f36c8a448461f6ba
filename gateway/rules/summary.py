"""Per-rule and per-dimension counts over many evaluations (ISO 8000-8: for every rule, the
checks made and the cases compliant; Great Expectations' element/unexpected counts).

Counting is linear in the evaluations and cheap per evaluation: the rules that applied are
counted once per distinct plan (a shared tuple), then corrected by each evaluation's short
lists of skipped and pending rules and by its findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gateway.rules.catalogue import CATALOGUE
from gateway.rules.models import DIMENSIONS, Dimension, Evaluation, Severity, Verdict


@dataclass(frozen=True, slots=True)
class RuleStats:
    rule: str
    dimension: Dimension
    severity: Severity
    checked: int
    """Records the rule was applied to and could decide."""
    failed: int
    """Records with at least one finding of the rule."""
    findings: int
    errors: int
    warnings: int
    """Findings reported as warnings (warning rules, and errors made advisory in phase I)."""

    @property
    def compliant(self) -> int:
        return max(self.checked - self.failed, 0)

    @property
    def failed_percent(self) -> float:
        return round(100.0 * self.failed / self.checked, 2) if self.checked else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "dimension": self.dimension.value,
            "severity": self.severity.value,
            "checked": self.checked,
            "compliant": self.compliant,
            "failed": self.failed,
            "failed_percent": self.failed_percent,
            "findings": self.findings,
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass(frozen=True, slots=True)
class DimensionStats:
    dimension: Dimension
    passed: int
    failed: int
    pending: int

    @property
    def records(self) -> int:
        return self.passed + self.failed + self.pending

    @property
    def pass_share(self) -> float | None:
        """Share (0–1) of the records that pass the dimension; None without records."""
        return self.passed / self.records if self.records else None

    def as_dict(self) -> dict[str, Any]:
        share = self.pass_share
        return {
            "dimension": self.dimension.value,
            "pass": self.passed,
            "fail": self.failed,
            "pending": self.pending,
            "pass_share": None if share is None else round(share, 4),
        }


@dataclass(frozen=True, slots=True)
class RuleSummary:
    records: int
    accepted: int
    rejected: int
    pending: int
    flagged: int
    """Accepted with warnings."""
    supplemented: int
    """Records with at least one value supplied by the population DB."""
    rules: tuple[RuleStats, ...]
    dimensions: dict[Dimension, DimensionStats]

    def rule(self, rule_id: str) -> RuleStats:
        for stats in self.rules:
            if stats.rule == rule_id:
                return stats
        raise KeyError(rule_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "pending": self.pending,
            "flagged": self.flagged,
            "supplemented": self.supplemented,
            "dimensions": {d.value: s.as_dict() for d, s in self.dimensions.items()},
            "rules": [s.as_dict() for s in self.rules],
        }


def summarise(evaluations: Iterable[Evaluation]) -> RuleSummary:
    plans: Counter[tuple[str, ...]] = Counter()
    not_checked: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    verdicts: dict[Dimension, Counter[Verdict]] = {d: Counter() for d in DIMENSIONS}
    status: Counter[str] = Counter()
    flagged = supplemented = 0
    for ev in evaluations:
        plans[ev.applicable] += 1
        if ev.skipped:
            not_checked.update(ev.skipped)
        if ev.pending:
            not_checked.update(ev.pending)
        status[ev.status] += 1
        if ev.supplemented:
            supplemented += 1
        if ev.findings:
            if ev.status == "accepted":
                flagged += 1
            seen: set[str] = set()
            for finding in ev.findings:
                rule = finding.rule
                findings[rule] += 1
                if finding.severity is Severity.ERROR:
                    errors[rule] += 1
                if rule not in seen:
                    seen.add(rule)
                    failed[rule] += 1
        for dimension, verdict in ev.dimensions.items():
            verdicts[dimension][verdict] += 1
    checked: Counter[str] = Counter()
    for ids, count in plans.items():
        for rule_id in ids:
            checked[rule_id] += count
    checked.subtract(not_checked)
    rules = tuple(
        RuleStats(
            rule.id,
            rule.dimension,
            rule.severity,
            max(checked[rule.id], failed[rule.id]),
            failed[rule.id],
            findings[rule.id],
            errors[rule.id],
            findings[rule.id] - errors[rule.id],
        )
        for rule in CATALOGUE
    )
    dimensions = {
        d: DimensionStats(
            d, verdicts[d][Verdict.PASS], verdicts[d][Verdict.FAIL], verdicts[d][Verdict.PENDING]
        )
        for d in DIMENSIONS
    }
    return RuleSummary(
        records=sum(status.values()),
        accepted=status["accepted"],
        rejected=status["rejected"],
        pending=status["pending"],
        flagged=flagged,
        supplemented=supplemented,
        rules=rules,
        dimensions=dimensions,
    )
