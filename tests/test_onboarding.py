"""Onboarding status derived from evidence, against Decision 72's plan, at chosen days.

The boundaries are the point: evidence on the deadline day itself is on time, the day after is
late; without evidence a step is at risk up to its deadline day and overdue the day after. Days
are Vietnam's calendar days (UTC+7), as deadlines are."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from ccvc.clock import TravellingClock, set_clock
from ccvc.db import session_scope
from gateway.auth.models import Role
from gateway.auth.service import issue_credentials
from gateway.conformance.models import ConformancePass
from gateway.onboarding.plan import Status, effective_deadline, overall_status, step_status
from tests.conftest import Database, Sandbox, start_sandbox
from tests.support.agency import auth, staff_record_from_citizen, submit, wait_for_status

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HAI_PHONG = "UBND-031"  # cohort 26, appendix 2 deadline 2023-03-15
DA_NANG = "UBND-048"  # cohort 26, appendix 2 deadline 2023-03-15
COHORT_70 = "UBND-001"


def vn(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


# --- the pure rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done_on", "as_of", "expected"),
    [
        (date(2023, 3, 15), date(2023, 3, 15), Status.DONE_ON_TIME),  # the deadline day itself
        (date(2023, 3, 16), date(2023, 3, 16), Status.DONE_LATE),  # one day after
        (date(2023, 3, 16), date(2023, 3, 15), Status.AT_RISK),  # not yet done on the 15th
        (None, date(2023, 3, 15), Status.AT_RISK),
        (None, date(2023, 3, 16), Status.OVERDUE),
        (None, date(2023, 3, 1), Status.AT_RISK),  # exactly 14 days before
        (None, date(2023, 2, 28), Status.ON_TRACK),  # 15 days before, previous step done
        (date(2023, 1, 2), date(2026, 11, 23), Status.DONE_ON_TIME),
    ],
)
def test_step_status_boundaries(done_on: date | None, as_of: date, expected: Status) -> None:
    status = step_status(
        done_on=done_on,
        deadline=date(2023, 3, 15),
        as_of=as_of,
        previous_done=True,
        risk_window_days=14,
    )
    assert status is expected


def test_not_started_needs_no_progress_and_no_deadline_near() -> None:
    kwargs: dict[str, Any] = {
        "done_on": None,
        "deadline": date(2023, 6, 30),
        "risk_window_days": 14,
    }
    assert step_status(as_of=date(2023, 3, 1), previous_done=False, **kwargs) is Status.NOT_STARTED
    assert step_status(as_of=date(2023, 3, 1), previous_done=True, **kwargs) is Status.ON_TRACK


def test_agency_date_tightens_never_loosens() -> None:
    assert effective_deadline(date(2023, 3, 31), date(2023, 3, 15)) == date(2023, 3, 15)
    assert effective_deadline(date(2023, 3, 31), date(2023, 6, 30)) == date(2023, 3, 31)
    assert effective_deadline(date(2023, 3, 31), None) == date(2023, 3, 31)
    assert effective_deadline(None, date(2023, 3, 15)) is None


def test_overall_status_worst_open_step_decides() -> None:
    on, late = Status.DONE_ON_TIME, Status.DONE_LATE
    assert overall_status([on, on], started=True) is Status.DONE_ON_TIME
    assert overall_status([on, late], started=True) is Status.DONE_LATE
    assert overall_status([on, Status.AT_RISK, Status.OVERDUE], started=True) is Status.OVERDUE
    assert overall_status([on, Status.AT_RISK], started=True) is Status.AT_RISK
    assert overall_status([on, Status.NOT_STARTED], started=True) is Status.ON_TRACK
    assert overall_status([on, Status.NOT_STARTED], started=False) is Status.NOT_STARTED


# --- through the API --------------------------------------------------------------------------


@pytest.fixture
def clock() -> Iterator[TravellingClock]:
    travelling = TravellingClock()
    set_clock(travelling)
    yield travelling
    set_clock(None)


@pytest.fixture
def running(database: Database, clock: TravellingClock) -> Iterator[Sandbox]:
    with start_sandbox(
        database,
        worker_poll_seconds=0.1,
        worker_backoff_max_seconds=1.0,
        dashboard_cache_seconds=0,
    ) as sandbox:
        yield sandbox


def credentials(sandbox: Sandbox, agency: str | None) -> dict[str, str]:
    from ccvc.clock import get_clock

    with session_scope(sandbox.settings.database_url) as session:
        issued = issue_credentials(
            session=session,
            clock=get_clock(),
            role=Role.AGENCY if agency else Role.OPERATOR,
            agency_code=agency,
        )
    return {"client_id": issued.client_id, "client_secret": issued.client_secret}


def token(sandbox: Sandbox, creds: dict[str, str]) -> str:
    response = httpx.post(
        f"{sandbox.base_url}/v1/oauth/token", data={"grant_type": "client_credentials", **creds}
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def operator_token(sandbox: Sandbox) -> str:
    return token(sandbox, credentials(sandbox, None))


def onboarding(sandbox: Sandbox, bearer: str, code: str, as_of: str) -> dict[str, Any]:
    response = httpx.get(
        f"{sandbox.base_url}/v1/onboarding/agencies/{code}",
        params={"as_of": as_of},
        headers=auth(bearer),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def step(body: dict[str, Any], name: str, track: str | None = None) -> dict[str, Any]:
    return next(
        s for s in body["steps"] if s["step"] == name and (track is None or s["track"] == track)
    )


def test_credentials_on_the_deadline_day_and_the_day_after(
    running: Sandbox, clock: TravellingClock
) -> None:
    # Hải Phòng gets credentials late in the evening of its deadline day (Vietnam time);
    # Đà Nẵng half an hour after midnight, which is still the 15th in UTC.
    clock.travel_to(vn(date(2023, 3, 15), 23, 30))
    credentials(running, HAI_PHONG)
    clock.travel_to(vn(date(2023, 3, 16), 0, 30))
    credentials(running, DA_NANG)
    assert clock.now().astimezone(UTC).date() == date(2023, 3, 15)
    bearer = operator_token(running)

    on_day = onboarding(running, bearer, HAI_PHONG, "2023-03-15")
    issued = step(on_day, "credentials_issued")
    assert issued["deadline"] == "2023-03-15"
    assert issued["milestone"] == "1.2.1.2" and issued["milestone_deadline"] == "2023-03-31"
    assert issued["agency_deadline"] == "2023-03-15"
    assert issued["status"] == "done_on_time" and issued["done_on"] == "2023-03-15"
    assert issued["evidence"]["source"] == "credentials"

    before = onboarding(running, bearer, DA_NANG, "2023-03-15")
    assert step(before, "credentials_issued")["status"] == "at_risk"  # evidence not yet there
    assert step(before, "credentials_issued")["evidence"] is None
    after = onboarding(running, bearer, DA_NANG, "2023-03-16")
    assert step(after, "credentials_issued")["status"] == "done_late"
    assert step(after, "credentials_issued")["done_on"] == "2023-03-16"
    # the next step has no evidence: overdue from the day after its deadline
    assert step(after, "first_authenticated_call")["status"] == "overdue"
    assert after["status"] == "overdue"

    early = onboarding(running, bearer, DA_NANG, "2023-02-20")
    assert early["status"] == "not_started"
    assert step(early, "registered")["status"] == "done_on_time"


def _citizens(sandbox: Sandbox, n: int, offset: int) -> list[dict[str, Any]]:
    page = httpx.get(
        f"{sandbox.base_url}/dancu/sandbox/citizens",
        params={"limit": n, "offset": offset, "status": "alive"},
    ).json()
    return list(page["citizens"])


def test_the_whole_checklist_of_a_cohort_26_agency(
    running: Sandbox, clock: TravellingClock
) -> None:
    clock.travel_to(vn(date(2023, 3, 1)))
    creds = credentials(running, HAI_PHONG)
    agency = token(running, creds)
    put = httpx.put(
        f"{running.base_url}/v1/agencies/{HAI_PHONG}/headcount",
        json={"headcount": 6, "note": "Biên chế thử nghiệm"},
        headers=auth(agency),
    )
    assert put.status_code == 200, put.text
    records = [staff_record_from_citizen(c, agency=HAI_PHONG) for c in _citizens(running, 6, 9000)]
    scenario = httpx.post(
        f"{running.base_url}/v1/agencies/{HAI_PHONG}/batches",
        json={"records": records[:2]},
        headers={**auth(agency, str(uuid.uuid4())), "Sandbox-Scenario": "malformed-answer"},
    )
    assert scenario.status_code == 202, scenario.text
    wait_for_status(running.base_url, agency, scenario.json()["batch_id"], {"completed"})
    # The vendor's conformance report turned green that day. How a report turns green through
    # the API is tests/test_conformance.py's subject; here it is the fact the plan reads.
    with session_scope(running.settings.database_url) as session:
        now = clock.now()
        session.add(ConformancePass(agency_code=HAI_PHONG, passed_at=now, recorded_at=now))

    clock.travel_to(vn(date(2023, 3, 10)))
    agency = token(running, creds)
    batch = submit(running.base_url, agency, HAI_PHONG, records)
    assert batch.status_code == 202, batch.text
    done = wait_for_status(running.base_url, agency, batch.json()["batch_id"], {"completed"})
    assert done["counts"]["accepted"] == 6, done

    bearer = operator_token(running)
    body = onboarding(running, bearer, HAI_PHONG, "2023-03-15")
    statuses = {s["step"]: s["status"] for s in body["steps"]}
    assert statuses == {
        "registered": "done_on_time",
        "credentials_issued": "done_on_time",
        "first_authenticated_call": "done_on_time",
        "sandbox_passed": "done_on_time",
        "first_api_batch": "done_on_time",
        "headcount_verified": "done_on_time",
        "quality_all_four": "done_on_time",
        "sync_live": "done_on_time",
    }, body["steps"]
    assert body["status"] == "done_on_time"
    assert body["figures"]["verified"] == 6 and body["figures"]["headcount"] == 6
    verified = step(body, "headcount_verified")
    assert verified["done_on"] == "2023-03-10"
    assert verified["evidence"]["detail"]["verified"] == 6
    assert step(body, "sandbox_passed")["evidence"]["source"] == "conformance_report"
    assert step(body, "sync_live")["evidence"]["observed_on"] == "2023-03-10"

    # replayed before the full batch: only the sandbox batch's two records were there
    before = onboarding(running, bearer, HAI_PHONG, "2023-03-05")
    assert step(before, "first_api_batch")["done_on"] == "2023-03-01"
    assert step(before, "headcount_verified")["status"] == "at_risk"
    assert step(before, "headcount_verified")["progress"]["verified"] == 2
    # the sync is live for 31 days, then no longer: overdue today
    assert (
        step(onboarding(running, bearer, HAI_PHONG, "2023-04-09"), "sync_live")["status"]
        == "done_on_time"
    )
    later = onboarding(running, bearer, HAI_PHONG, "2023-04-10")
    assert step(later, "sync_live")["status"] == "overdue"
    assert later["status"] == "overdue"
    today = onboarding(running, bearer, HAI_PHONG, date.today().isoformat())
    assert step(today, "sync_live")["status"] == "overdue"
    assert step(today, "headcount_verified")["status"] == "done_on_time"


def test_headcount_declared_after_the_sync_counts_from_its_day(
    running: Sandbox, clock: TravellingClock
) -> None:
    clock.travel_to(vn(date(2023, 4, 1)))
    creds = credentials(running, COHORT_70)
    agency = token(running, creds)
    records = [staff_record_from_citizen(c, agency=COHORT_70) for c in _citizens(running, 4, 9100)]
    batch = submit(running.base_url, agency, COHORT_70, records)
    wait_for_status(running.base_url, agency, batch.json()["batch_id"], {"completed"})
    clock.travel_to(vn(date(2023, 7, 2)))  # declared after phase I's 2023-06-30 deadline
    agency = token(running, creds)
    httpx.put(
        f"{running.base_url}/v1/agencies/{COHORT_70}/headcount",
        json={"headcount": 4},
        headers=auth(agency),
    ).raise_for_status()
    bearer = operator_token(running)
    body = onboarding(running, bearer, COHORT_70, "2023-07-02")
    assert body["cohort"] == "70" and body["phase"] == "II"
    phase_one = {s["step"]: s["status"] for s in body["steps"] if s["track"] == "70-I"}
    assert phase_one["first_data_received"] == "done_on_time"
    assert phase_one["headcount_verified"] == "done_late"
    assert step(body, "headcount_verified")["done_on"] == "2023-07-02"
    assert phase_one["quality_dung_du"] == "done_on_time"
    tracks = {t["track"]: t["status"] for t in body["tracks"]}
    assert tracks["70-I"] == "done_late"
    # HR software (phase II) came too: the API batch counts for phase II's first batch
    assert step(body, "first_api_batch", "70-II")["status"] == "done_on_time"
    june = onboarding(running, bearer, COHORT_70, "2023-06-30")
    assert june["phase"] == "I"
    assert step(june, "headcount_verified")["status"] == "at_risk"


def test_manual_confirmation_is_audited_and_never_overwrites(
    running: Sandbox, clock: TravellingClock
) -> None:
    clock.travel_to(vn(date(2023, 3, 20)))
    bearer = operator_token(running)
    url = f"{running.base_url}/v1/onboarding/agencies/{DA_NANG}/confirmations"
    created = httpx.post(
        url,
        json={"step": "sandbox_passed", "note": "Biên bản kiểm thử ngày 20/3/2023"},
        headers=auth(bearer),
    )
    assert created.status_code == 201, created.text
    assert created.json()["client_id"].startswith("operator-")
    for bad in ({"step": "sync_live", "note": "không"}, {"step": "registered", "note": "abc"}):
        refused = httpx.post(url, json=bad, headers=auth(bearer))
        assert refused.status_code == 422
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert (
        httpx.post(url, json={"step": "nope", "note": "abc"}, headers=auth(bearer)).status_code
        == 422
    )
    body = onboarding(running, bearer, DA_NANG, "2023-03-20")
    confirmed = step(body, "sandbox_passed")
    assert confirmed["basis"] == "manual" and confirmed["evidence"] is None
    assert confirmed["done_on"] == "2023-03-20" and confirmed["status"] == "done_late"
    assert len(confirmed["confirmations"]) == 1
    trail = httpx.get(url, headers=auth(bearer)).json()
    assert [c["note"] for c in trail] == ["Biên bản kiểm thử ngày 20/3/2023"]
    # confirmed before it existed? Replaying an earlier day does not show it
    assert (
        step(onboarding(running, bearer, DA_NANG, "2023-03-19"), "sandbox_passed")["confirmations"]
        == []
    )

    # observed evidence, when it comes, keeps its own date: credentials confirmed by hand on
    # the 20th, issued on the 21st → the step is done by the manual basis until evidence exists
    httpx.post(
        url,
        json={"step": "credentials_issued", "note": "Đã cấp qua công văn"},
        headers=auth(bearer),
    ).raise_for_status()
    clock.travel_to(vn(date(2023, 3, 21)))
    credentials(running, DA_NANG)
    bearer = operator_token(running)
    issued = step(onboarding(running, bearer, DA_NANG, "2023-03-21"), "credentials_issued")
    assert issued["basis"] == "evidence" and issued["done_on"] == "2023-03-21"
    assert len(issued["confirmations"]) == 1


def test_who_may_see_and_write_onboarding(running: Sandbox, clock: TravellingClock) -> None:
    clock.travel_to(vn(date(2023, 3, 1)))
    own = token(running, credentials(running, HAI_PHONG))
    base = running.base_url
    assert (
        httpx.get(f"{base}/v1/onboarding/agencies/{HAI_PHONG}", headers=auth(own)).status_code
        == 200
    )
    foreign = httpx.get(f"{base}/v1/onboarding/agencies/{DA_NANG}", headers=auth(own))
    missing = httpx.get(f"{base}/v1/onboarding/agencies/NO-SUCH", headers=auth(own))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["type"] == missing.json()["type"]
    assert httpx.get(f"{base}/v1/dashboard", headers=auth(own)).status_code == 403
    assert httpx.get(f"{base}/v1/dashboard").status_code == 401
    assert httpx.get(f"{base}/v1/dashboard/agencies.csv", headers=auth(own)).status_code == 403
    confirm = httpx.post(
        f"{base}/v1/onboarding/agencies/{HAI_PHONG}/confirmations",
        json={"step": "sandbox_passed", "note": "tự xác nhận"},
        headers=auth(own),
    )
    assert confirm.status_code == 403
    # headcount: only the agency itself writes it; an operator reads
    operator = operator_token(running)
    denied = httpx.put(
        f"{base}/v1/agencies/{HAI_PHONG}/headcount", json={"headcount": 3}, headers=auth(operator)
    )
    assert denied.status_code == 403
    other = httpx.put(
        f"{base}/v1/agencies/{DA_NANG}/headcount", json={"headcount": 3}, headers=auth(own)
    )
    assert other.status_code == 404
    for bad in ({"headcount": 0}, {"headcount": "many"}, {}, {"headcount": 10**9}):
        response = httpx.put(
            f"{base}/v1/agencies/{HAI_PHONG}/headcount", json=bad, headers=auth(own)
        )
        assert response.status_code == 422, bad
    assert (
        httpx.get(f"{base}/v1/agencies/{HAI_PHONG}/headcount", headers=auth(operator)).json() == []
    )


def test_dashboard_filters_conflict_csv_and_metrics(
    running: Sandbox, clock: TravellingClock
) -> None:
    clock.travel_to(vn(date(2023, 3, 10)))
    credentials(running, HAI_PHONG)
    bearer = operator_token(running)
    base = running.base_url

    def get(**params: str) -> dict[str, Any]:
        response = httpx.get(f"{base}/v1/dashboard", params=params, headers=auth(bearer))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    whole = get(as_of="2023-03-10")
    assert whole["totals"]["agencies"] == 96 and len(whole["agencies"]) == 96
    assert [t["track"] for t in whole["tracks"]] == ["26", "70-I", "70-II"]
    assert [t["agencies"] for t in whole["tracks"]] == [26, 70, 70]
    assert whole["conflicts"][0]["codes"] == ["VKSNDTC-26", "VKSNDTC-70"]
    assert sum(r["agencies"] for r in whole["breakdowns"]["vendor"]) == 26
    assert whole["burnup"][0]["day"] == "2023-02-13" and whole["burnup"][-1]["day"] == "2023-03-10"
    hp = next(a for a in whole["agencies"] if a["code"] == HAI_PHONG)
    assert hp["status"] == "at_risk" and hp["next_deadline"] == "2023-03-15"

    narrowed = get(cohort="26")
    assert len(narrowed["agencies"]) == 26
    assert narrowed["options"] == whole["options"]  # pickers list the whole registry
    assert "Misa" in whole["options"]["vendor"] and whole["options"]["priority"] == [
        "high",
        "low",
        "medium",
    ]
    assert {a["phase"] for a in get(phase="I")["agencies"]} == {"I"}
    assert len(get(phase="I")["agencies"]) == 70
    high = get(priority="high")["agencies"]
    assert high and all(a["priority"] == "high" for a in high)
    misa = get(vendor="Misa")["agencies"]
    assert misa and all(a["vendor"] == "Misa" for a in misa)
    at_risk = get(status="at_risk", as_of="2023-03-10")["agencies"]
    assert HAI_PHONG in {a["code"] for a in at_risk}
    overdue26 = get(cohort="26", status="overdue", as_of="2023-03-10")["agencies"]
    assert overdue26 and all(a["next_deadline"] < "2023-03-10" for a in overdue26)
    filtered = get(cohort="26", status="done_on_time", as_of="2023-03-10")
    assert filtered["agencies"] == [] and filtered["conflicts"]  # the conflict is always shown

    # the present differs from the plan's day: everything not done is overdue by now
    june = get(as_of="2023-06-30")
    clock.back_to_present()
    bearer = operator_token(running)
    now = get()
    assert june["as_of"] == "2023-06-30" and now["as_of"] != june["as_of"]
    assert now["totals"]["overdue"] == 96
    assert june["overdue"] and june["overdue"][0]["days_overdue"] >= 1

    for bad in ({"status": "late"}, {"cohort": "27"}, {"as_of": "1999-01-01"}, {"as_of": "x"}):
        response = httpx.get(f"{base}/v1/dashboard", params=bad, headers=auth(bearer))
        assert response.status_code == 422, bad
        assert response.headers["content-type"].startswith("application/problem+json")

    csv_response = httpx.get(
        f"{base}/v1/dashboard/agencies.csv",
        params={"cohort": "26", "as_of": "2023-03-10"},
        headers=auth(bearer),
    )
    assert csv_response.status_code == 200
    text = csv_response.content.decode("utf-8")
    assert text.startswith("\ufeffMã / code,Cơ quan / name")
    lines = text.strip().splitlines()
    assert len(lines) == 27
    assert any(line.startswith(f"{HAI_PHONG},UBND TP Hải Phòng,26") for line in lines)

    metrics = httpx.get(f"{base}/metrics")
    assert metrics.status_code == 200
    assert 'ccvc_onboarding_agencies{status="overdue",track="26"} 26.0' in metrics.text
    assert 'ccvc_records{track="70-I"}' in metrics.text


def test_dashboard_reads_figures_not_records(running: Sandbox, clock: TravellingClock) -> None:
    """The dashboard's cost does not grow with records: its queries touch per-agency tables."""
    from sqlalchemy import event

    from ccvc.clock import get_clock
    from ccvc.db import get_engine
    from gateway.onboarding.service import assess

    statements: list[str] = []
    engine = get_engine(running.settings.database_url)

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with session_scope(running.settings.database_url) as session:
            assess(session, settings=running.settings, as_of=date(2023, 6, 30), tz=get_clock().tz)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements and len(statements) <= 10
    assert not any("staff_records" in s or "batch_items" in s for s in statements)


def test_a_threshold_is_a_state_not_an_event(running: Sandbox, clock: TravellingClock) -> None:
    """Quality met on the 10th, then a batch of wrong records on the 12th: the step reopens
    (and a larger headcount declared later reopens the headcount step)."""
    clock.travel_to(vn(date(2023, 3, 10)))
    creds = credentials(running, HAI_PHONG)
    agency = token(running, creds)
    citizens = _citizens(running, 8, 9300)
    good = [staff_record_from_citizen(c, agency=HAI_PHONG) for c in citizens[:4]]
    httpx.put(
        f"{running.base_url}/v1/agencies/{HAI_PHONG}/headcount",
        json={"headcount": 4},
        headers=auth(agency),
    ).raise_for_status()
    batch = submit(running.base_url, agency, HAI_PHONG, good)
    wait_for_status(running.base_url, agency, batch.json()["batch_id"], {"completed"})

    clock.travel_to(vn(date(2023, 3, 12)))
    agency = token(running, creds)
    wrong = [
        {**staff_record_from_citizen(c, agency=HAI_PHONG), "full_name": "Nguyễn Văn Khác"}
        for c in citizens[4:]
    ]
    batch = submit(running.base_url, agency, HAI_PHONG, wrong)
    done = wait_for_status(running.base_url, agency, batch.json()["batch_id"], {"completed"})
    assert done["counts"]["rejected"] == 4

    clock.travel_to(vn(date(2023, 3, 13)))
    agency = token(running, creds)
    httpx.put(
        f"{running.base_url}/v1/agencies/{HAI_PHONG}/headcount",
        json={"headcount": 40, "note": "Bổ sung biên chế các đơn vị sự nghiệp"},
        headers=auth(agency),
    ).raise_for_status()

    bearer = operator_token(running)
    on_10 = onboarding(running, bearer, HAI_PHONG, "2023-03-10")
    assert step(on_10, "quality_all_four")["status"] == "done_on_time"
    assert step(on_10, "headcount_verified")["status"] == "done_on_time"
    on_12 = onboarding(running, bearer, HAI_PHONG, "2023-03-12")
    quality = step(on_12, "quality_all_four")
    assert quality["status"] == "at_risk" and quality["evidence"] is None
    assert quality["progress"]["pass_share"]["dung"] == 0.5
    assert step(on_12, "headcount_verified")["status"] == "done_on_time"  # 4 of 4 still
    on_13 = onboarding(running, bearer, HAI_PHONG, "2023-03-13")
    assert step(on_13, "headcount_verified")["status"] == "at_risk"  # 4 of 40 now
    assert step(on_13, "headcount_verified")["progress"]["share"] == 0.1
