"""The quality rule engine of "Đúng – Đủ – Sạch – Sống".

- `CATALOGUE` / `catalogue_json()`: the one declarative list of rules (`GET /v1/rules`);
  `rank_codes_json()` / `salary_tables_json()`: the code lists behind the rank and pay rules;
- `evaluate(record, ctx)`: pure and fast verdict on one record (no I/O, no clock);
- `duplicate_indexes(records)`: same person twice in one submission;
- `summarise(evaluations)`: per-rule and per-dimension counts (ISO 8000-8);
- `bench.rules_per_second(n)`: throughput on a varied synthetic workload.

Required fields: `MINIMUM_REQUIRED` in cohort 70 phase I ("Đúng – Đủ"), `FULL_REQUIRED` in
cohort 26 and cohort 70 phase II, plus `RECOMMENDED` (a missing value is a warning there).
A missing field the population DB holds is supplemented from it when the identity is confirmed.

Layout: `models` (types), `codelists` (provinces, ethnic groups, ranks, salary tables),
`calendar` (working days), `retirement` (NĐ 135/2020), `prepare` (cleaning, parsing,
supplementation, once per record), `checks` (one function per rule), `catalogue` (the rules),
`engine` (evaluation), `summary` (counts), `bench`.
"""

from gateway.rules.catalogue import CATALOGUE, RULES_BY_ID, catalogue_json
from gateway.rules.codelists import rank_codes_json, salary_tables_json
from gateway.rules.engine import duplicate_indexes, evaluate
from gateway.rules.models import (
    AppliesTo,
    Dimension,
    Evaluation,
    Finding,
    IdentityCheck,
    Outcome,
    RecordContext,
    Rule,
    Severity,
    Verdict,
)
from gateway.rules.prepare import FULL_REQUIRED, MINIMUM_REQUIRED, RECOMMENDED
from gateway.rules.summary import DimensionStats, RuleStats, RuleSummary, summarise

__all__ = [
    "CATALOGUE",
    "FULL_REQUIRED",
    "MINIMUM_REQUIRED",
    "RECOMMENDED",
    "RULES_BY_ID",
    "AppliesTo",
    "Dimension",
    "DimensionStats",
    "Evaluation",
    "Finding",
    "IdentityCheck",
    "Outcome",
    "RecordContext",
    "Rule",
    "RuleStats",
    "RuleSummary",
    "Severity",
    "Verdict",
    "catalogue_json",
    "duplicate_indexes",
    "evaluate",
    "rank_codes_json",
    "salary_tables_json",
    "summarise",
]
