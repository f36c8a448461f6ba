"""Recorded contracts between the gateway's bus client and the bus + population DB.

`python -m tests.support.contracts` records them from the real mocks into
`tests/contracts/population_db.json`; the gateway's client is tested against the recording with
respx, and the mocks are tested against the same recording, so the two cannot drift apart
silently.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CONTRACT_FILE = Path(__file__).resolve().parent.parent / "contracts" / "population_db.json"
AS_OF = "2026-11-23"
VERIFY_PATH = "/r1/VN/GOV/BCA/CSDLQGDC/XacThucCongDan"
LOOKUP_PATH = "/r1/VN/GOV/BCA/CSDLQGDC/TraCuuCongDan"


def requests_to_record(personas: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The requests the gateway's client sends, in the shape it sends them."""
    return {
        "verify_personas": {
            "path": VERIFY_PATH,
            "body": {
                "MaYeuCau": "contract-verify",
                "NgayDoiChieu": AS_OF,
                "DanhSach": [p["verification_item"] for p in personas],
            },
        },
        "lookup_found": {
            "path": LOOKUP_PATH,
            "body": {
                "MaYeuCau": "contract-lookup",
                "NgayDoiChieu": AS_OF,
                "DanhSach": [
                    {"SoDinhDanh": p["citizen"]["person_id"]}
                    for p in personas
                    if p["citizen"] is not None
                ][:3],
            },
        },
    }


def shape(value: Any) -> Any:
    """The structure of a JSON value: keys and types, not values."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        shapes = {json.dumps(shape(v), sort_keys=True) for v in value}
        return sorted(shapes)
    return type(value).__name__


def record() -> None:  # pragma: no cover - a maintenance script
    import tempfile

    import httpx

    from ccvc.app import create_app
    from ccvc.clock import get_clock
    from ccvc.migrate import upgrade
    from ccvc.seeding import seed_all
    from ccvc.serving import free_port, serve
    from ccvc.settings import Settings

    with tempfile.TemporaryDirectory() as directory:
        port = free_port()
        settings = Settings(database_url=f"sqlite:///{directory}/c.db", port=port, workers=0)
        upgrade(settings.database_url)
        seed_all(settings=settings, clock=get_clock())
        with serve(create_app(settings), port=port, ready_path="/healthz") as base:
            personas = httpx.get(f"{base}/dancu/sandbox/personas").json()["personas"]
            token = httpx.post(
                f"{base}/ndxp/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(settings.ndxp_gateway_client_id, settings.ndxp_gateway_client_secret),
            ).json()["access_token"]
            headers = {
                "Authorization": f"Bearer {token}",
                "X-Road-Client": settings.ndxp_gateway_member,
            }
            exchanges = {}
            for name, request in requests_to_record(personas).items():
                response = httpx.post(
                    f"{base}/ndxp{request['path']}", json=request["body"], headers=headers
                )
                exchanges[name] = {
                    **request,
                    "status": response.status_code,
                    "response": response.json(),
                }
            unavailable = httpx.post(
                f"{base}/ndxp{VERIFY_PATH}",
                json=requests_to_record(personas)["verify_personas"]["body"],
                headers={**headers, "X-NDXP-Fault": "unavailable=7"},
            )
            exchanges["bus_unavailable"] = {
                "path": VERIFY_PATH,
                "status": unavailable.status_code,
                "headers": {"Retry-After": unavailable.headers["Retry-After"]},
                "response": unavailable.json(),
            }
    CONTRACT_FILE.write_text(json.dumps(exchanges, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":  # pragma: no cover
    record()
