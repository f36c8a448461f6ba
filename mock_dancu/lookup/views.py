"""`POST /api/v1/tra-cuu`: the provider endpoint of service `TraCuuCongDan`."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from ccvc.deps import SettingsDep
from mock_dancu.auth import BusOnlyRoute, require_bus
from mock_dancu.deps import PopulationDep, today
from mock_dancu.lookup import service
from mock_dancu.lookup.models import LookupRequest, LookupResponse
from mock_dancu.openapi import problem_responses

SERVICE_CODE = "TraCuuCongDan"

router = APIRouter(
    prefix="/api/v1",
    tags=["services"],
    dependencies=[Depends(require_bus)],
    route_class=BusOnlyRoute,
)

DESCRIPTION = """
Provider endpoint of service **`TraCuuCongDan`**, reachable only through the NDXP bus
(header `X-NDXP-Provider-Token`): the registry's fields for citizens the caller identifies by
`SoDinhDanh` or `SoCMND`, so an agency record can be reconciled and completed
("đối khớp, bổ sung"): name split as `HoVaTen {Ho, ChuDem, Ten, DayDu}`, `NgayThangNamSinh`,
`GioiTinh`, `DanToc` (code), `TonGiao`, `QueQuan` (province code), `ThuongTru`, `TrangThai`
(`con_song` / `da_mat`) and `NgayMat`. Items not found have `TimThay: false` (and `LyDo` when
the identifier was malformed).

Tra cứu thông tin công dân để đối khớp, bổ sung hồ sơ.
"""


def _lookup(
    request: LookupRequest, population: PopulationDep, settings: SettingsDep
) -> LookupResponse:
    return service.lookup(
        population, request, as_of=request.as_of or today(), max_batch=settings.dancu_max_batch
    )


router.add_api_route(
    "/tra-cuu",
    _lookup,
    methods=["POST"],
    summary="Look up citizens (batch) / Tra cứu thông tin công dân",
    description=DESCRIPTION,
    response_model=LookupResponse,
    responses=problem_responses(403, 413, 422),
    operation_id="tra_cuu_cong_dan",
)
router.add_api_route(
    "/tra-cuu/", _lookup, methods=["POST"], response_model=LookupResponse, include_in_schema=False
)
