"""Scenario switches: a vendor triggers a failure on demand, for its own request only, with
the header `Sandbox-Scenario`.

Two kinds. *National-system* scenarios are stored with the batch; the workers then send that
batch's records to the bus in a call of their own carrying the matching `X-NDXP-Fault`, for the
first attempts only, so the vendor sees the batch wait and then complete. *Gateway* scenarios
answer the request itself (503, 429, 412, 401) — once per request key, so that a client which
retries correctly (same `Idempotency-Key`, after `Retry-After`, after re-reading the record)
then succeeds: they are how a vendor earns the conformance report's behaviours. Nothing leaks
into other agencies' traffic: their records travel in separate bus calls, a scenario's failures
never open the circuit, and the once-per-key memory is per agency.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Header
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ccvc.clock import Clock
from ccvc.problems import Problem
from gateway.auth.service import unauthorized
from gateway.conformance.models import ScenarioFiring

HEADER = "Sandbox-Scenario"

Operation = Literal["batch", "record-write"]

ScenarioHeader = Annotated[
    str | None,
    Header(
        alias=HEADER,
        max_length=40,
        description="Trigger a failure for this request only (GET /v1/sandbox/scenarios).",
        examples=["gateway-unavailable"],
    ),
]


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title_en: str
    title_vi: str
    fault: str | None  # the X-NDXP-Fault sent with this batch's bus calls
    attempts: int  # for how many processing attempts of each record
    only_odd_records: bool = False  # fault only half of the batch
    answer: int | None = None  # a gateway scenario: the status this request gets once
    retry_after: int | None = None
    applies_to: tuple[Operation, ...] = ("batch",)


SCENARIOS: dict[str, Scenario] = {
    s.id: s
    for s in (
        Scenario(
            "population-db-unavailable",
            "The population DB is down for a while: records wait (batch `waiting`), then complete",
            "CSDLQG về dân cư tạm ngừng: hồ sơ chờ (lô `waiting`) rồi hoàn tất",
            "unavailable=1",
            2,
        ),
        Scenario(
            "bus-rate-limited",
            "The bus answers 429 with Retry-After; the gateway waits and retries",
            "Nền tảng NDXP trả 429 kèm Retry-After; cổng chờ rồi gửi lại",
            "rate_limited=1",
            1,
        ),
        Scenario(
            "bus-timeout",
            "The bus times out (CCVC_NDXP_SERVICE_TIMEOUT_SECONDS); records wait, then complete",
            "Nền tảng NDXP quá thời gian chờ; hồ sơ chờ rồi hoàn tất",
            "timeout",
            1,
        ),
        Scenario(
            "slow-verification",
            "Verification takes 3 seconds longer than usual",
            "Xác thực chậm hơn bình thường 3 giây",
            "latency=3000",
            1,
        ),
        Scenario(
            "malformed-answer",
            "The population DB's answer arrives corrupted; the gateway retries",
            "Kết quả từ CSDLQG về dân cư bị hỏng; cổng gửi lại",
            "malformed",
            1,
        ),
        Scenario(
            "partial-failure",
            "Half of the batch (odd positions) waits on an outage, the rest completes at once",
            "Một nửa lô (vị trí lẻ) chờ do sự cố, phần còn lại hoàn tất ngay",
            "unavailable=1",
            1,
            only_odd_records=True,
        ),
        Scenario(
            "token-expired",
            "This request is refused as if the access token had expired (401): get a new "
            "token and retry",
            "Yêu cầu này bị từ chối như thể mã truy cập đã hết hạn (401): lấy mã mới rồi gửi lại",
            None,
            0,
            answer=401,
            applies_to=("batch", "record-write"),
        ),
        Scenario(
            "gateway-unavailable",
            "The gateway answers 503 with Retry-After: 1, once per Idempotency-Key: retry with "
            "the same key",
            "Cổng trả 503 kèm Retry-After: 1, một lần cho mỗi Idempotency-Key: gửi lại với cùng "
            "khoá",
            None,
            0,
            answer=503,
            retry_after=1,
        ),
        Scenario(
            "gateway-rate-limited",
            "The gateway answers 429 with Retry-After: 2, once per Idempotency-Key: wait, then "
            "retry",
            "Cổng trả 429 kèm Retry-After: 2, một lần cho mỗi Idempotency-Key: chờ rồi gửi lại",
            None,
            0,
            answer=429,
            retry_after=2,
        ),
        Scenario(
            "record-changed",
            "A write with If-Match gets 412 as if another channel had just changed the record, "
            "once per record and ETag: read it again, then retry",
            "Lệnh ghi kèm If-Match nhận 412 như thể kênh khác vừa sửa hồ sơ, một lần cho mỗi hồ "
            "sơ và ETag: đọc lại rồi gửi lại",
            None,
            0,
            answer=412,
            applies_to=("record-write",),
        ),
    )
}


def parse_scenario(value: str | None, operation: Operation = "batch") -> Scenario | None:
    """The requested scenario; unknown, or not for this operation → 400 listing the valid
    ones; `token-expired` → 401 at once."""
    if value is None or not value.strip():
        return None
    scenario = SCENARIOS.get(value.strip())
    if scenario is None or operation not in scenario.applies_to:
        valid = [s.id for s in SCENARIOS.values() if operation in s.applies_to]
        which = "Unknown" if scenario is None else "Not for this operation:"
        which_vi = "không hợp lệ" if scenario is None else "không áp dụng cho thao tác này"
        raise Problem(
            400,
            "unknown-scenario",
            f"{which} {HEADER}; valid here: {', '.join(valid)}",
            title_vi=f"{HEADER} {which_vi}; các giá trị hợp lệ: {', '.join(valid)}",
            field=HEADER,
            valid=valid,
        )
    if scenario.id == "token-expired":
        raise unauthorized("invalid_token", "The access token has expired")
    return scenario


def fire_once(
    *, session: Session, clock: Clock, scenario: Scenario, agency_code: str, key: str
) -> None:
    """Answer a gateway scenario's status the first time this agency sends `key` with it
    (committed at once: the answer is an error, the request's own work is rolled back)."""
    if scenario.answer is None or scenario.answer == 401:
        return
    session.add(
        ScenarioFiring(agency_code=agency_code, scenario=scenario.id, key=key, at=clock.now())
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return  # fired before for this key: this is the retry, let it through
    raise scenario_problem(scenario)


def scenario_problem(scenario: Scenario) -> Problem:
    headers = {"Retry-After": str(scenario.retry_after)} if scenario.retry_after else {}
    extra = {"retry_after_seconds": scenario.retry_after} if scenario.retry_after else {}
    if scenario.answer == 503:
        return Problem(
            503,
            "service-unavailable",
            "The gateway is unavailable for a moment (Sandbox-Scenario)",
            title_vi="Cổng tạm thời không phục vụ (Sandbox-Scenario)",
            detail="Nothing was stored. Retry after Retry-After seconds with the same "
            "Idempotency-Key.",
            headers=headers,
            scenario=scenario.id,
            **extra,
        )
    if scenario.answer == 429:
        return Problem(
            429,
            "rate-limited",
            "Too many requests from this client (Sandbox-Scenario)",
            title_vi="Ứng dụng gửi quá nhiều yêu cầu (Sandbox-Scenario)",
            detail="Nothing was stored. Wait Retry-After seconds, then retry.",
            headers=headers,
            scenario=scenario.id,
            **extra,
        )
    return Problem(
        412,
        "precondition-failed",
        "The record changed since you read it (Sandbox-Scenario)",
        title_vi="Hồ sơ đã thay đổi kể từ khi bạn đọc (Sandbox-Scenario)",
        detail="Read the record again (GET), apply your change to it, and retry with its "
        "ETag in If-Match.",
        scenario=scenario.id,
    )


def fault_for(scenario_id: str | None, *, index: int, attempts: int) -> str | None:
    """The fault a record's bus call carries on this attempt (`attempts` made so far)."""
    scenario = SCENARIOS.get(scenario_id or "")
    if scenario is None or scenario.fault is None or attempts >= scenario.attempts:
        return None
    if scenario.only_odd_records and index % 2 == 0:
        return None
    return scenario.fault


class ScenarioRead(BaseModel):
    id: str
    title_en: str
    title_vi: str
    bus_fault: str | None
    attempts: int
    answer: int | None = None
    retry_after: int | None = None
    applies_to: list[str]


router = APIRouter(tags=["sandbox"])


@router.get(
    "/v1/sandbox/scenarios",
    summary=f"Scenario switches for the `{HEADER}` header (public)",
)
def scenarios() -> list[ScenarioRead]:
    return [
        ScenarioRead(
            id=s.id,
            title_en=s.title_en,
            title_vi=s.title_vi,
            bus_fault=s.fault,
            attempts=s.attempts,
            answer=s.answer,
            retry_after=s.retry_after,
            applies_to=list(s.applies_to),
        )
        for s in SCENARIOS.values()
    ]
