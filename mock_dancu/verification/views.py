"""`POST /api/v1/xac-thuc`: the provider endpoint of service `XacThucCongDan`."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from ccvc.deps import SettingsDep
from mock_dancu.auth import BusOnlyRoute, require_bus
from mock_dancu.deps import PopulationDep, today
from mock_dancu.openapi import problem_responses
from mock_dancu.verification import service
from mock_dancu.verification.models import VerifyRequest, VerifyResponse

SERVICE_CODE = "XacThucCongDan"

router = APIRouter(
    prefix="/api/v1",
    tags=["services"],
    dependencies=[Depends(require_bus)],
    route_class=BusOnlyRoute,
)

DESCRIPTION = """
Provider endpoint of service **`XacThucCongDan`**, reachable only through the NDXP bus
(header `X-NDXP-Provider-Token`).

Each item names a citizen by `SoDinhDanh` (12 digits) or `SoCMND` (old 9 digits) and may carry
`HoVaTen`, `NgayThangNamSinh` (`yyyy-mm-dd` or `yyyy`) and `GioiTinh` (`Nam`/`Nữ`). The answer per
item (`KetQua`): `match`, `partial`, `mismatch`, `not_found`, `deceased` or `invalid` (with
`LyDo`), and per field sent (`ChiTiet`): `match` / `partial` / `mismatch`; names say which
normalisation they needed (`ChuanHoa`), dates may carry the hint `GoiY: day_month_swapped`.

This is a yes/no service: answers never contain the registered name or date of birth. Fields whose
value is null are omitted from the answer.

Xác thực thông tin công dân theo lô, trả lời từng trường (khớp / khớp một phần / không khớp).
"""


def _verify(
    request: VerifyRequest, population: PopulationDep, settings: SettingsDep
) -> VerifyResponse:
    return service.verify(
        population,
        request,
        as_of=request.as_of or today(),
        max_batch=settings.dancu_max_batch,
    )


router.add_api_route(
    "/xac-thuc",
    _verify,
    methods=["POST"],
    summary="Verify citizens (batch) / Xác thực thông tin công dân",
    description=DESCRIPTION,
    response_model=VerifyResponse,
    response_model_exclude_none=True,
    responses=problem_responses(403, 413, 422),
    operation_id="xac_thuc_cong_dan",
)
router.add_api_route(
    "/xac-thuc/",
    _verify,
    methods=["POST"],
    response_model=VerifyResponse,
    response_model_exclude_none=True,
    include_in_schema=False,
)
