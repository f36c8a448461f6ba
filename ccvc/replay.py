"""`ccvc up --demo`: a living first run. The 96 agencies go through Decision 72's 2023 plan day
by day, through the real API — credentials, tokens, declared headcounts, the vendors' sandbox
conformance tests, template uploads, HR-software batches, monthly syncs — some on time, some
late, some with poor data, some never starting, so the dashboard's first look means something.

The server's clock travels (a `TravellingClock`): each day of the plan is replayed in turn and
its batches are processed before the next day begins, so every piece of evidence carries the
2023 date it would have had. At the end the clock comes back to the present and the agencies
that kept their sync alive send one more, so today's picture differs from June 2023's.
"""

from __future__ import annotations

import random
import time as stopwatch
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

import httpx

from ccvc.clock import TravellingClock
from ccvc.db import session_scope
from ccvc.demo import earn_conformance, staff_record, template_csv
from ccvc.settings import Settings
from ccvc.vendor import VendorClient
from gateway.auth.models import Role
from gateway.auth.service import issue_credentials

Say = Callable[[str], None]


class Profile(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    POOR_QUALITY = "poor_quality"
    NEVER = "never_started"


class Kind(StrEnum):
    CREDENTIALS = "credentials"
    HEADCOUNT = "headcount"
    CONFORMANCE = "conformance"
    BATCH = "batch"
    UPLOAD = "upload"


@dataclass(frozen=True, slots=True)
class Action:
    day: date
    agency: str
    kind: Kind
    start: int = 0  # slice of the agency's staff this action sends
    stop: int = 0


@dataclass
class AgencyPlan:
    code: str
    cohort: str
    profile: Profile
    staff: int
    defects: float
    software_on: date | None = None  # cohort 70: the day HR software arrives (phase II)
    live_today: bool = False


@dataclass
class ReplaySummary:
    profiles: dict[str, int] = field(default_factory=dict)
    days: int = 0
    actions: int = 0
    batches: int = 0
    records: int = 0
    conformance_passed: int = 0
    seconds: float = 0.0


def _clamp(day: date, earliest: date, latest: date) -> date:
    return max(earliest, min(day, latest))


def _profile(rng: random.Random) -> Profile:
    roll = rng.random()
    if roll < 0.45:
        return Profile.ON_TIME
    if roll < 0.73:
        return Profile.LATE
    if roll < 0.87:
        return Profile.POOR_QUALITY
    return Profile.NEVER


def _monthly(first: date, last: date) -> list[date]:
    days, day = [], date(first.year, first.month, 20)
    while day <= last:
        if day > first:
            days.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 20)
    return days


def plan_agency(agency: dict[str, Any], seed: int) -> tuple[AgencyPlan, list[Action]]:
    """One agency's 2023 (and, for the late ones, 2024), deterministic in `seed`."""
    code, cohort = str(agency["code"]), str(agency["cohort"])
    rng = random.Random(f"{seed}:{code}")
    profile = Profile.ON_TIME if agency.get("deadline_done") else _profile(rng)
    staff = rng.randint(40, 90) if agency.get("kind") == "province" else rng.randint(20, 60)
    plan = AgencyPlan(
        code, cohort, profile, staff, 0.15 if profile is Profile.POOR_QUALITY else 0.0
    )
    if profile is Profile.NEVER:
        actions = [Action(date(2023, 5, rng.randint(2, 28)), code, Kind.CREDENTIALS)]
        return plan, actions if rng.random() < 0.5 else []
    late = profile is Profile.LATE
    if cohort == "26":
        deadline = date.fromisoformat(agency["deadline"]) if agency.get("deadline") else None
        deadline = min(deadline or date(2023, 3, 31), date(2023, 3, 31))
        if late:
            start = deadline + timedelta(days=rng.randint(10, 60))
        else:
            start = _clamp(
                deadline - timedelta(days=rng.randint(20, 30)), date(2023, 2, 14), deadline
            )
        first_batch = start + timedelta(days=rng.randint(3, 6))
        rest = first_batch + timedelta(days=rng.randint(4, 9))
        actions = _software_journey(code, start, first_batch, rest, staff)
        last_sync = (
            date(2023, 12, 31) if not late or rng.random() < 0.5 else rest + timedelta(days=60)
        )
        actions += [
            Action(day, code, Kind.BATCH, 0, min(5, staff)) for day in _monthly(rest, last_sync)
        ]
        plan.live_today = profile is Profile.ON_TIME and rng.random() < 0.6
        return plan, actions
    # cohort 70, phase I: templates through the record-update portal
    if late:
        start = date(2023, 4, 10) + timedelta(days=rng.randint(0, 40))
        second = date(2023, 7, 1) + timedelta(days=rng.randint(0, 80))
    else:
        start = date(2023, 3, 1) + timedelta(days=rng.randint(0, 24))
        second = date(2023, 5, 1) + timedelta(days=rng.randint(0, 50))
    first_upload = start + timedelta(days=rng.randint(3, 10))
    split = staff * 6 // 10
    actions = [
        Action(start, code, Kind.CREDENTIALS),
        Action(start, code, Kind.HEADCOUNT),
        Action(first_upload, code, Kind.UPLOAD, 0, split),
        Action(max(second, first_upload + timedelta(days=1)), code, Kind.UPLOAD, split, staff),
    ]
    # phase II: some get HR software in time, some late, the rest not yet
    if rng.random() < (0.35 if late else 0.6):
        software = (
            date(2024, 2, 1) + timedelta(days=rng.randint(0, 90))
            if late or rng.random() < 0.3
            else date(2023, 10, 2) + timedelta(days=rng.randint(0, 60))
        )
        plan.software_on = software
        actions += _software_journey(
            code, software, software + timedelta(days=4), software + timedelta(days=9), staff
        )[1:]  # credentials already issued in phase I
        end = software + timedelta(days=150)
        actions += [
            Action(day, code, Kind.BATCH, 0, min(5, staff))
            for day in _monthly(software + timedelta(days=9), end)
        ]
        plan.live_today = profile is Profile.ON_TIME and rng.random() < 0.5
    return plan, actions


def _software_journey(code: str, start: date, first: date, rest: date, staff: int) -> list[Action]:
    split = staff * 4 // 10
    return [
        Action(start, code, Kind.CREDENTIALS),
        Action(start, code, Kind.HEADCOUNT),
        Action(start + timedelta(days=2), code, Kind.CONFORMANCE, 0, CONFORMANCE_STAFF),
        Action(first, code, Kind.BATCH, 0, split),
        Action(rest, code, Kind.BATCH, split, staff),
    ]


CONFORMANCE_STAFF = 8  # staff records the vendor's sandbox tests use


class Replay:
    """Drives the plan through the gateway's HTTP API while moving the server's clock."""

    def __init__(
        self, base_url: str, settings: Settings, clock: TravellingClock, say: Say, seed: int = 72
    ) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self.settings, self.clock, self.say, self.seed = settings, clock, say, seed
        self.credentials: dict[str, dict[str, str]] = {}
        self.tokens: dict[str, tuple[datetime, str]] = {}
        self.staff: dict[str, list[dict[str, Any]]] = {}
        self.plans: dict[str, AgencyPlan] = {}
        self.summary = ReplaySummary()

    # --- the agencies' side ----------------------------------------------------------------

    def _token(self, code: str) -> str:
        now = self.clock.now()
        cached = self.tokens.get(code)
        if cached and now < cached[0]:
            return cached[1]
        response = self.http.post(
            "/v1/oauth/token", data={"grant_type": "client_credentials", **self.credentials[code]}
        )
        response.raise_for_status()
        body = response.json()
        # renew a minute before it expires, as a well-behaved client does
        renew_at = now + timedelta(seconds=int(body["expires_in"]) - 60)
        self.tokens[code] = (renew_at, str(body["access_token"]))
        return self.tokens[code][1]

    def _headers(self, code: str, key: bool = True) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self._token(code)}"}
        if key:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        return headers

    def _records(self, code: str, start: int, stop: int) -> list[dict[str, Any]]:
        plan = self.plans[code]
        now = self.clock.now()
        rng = random.Random(f"{self.seed}:{code}:{start}:{now.date()}")
        records = []
        for citizen in self.staff[code][start:stop]:
            record = staff_record(citizen, agency=code, now=now)
            if rng.random() < plan.defects:
                record = _defective(record, rng)
            records.append(record)
        return records

    def _do(self, action: Action) -> str | None:
        """Perform one action; returns the batch id to wait for, if any."""
        code = action.agency
        if action.kind is Kind.CREDENTIALS:
            with session_scope(self.settings.database_url) as session:
                issued = issue_credentials(
                    session=session,
                    clock=self.clock,
                    role=Role.AGENCY,
                    agency_code=code,
                    label="demo",
                )
            self.credentials[code] = {
                "client_id": issued.client_id,
                "client_secret": issued.client_secret,
            }
            return None
        if code not in self.credentials:
            return None
        if action.kind is Kind.HEADCOUNT:
            self.http.put(
                f"/v1/agencies/{code}/headcount",
                json={"headcount": self.plans[code].staff, "note": "Biên chế (dữ liệu minh hoạ)"},
                headers=self._headers(code, key=False),
            ).raise_for_status()
            return None
        if action.kind is Kind.CONFORMANCE:
            self._earn_conformance(code, self.staff[code][action.start : action.stop])
            return None
        records = self._records(code, action.start, action.stop)
        if not records:
            return None
        self.summary.records += len(records)
        if action.kind is Kind.UPLOAD:
            response = self.http.post(
                f"/v1/agencies/{code}/uploads",
                files={"file": ("mau-ho-so.csv", template_csv(records), "text/csv")},
                data={"unit": "Văn phòng"},
                headers=self._headers(code),
            )
            response.raise_for_status()
            batch = response.json().get("batch")
            return str(batch["batch_id"]) if batch else None
        headers = self._headers(code)
        response = self.http.post(
            f"/v1/agencies/{code}/batches", json={"records": records}, headers=headers
        )
        response.raise_for_status()
        return str(response.json()["batch_id"])

    def _earn_conformance(self, code: str, citizens: list[dict[str, Any]]) -> None:
        """The vendor's sandbox tests: every behaviour of the conformance report, with the
        reference client; waits are spent by moving the clock, not by sleeping."""
        if len(citizens) < CONFORMANCE_STAFF:
            return
        credentials = self.credentials[code]
        with VendorClient(
            str(self.http.base_url),
            client_id=credentials["client_id"],
            client_secret=credentials["client_secret"],
            sleep=self._pass_time,
        ) as client:
            journey = earn_conformance(
                client, agency=code, citizens=citizens, now=self.clock.now(), say=_quiet
            )
        self.summary.conformance_passed += journey.ok

    def _pass_time(self, seconds: float) -> None:
        self.clock.travel_to(self.clock.now() + timedelta(seconds=seconds))

    def _wait(self, batches: list[tuple[str, str]], timeout: float = 180) -> None:
        deadline = stopwatch.monotonic() + timeout
        waiting = list(batches)
        while waiting:
            code, batch_id = waiting[0]
            response = self.http.get(
                f"/v1/batches/{batch_id}", headers=self._headers(code, key=False)
            )
            response.raise_for_status()
            status = response.json()["status"]
            if status == "completed":
                waiting.pop(0)
                continue
            if stopwatch.monotonic() > deadline:
                raise RuntimeError(f"batch {batch_id} of {code} still {status} after {timeout}s")
            stopwatch.sleep(0.05)

    # --- the run ---------------------------------------------------------------------------

    def _load_staff(self, agencies: list[dict[str, Any]]) -> None:
        offset = 0
        pool: list[dict[str, Any]] = []
        needed = sum(p.staff for p in self.plans.values())
        while len(pool) < needed:
            page = self.http.get(
                "/dancu/sandbox/citizens",
                params={"limit": 1000, "offset": offset, "min_age": 25, "max_age": 52},
            ).json()
            pool.extend(page["citizens"])
            if page.get("next_offset") is None:
                break
            offset = page["next_offset"]
        cursor = 0
        for agency in agencies:
            n = self.plans[agency["code"]].staff
            self.staff[agency["code"]] = pool[cursor : cursor + n]
            cursor += n

    def run(self, codes: Collection[str] | None = None) -> ReplaySummary:
        """Replay the plan for every agency, or only for `codes` (tests use a handful)."""
        started = stopwatch.perf_counter()
        agencies: list[dict[str, Any]] = self.http.get("/v1/agencies").json()
        if codes is not None:
            agencies = [a for a in agencies if a["code"] in codes]
        actions: list[Action] = []
        for agency in agencies:
            plan, planned = plan_agency(agency, self.seed)
            self.plans[plan.code] = plan
            actions.extend(planned)
        profiles: dict[str, int] = defaultdict(int)
        for plan in self.plans.values():
            profiles[plan.profile.value] += 1
        self.summary.profiles = dict(profiles)
        by_day: dict[date, list[Action]] = defaultdict(list)
        for action in actions:
            by_day[action.day].append(action)
        days = sorted(by_day)
        mix = ", ".join(f"{k} {v}" for k, v in profiles.items())
        self.say(
            f"  demo: {len(agencies)} agencies ({mix}), "
            f"{len(actions)} actions over {len(days)} days {days[0]} → {days[-1]}"
        )
        # ages are judged at the plan's start: fetch staff while the clock is in 2023
        self.clock.travel_to(days[0])
        self._load_staff(agencies)
        month = None
        for day in days:
            self._replay_day(day, by_day[day])
            if (day.year, day.month) != month:
                month = (day.year, day.month)
                self.say(
                    f"  demo: {day:%Y-%m} … {self.summary.batches} batches, "
                    f"{self.summary.records} records sent"
                )
        self.clock.back_to_present()
        self.tokens.clear()
        today_batches = []
        for plan in self.plans.values():
            if plan.live_today and plan.code in self.credentials:
                action = Action(self.clock.today(), plan.code, Kind.BATCH, 0, min(5, plan.staff))
                batch = self._do(action)
                if batch:
                    today_batches.append((plan.code, batch))
        self._wait(today_batches)
        self.summary.batches += len(today_batches)
        self.summary.days = len(days) + 1
        self.summary.actions = len(actions) + len(today_batches)
        self.summary.seconds = stopwatch.perf_counter() - started
        return self.summary

    def _replay_day(self, day: date, actions: list[Action]) -> None:
        batches: list[tuple[str, str]] = []
        opening = datetime.combine(day, time(8, 0), tzinfo=self.clock.tz)
        ordered = sorted(actions, key=lambda a: (a.agency, list(Kind).index(a.kind)))
        for position, action in enumerate(ordered):
            # office hours in Vietnam, the day's actions a couple of minutes apart
            self.clock.travel_to(opening + timedelta(minutes=min(2 * position, 540)))
            batch = self._do(action)
            if batch:
                batches.append((action.agency, batch))
        self._wait(batches)
        self.summary.batches += len(batches)

    def close(self) -> None:
        self.http.close()


def _quiet(_line: str) -> None:
    pass


def _defective(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Defects real HR data has: a day and month swapped, a name that is not the registry's,
    a missing rank, a missing ethnicity."""
    broken = dict(record)
    kind = rng.choice((0, 0, 1, 3))  # mostly identity errors: what the bus catches
    if kind == 0:
        y, m, d = broken["date_of_birth"].split("-")
        if int(d) <= 12 and d != m:
            broken["date_of_birth"] = f"{y}-{d}-{m}"
        else:
            broken["full_name"] = broken["full_name"] + " Văn"
    elif kind == 1:
        broken["rank_code"] = None
        broken["salary_grade"] = None
    else:
        broken["ethnicity_code"] = None
    return broken


def replay(
    base_url: str,
    settings: Settings,
    clock: TravellingClock,
    say: Say,
    codes: Collection[str] | None = None,
) -> ReplaySummary:
    runner = Replay(base_url, settings, clock, say)
    try:
        return runner.run(codes)
    finally:
        runner.close()
