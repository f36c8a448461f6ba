"""`ccvc up --demo`'s replay of the 2023 plan: deterministic profiles, and through the real API
the evidence each profile should leave — on time, late, poor data, never started — visible at
2023-06-30 and different today."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from ccvc.clock import TravellingClock, set_clock
from ccvc.replay import Kind, Profile, plan_agency, replay
from gateway.agencies.service import registry_rows
from gateway.onboarding.plan import DECISION_DATE
from tests.conftest import Database, Sandbox, start_sandbox
from tests.support.agency import token_for

ON_TIME_26 = "BNV"  # listed as already done in appendix 2; keeps its sync live until today
LATE_26 = "UBND-092"
POOR_26 = "UBND-030"
NEVER_26 = "VKSNDTC-26"
ON_TIME_70 = "UBND-004"  # templates in time, HR software in October 2023
LATE_70 = "BXD"
CHOSEN = (ON_TIME_26, LATE_26, POOR_26, NEVER_26, ON_TIME_70, LATE_70)


def _registry() -> list[dict[str, Any]]:
    return [
        {
            "code": r["code"],
            "cohort": r["cohort"],
            "kind": r["kind"],
            "deadline": r["deadline"].isoformat() if isinstance(r["deadline"], date) else None,
            "deadline_done": r["deadline_done"],
        }
        for r in registry_rows()
    ]


def test_the_plan_is_deterministic_and_varied() -> None:
    registry = _registry()
    first = [plan_agency(a, 72) for a in registry]
    again = [plan_agency(a, 72) for a in registry]
    assert first == again
    profiles = Counter(plan.profile for plan, _ in first)
    assert set(profiles) == set(Profile) and sum(profiles.values()) == 96
    assert profiles[Profile.ON_TIME] > profiles[Profile.NEVER] > 0
    for plan, actions in first:
        assert all(a.day > DECISION_DATE for a in actions)
        kinds = [a.kind for a in actions]
        if plan.profile is not Profile.NEVER:
            assert kinds[:2] == [Kind.CREDENTIALS, Kind.HEADCOUNT], plan.code
            assert (Kind.UPLOAD in kinds) == (plan.cohort == "70")
            covered = {i for a in actions for i in range(a.start, a.stop)}
            assert covered == set(range(plan.staff)), plan.code  # everyone is sent once
    cohort_70 = [plan for plan, _ in first if plan.cohort == "70"]
    assert any(p.software_on and p.software_on.year == 2023 for p in cohort_70)
    assert any(p.software_on and p.software_on.year == 2024 for p in cohort_70)
    assert any(p.software_on is None for p in cohort_70)
    plans = {plan.code: plan.profile for plan, _ in first}
    assert [plans[c] for c in CHOSEN] == [
        Profile.ON_TIME,
        Profile.LATE,
        Profile.POOR_QUALITY,
        Profile.NEVER,
        Profile.ON_TIME,
        Profile.LATE,
    ]


@pytest.fixture
def replayed(database: Database) -> Iterator[Sandbox]:
    clock = TravellingClock()
    set_clock(clock)
    try:
        with start_sandbox(
            database,
            worker_poll_seconds=0.05,
            worker_backoff_max_seconds=0.2,
            dashboard_cache_seconds=0,
        ) as sandbox:
            summary = replay(sandbox.base_url, sandbox.settings, clock, lambda _: None, CHOSEN)
            assert summary.batches > 20 and summary.records > 200
            assert clock.today() >= date(2026, 1, 1)  # back in the present
            yield sandbox
    finally:
        set_clock(None)


def _statuses(sandbox: Sandbox, bearer: str, as_of: str | None) -> dict[str, dict[str, Any]]:
    params = {"as_of": as_of} if as_of else {}
    body = httpx.get(
        f"{sandbox.base_url}/v1/dashboard",
        params=params,
        headers={"Authorization": f"Bearer {bearer}"},
        timeout=30,
    ).json()
    return {a["code"]: a for a in body["agencies"] if a["code"] in CHOSEN}


def _steps(sandbox: Sandbox, bearer: str, code: str, as_of: str) -> dict[str, str]:
    body = httpx.get(
        f"{sandbox.base_url}/v1/onboarding/agencies/{code}",
        params={"as_of": as_of},
        headers={"Authorization": f"Bearer {bearer}"},
    ).json()
    return {f"{s['track']}:{s['step']}": s["status"] for s in body["steps"]}


def test_each_profile_leaves_its_evidence(replayed: Sandbox) -> None:
    bearer = token_for(replayed.base_url, replayed.settings)
    june = _statuses(replayed, bearer, "2023-06-30")
    today = _statuses(replayed, bearer, None)

    assert june[ON_TIME_26]["status"] == "done_on_time"
    assert today[ON_TIME_26]["status"] == "done_on_time"  # still syncing today
    assert june[LATE_26]["status"] in {"done_late", "overdue"}
    assert "done_late" in _steps(replayed, bearer, LATE_26, "2023-12-31").values()
    poor = _steps(replayed, bearer, POOR_26, "2023-06-30")
    assert poor["26:first_api_batch"] == "done_on_time"
    assert poor["26:quality_all_four"] == "overdue"  # identity errors keep quality below 95 %
    assert june[POOR_26]["status"] == "overdue"
    assert june[NEVER_26]["status"] == "overdue" and june[NEVER_26]["records"] == 0

    assert june[ON_TIME_70]["tracks"]["70-I"] == "done_on_time"
    assert june[ON_TIME_70]["phase"] == "II"
    year_end = _steps(replayed, bearer, ON_TIME_70, "2023-12-31")
    assert year_end["70-II:first_api_batch"] == "done_on_time"
    assert year_end["70-II:sandbox_passed"] == "done_on_time"
    assert june[LATE_70]["tracks"]["70-I"] in {"overdue", "at_risk"}
    assert _steps(replayed, bearer, LATE_70, "2023-12-31")["70-I:first_data_received"] == (
        "done_late"
    )
    # today differs from June 2023: what is not live any more is overdue now
    assert today != june
    assert today[ON_TIME_70]["status"] in {"overdue", "done_on_time"}
