"""From submitted records to what the population DB says about them, through the bus."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from gateway.population.client import (
    BusRejected,
    BusUnavailable,
    IdentityQuery,
    PopulationClient,
    RegistryEntry,
    VerificationResult,
)
from gateway.rules.models import IdentityCheck

FOUND = frozenset({"match", "partial", "mismatch", "deceased"})
UNAVAILABLE = IdentityCheck(status="unavailable", fields={})
NO_IDENTIFIER = IdentityCheck(status="invalid", fields={})


@dataclass(frozen=True)
class IdentityRound:
    checks: list[IdentityCheck]
    error: BusUnavailable | None = None


def _text(payload: Mapping[str, Any], name: str) -> str | None:
    value = payload.get(name)
    return value.strip() or None if isinstance(value, str) else None


def _query(payload: Mapping[str, Any]) -> IdentityQuery | None:
    person_id = _text(payload, "person_id")
    old_id = _text(payload, "old_id_number")
    if person_id is None and old_id is None:
        return None
    name = payload.get("full_name")
    return IdentityQuery(
        person_id=person_id,
        old_id_number=old_id,
        full_name=name if isinstance(name, str) and name.strip() else None,
        date_of_birth=_text(payload, "date_of_birth"),
        sex=_text(payload, "sex"),
    )


def to_check(verdict: VerificationResult, entry: RegistryEntry | None) -> IdentityCheck:
    return IdentityCheck(
        status=verdict.status,  # type: ignore[arg-type]
        fields=verdict.fields,
        normalisations=verdict.normalisations,
        hints=verdict.hints,
        date_of_death=verdict.date_of_death or (entry.date_of_death if entry else None),
        person_id=verdict.person_id,
        registry=entry.values if entry else None,
    )


def check_identities(
    client: PopulationClient,
    payloads: Sequence[Mapping[str, Any]],
    *,
    as_of: date,
    fault: str | None = None,
) -> IdentityRound:
    """Verify every record (one bus call per 1,000) and look up the found ones for
    supplementation. On an outage every checked record is `unavailable`: pending, not passed."""
    checks: list[IdentityCheck] = [NO_IDENTIFIER] * len(payloads)
    positions: list[int] = []
    queries: list[IdentityQuery] = []
    for position, payload in enumerate(payloads):
        query = _query(payload)
        if query is not None:
            positions.append(position)
            queries.append(query)
    if not queries:
        return IdentityRound(checks)
    try:
        verdicts: list[VerificationResult] = []
        for start in range(0, len(queries), 1000):
            verdicts.extend(client.verify(queries[start : start + 1000], as_of=as_of, fault=fault))
        found = sorted({v.person_id for v in verdicts if v.status in FOUND and v.person_id})
        registry: dict[str, RegistryEntry] = {}
        for start in range(0, len(found), 1000):
            registry.update(client.lookup(found[start : start + 1000], as_of=as_of, fault=fault))
    except (BusUnavailable, BusRejected) as exc:
        error = exc if isinstance(exc, BusUnavailable) else BusUnavailable(str(exc))
        for position in positions:
            checks[position] = UNAVAILABLE
        return IdentityRound(checks, error)
    for position, verdict in zip(positions, verdicts, strict=True):
        checks[position] = to_check(verdict, registry.get(verdict.person_id or ""))
    return IdentityRound(checks)
