"""Scenario switches: a vendor triggers a failure of the national systems on demand, for its
own batch only, with the header `Sandbox-Scenario`.

A scenario is stored with the batch; the workers then send that batch's records to the bus in a
call of their own carrying the matching `X-NDXP-Fault`, for the first attempts only, so the
vendor sees the batch wait and then complete. Nothing leaks into other agencies' traffic: their
records travel in separate bus calls, and a scenario's failures never open the circuit.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter
from pydantic import BaseModel

from ccvc.problems import Problem
from gateway.auth.service import unauthorized

HEADER = "Sandbox-Scenario"


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title_en: str
    title_vi: str
    fault: str | None  # the X-NDXP-Fault sent with this batch's bus calls
    attempts: int  # for how many processing attempts of each record
    only_odd_records: bool = False  # fault only half of the batch


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
            "This request is refused as if the access token had expired (401)",
            "Yêu cầu này bị từ chối như thể mã truy cập đã hết hạn (401)",
            None,
            0,
        ),
    )
}


def parse_scenario(value: str | None) -> Scenario | None:
    """The requested scenario; unknown → 400 listing the valid ones; `token-expired` → 401."""
    if value is None or not value.strip():
        return None
    scenario = SCENARIOS.get(value.strip())
    if scenario is None:
        raise Problem(
            400,
            "unknown-scenario",
            f"Unknown {HEADER}; valid: {', '.join(SCENARIOS)}",
            title_vi=f"{HEADER} không hợp lệ; các giá trị hợp lệ: {', '.join(SCENARIOS)}",
            field=HEADER,
            valid=list(SCENARIOS),
        )
    if scenario.id == "token-expired":
        raise unauthorized("invalid_token", "The access token has expired")
    return scenario


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
        )
        for s in SCENARIOS.values()
    ]
