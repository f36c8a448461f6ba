"""Runtime fault rules, set by a bus operator through ``/admin/faults``.

Held in the memory of the bus process (the sandbox runs one bus process), keyed by scope:
setting a rule for a (service, client) scope replaces the previous rule of that scope.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from mock_ndxp.faults.spec import Fault


@dataclass(frozen=True, slots=True)
class RuntimeFaultRule:
    faults: tuple[Fault, ...]
    spec: str
    service: str | None
    client: str | None
    until: datetime | None
    created_at: datetime

    def active(self, now: datetime) -> bool:
        return self.until is None or now < self.until

    def matches(self, service_id: str, client: str, now: datetime) -> bool:
        return (
            self.active(now)
            and (self.service is None or self.service == service_id)
            and (self.client is None or self.client == client)
        )


class RuntimeFaults:
    def __init__(self) -> None:
        self._rules: dict[tuple[str | None, str | None], RuntimeFaultRule] = {}
        self._lock = threading.Lock()

    def put(self, rule: RuntimeFaultRule) -> None:
        with self._lock:
            self._rules[(rule.service, rule.client)] = rule

    def clear(self, *, service: str | None = None, client: str | None = None) -> int:
        """Remove the rules matching the given scope parts (all rules when none given)."""
        with self._lock:
            doomed = [
                key
                for key in self._rules
                if (service is None or key[0] == service) and (client is None or key[1] == client)
            ]
            for key in doomed:
                del self._rules[key]
            return len(doomed)

    def rules(self, now: datetime) -> list[RuntimeFaultRule]:
        """The rules still in force (expired ones are dropped)."""
        with self._lock:
            for key in [k for k, r in self._rules.items() if not r.active(now)]:
                del self._rules[key]
            return sorted(self._rules.values(), key=lambda r: r.created_at)

    def faults_for(self, service_id: str, client: str, now: datetime) -> tuple[Fault, ...]:
        return tuple(
            fault
            for rule in self.rules(now)
            if rule.matches(service_id, client, now)
            for fault in rule.faults
        )
