"""Fault syntax and the per-call fault plan.

A fault list is comma-separated items ``name[=value][@probability]`` (probability 0..1,
default 1; rolled per call with the bus's random source, which tests can seed):

- ``latency=<ms>``: wait that long, then route normally (several latencies add up);
- ``rate_limited[=<seconds>]``: ``429`` ``Server.ServerProxy.RateLimited`` with ``Retry-After``
  (default 2);
- ``unavailable[=<seconds>]``: ``503`` ``Server.ServerProxy.ServiceUnavailable`` with
  ``Retry-After`` (default 5);
- ``timeout``: wait ``ndxp_service_timeout_seconds``, then ``504``
  ``Server.ServerProxy.ServiceFailed.ReadTimeout``;
- ``malformed``: call the provider, then return its body truncated and corrupted (not JSON),
  with the provider's content type and status 200;
- ``provider_error``: answer as a failing provider would, a ``500`` that is *not* a bus
  envelope (no ``X-Road-Error``), without calling the provider.

When several "answering" faults (rate_limited, unavailable, timeout, provider_error) fire, the
first one listed wins; the header's faults come first, then runtime rules, then configuration.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class FaultName(StrEnum):
    LATENCY = "latency"
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"
    TIMEOUT = "timeout"
    MALFORMED = "malformed"
    PROVIDER_ERROR = "provider_error"


# name -> (value required, value allowed, default value)
_VALUES: dict[FaultName, tuple[bool, bool, float | None]] = {
    FaultName.LATENCY: (True, True, None),
    FaultName.RATE_LIMITED: (False, True, 2.0),
    FaultName.UNAVAILABLE: (False, True, 5.0),
    FaultName.TIMEOUT: (False, False, None),
    FaultName.MALFORMED: (False, False, None),
    FaultName.PROVIDER_ERROR: (False, False, None),
}

ANSWERING = (
    FaultName.RATE_LIMITED,
    FaultName.UNAVAILABLE,
    FaultName.TIMEOUT,
    FaultName.PROVIDER_ERROR,
)

VALID_FAULTS_HELP = (
    "latency=<ms>, rate_limited[=<retry_after_s>], unavailable[=<retry_after_s>], "
    "timeout, malformed, provider_error; each optionally @<probability 0..1>, comma-separated"
)


class FaultSyntaxError(ValueError):
    """A fault list that does not parse; the message names the item and the valid faults."""


@dataclass(frozen=True, slots=True)
class Fault:
    name: FaultName
    value: float | None = None
    probability: float = 1.0

    @property
    def amount(self) -> float:
        """The value, or the fault's default (0 when it has none)."""
        if self.value is not None:
            return self.value
        return _VALUES[self.name][2] or 0.0

    def __str__(self) -> str:
        text = str(self.name)
        if self.value is not None:
            text += f"={self.value:g}"
        if self.probability < 1.0:
            text += f"@{self.probability:g}"
        return text


def _number(text: str, item: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise FaultSyntaxError(f"{item!r}: {what} {text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise FaultSyntaxError(f"{item!r}: {what} must be a non-negative number")
    return value


def parse_fault(item: str) -> Fault:
    text = item.strip()
    probability = 1.0
    if "@" in text:
        text, _, prob_text = text.partition("@")
        probability = _number(prob_text.strip(), item, "probability")
        if probability > 1:
            raise FaultSyntaxError(f"{item!r}: probability must be between 0 and 1")
    name_text, has_value, value_text = text.partition("=")
    try:
        name = FaultName(name_text.strip().lower())
    except ValueError:
        raise FaultSyntaxError(f"unknown fault {name_text.strip()!r}") from None
    required, allowed, _default = _VALUES[name]
    value = None
    if has_value:
        if not allowed:
            raise FaultSyntaxError(f"{item!r}: fault {name} takes no value")
        value = _number(value_text.strip(), item, "value")
    elif required:
        raise FaultSyntaxError(f"{item!r}: fault {name} needs a value ({name}=<ms>)")
    return Fault(name, value, probability)


def parse_faults(text: str | None) -> tuple[Fault, ...]:
    """Parse a fault list; empty or None is no fault. Raises `FaultSyntaxError`."""
    if not text or not text.strip():
        return ()
    return tuple(parse_fault(item) for item in text.split(",") if item.strip())


def format_faults(faults: Iterable[Fault]) -> str:
    return ",".join(str(f) for f in faults)


@dataclass(frozen=True, slots=True)
class FaultPlan:
    """What happens to one call: a delay, maybe an answer in the provider's place, maybe
    a corrupted body."""

    latency_ms: float = 0.0
    answer: Fault | None = None
    malformed: bool = False
    applied: tuple[Fault, ...] = ()

    def label(self) -> str | None:
        """The faults that fired, for the message log's ``fault`` column (≤ 100 chars)."""
        if not self.applied:
            return None
        text = format_faults(self.applied)
        return text if len(text) <= 100 else text[:99] + "…"


def plan_faults(faults: Iterable[Fault], rng: random.Random) -> FaultPlan:
    """Roll each fault's probability (certain ones consume no randomness) and combine."""
    latency = 0.0
    answer: Fault | None = None
    malformed = False
    applied: list[Fault] = []
    for fault in faults:
        if fault.probability < 1.0 and rng.random() >= fault.probability:
            continue
        if fault.name is FaultName.LATENCY:
            latency += fault.amount
        elif fault.name is FaultName.MALFORMED:
            malformed = True
        elif answer is None:
            answer = fault
        else:
            continue  # a second answering fault cannot take effect; not applied
        applied.append(fault)
    return FaultPlan(latency, answer, malformed, tuple(applied))


def corrupt(body: bytes) -> bytes:
    """Truncate a body and append bytes that make it invalid JSON (and invalid UTF-8)."""
    return body[: len(body) // 2] + b"\xff\x00<!-- truncated by NDXP fault injection"
