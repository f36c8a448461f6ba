"""The gateway's client of the population DB — reached only through the NDXP bus.

Data flows one way: gateway → bus (`/r1/…`) → population DB. This module speaks the bus's
protocol (member token, `X-Road-Client`) and the population DB's Vietnamese wire names, and
hands the rest of the gateway English-named results. It raises `BusUnavailable` for anything
that means "try again later" (503, 502, 504, timeouts, malformed bodies, 429 with its
`Retry-After`), so callers leave records pending instead of passing them unchecked.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from ccvc import json_codec
from ccvc.settings import Settings

SERVICE_PROVIDER = "VN/GOV/BCA/CSDLQGDC"
VERIFY_SERVICE = "XacThucCongDan"
LOOKUP_SERVICE = "TraCuuCongDan"
SEX_TO_WIRE = {"male": "Nam", "female": "Nữ"}
SEX_FROM_WIRE = {"Nam": "male", "Nữ": "female", "Nu": "female"}
WIRE_FIELDS = {"HoVaTen": "full_name", "NgayThangNamSinh": "date_of_birth", "GioiTinh": "sex"}


class BusUnavailable(Exception):
    """The bus or the population DB cannot answer now; retry after `retry_after` seconds."""

    def __init__(self, reason: str, *, retry_after: float | None = None, status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.status = status


class BusRejected(Exception):
    """The bus refused the call for a reason retrying will not fix (401 after refresh, 403…)."""


@dataclass(frozen=True, slots=True)
class IdentityQuery:
    person_id: str | None
    old_id_number: str | None
    full_name: str | None
    date_of_birth: str | None
    sex: str | None


@dataclass(frozen=True, slots=True)
class VerificationResult:
    status: str  # match | partial | mismatch | not_found | deceased | invalid
    fields: dict[str, str] = field(default_factory=dict)
    normalisations: tuple[str, ...] = ()
    hints: dict[str, str] = field(default_factory=dict)
    person_id: str | None = None
    date_of_death: date | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """The population DB's own values, in the staff record's field names."""

    person_id: str
    values: dict[str, str | None]
    life_status: str
    date_of_death: date | None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class PopulationClient:
    """Thread-safe, keeps one HTTP connection pool and one bus token (renewed before expiry)."""

    def __init__(self, settings: Settings, *, http: httpx.Client | None = None) -> None:
        self.settings = settings
        self.base = settings.resolved_ndxp_url()
        self.member = settings.ndxp_gateway_member
        self.http = http or httpx.Client(
            timeout=httpx.Timeout(settings.ndxp_service_timeout_seconds + 5, connect=5.0),
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        )
        self._token: str | None = None
        self._token_expires = 0.0
        self._lock = threading.Lock()

    def close(self) -> None:
        self.http.close()

    # --- token -----------------------------------------------------------------------------

    def _fetch_token(self) -> str:
        try:
            response = self.http.post(
                f"{self.base}/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(
                    self.settings.ndxp_gateway_client_id,
                    self.settings.ndxp_gateway_client_secret,
                ),
            )
        except httpx.HTTPError as exc:
            raise BusUnavailable(f"bus token endpoint unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise BusUnavailable(
                "bus token endpoint unavailable",
                retry_after=_retry_after(response),
                status=response.status_code,
            )
        if response.status_code != 200:
            raise BusRejected(f"bus refused the gateway's credentials ({response.status_code})")
        body = response.json()
        self._token = str(body["access_token"])
        self._token_expires = time.monotonic() + float(body.get("expires_in", 300)) - 30
        return self._token

    def _bearer(self, *, renew: bool = False) -> str:
        with self._lock:
            if renew or self._token is None or time.monotonic() >= self._token_expires:
                return self._fetch_token()
            return self._token

    # --- calls -----------------------------------------------------------------------------

    def _call(
        self, service: str, body: dict[str, Any], *, fault: str | None = None
    ) -> dict[str, Any]:
        url = f"{self.base}/r1/{SERVICE_PROVIDER}/{service}"
        content = json_codec.dumps_bytes(body)
        for attempt in (1, 2):
            headers = {
                "Authorization": f"Bearer {self._bearer(renew=attempt == 2)}",
                "Content-Type": "application/json",
                "X-Road-Client": self.member,
                "X-Road-Id": str(uuid.uuid4()),
            }
            if fault:
                headers["X-NDXP-Fault"] = fault
            try:
                response = self.http.post(url, content=content, headers=headers)
            except httpx.TimeoutException as exc:
                raise BusUnavailable("bus call timed out") from exc
            except httpx.HTTPError as exc:
                raise BusUnavailable(f"bus unreachable: {type(exc).__name__}") from exc
            if response.status_code == 401 and attempt == 1:
                continue  # token expired or bus restarted: renew once
            if response.status_code == 429 or response.status_code >= 500:
                raise BusUnavailable(
                    f"{service} answered {response.status_code}",
                    retry_after=_retry_after(response),
                    status=response.status_code,
                )
            if response.status_code != 200:
                raise BusRejected(f"{service} answered {response.status_code}")
            try:
                payload = json_codec.loads(response.content)
            except ValueError as exc:
                raise BusUnavailable(f"{service} answered a malformed body") from exc
            if not isinstance(payload, dict) or not isinstance(payload.get("KetQua"), list):
                raise BusUnavailable(f"{service} answered an unexpected body")
            return payload
        raise BusRejected("bus refused the renewed token")

    def verify(
        self, queries: Sequence[IdentityQuery], *, as_of: date, fault: str | None = None
    ) -> list[VerificationResult]:
        items = []
        for q in queries:
            item: dict[str, str] = {}
            if q.person_id:
                item["SoDinhDanh"] = q.person_id
            if q.old_id_number:
                item["SoCMND"] = q.old_id_number
            if q.full_name:
                item["HoVaTen"] = q.full_name
            if q.date_of_birth:
                item["NgayThangNamSinh"] = q.date_of_birth
            if q.sex in SEX_TO_WIRE:
                item["GioiTinh"] = SEX_TO_WIRE[q.sex]
            items.append(item)
        payload = self._call(
            VERIFY_SERVICE,
            {"MaYeuCau": uuid.uuid4().hex, "NgayDoiChieu": as_of.isoformat(), "DanhSach": items},
            fault=fault,
        )
        return _map_verification(payload, len(queries))

    def lookup(
        self, person_ids: Sequence[str], *, as_of: date, fault: str | None = None
    ) -> dict[str, RegistryEntry]:
        body = {
            "MaYeuCau": uuid.uuid4().hex,
            "NgayDoiChieu": as_of.isoformat(),
            "DanhSach": [{"SoDinhDanh": pid} for pid in person_ids],
        }
        payload = self._call(LOOKUP_SERVICE, body, fault=fault)
        entries: dict[str, RegistryEntry] = {}
        for answer in payload["KetQua"]:
            if not isinstance(answer, dict) or not answer.get("TimThay"):
                continue
            entry = _map_registry(answer)
            if entry is not None:
                entries[entry.person_id] = entry
        return entries


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _map_verification(payload: dict[str, Any], expected: int) -> list[VerificationResult]:
    answers = payload["KetQua"]
    if len(answers) != expected:
        raise BusUnavailable("verification answered a different number of items")
    results: list[VerificationResult] = []
    for answer in sorted(answers, key=lambda a: int(a.get("ViTri", 0))):
        details = answer.get("ChiTiet") or {}
        fields: dict[str, str] = {}
        hints: dict[str, str] = {}
        normalisations: tuple[str, ...] = ()
        for wire, name in WIRE_FIELDS.items():
            detail = details.get(wire)
            if isinstance(detail, dict) and "KetQua" in detail:
                fields[name] = str(detail["KetQua"])
                if detail.get("GoiY"):
                    hints[name] = str(detail["GoiY"])
                if wire == "HoVaTen":
                    normalisations = tuple(str(n) for n in detail.get("ChuanHoa") or ())
        results.append(
            VerificationResult(
                status=str(answer.get("KetQua")),
                fields=fields,
                normalisations=normalisations,
                hints=hints,
                person_id=answer.get("SoDinhDanh"),
                date_of_death=_parse_date(answer.get("NgayMat")),
                reason=answer.get("LyDo"),
            )
        )
    return results


def _map_registry(answer: dict[str, Any]) -> RegistryEntry | None:
    person_id = answer.get("SoDinhDanh")
    if not isinstance(person_id, str):
        return None
    name = answer.get("HoVaTen") or {}
    values: dict[str, str | None] = {
        "full_name": name.get("DayDu") if isinstance(name, dict) else None,
        "date_of_birth": answer.get("NgayThangNamSinh"),
        "sex": SEX_FROM_WIRE.get(str(answer.get("GioiTinh"))),
        "ethnicity_code": answer.get("DanToc"),
        "religion": answer.get("TonGiao"),
        "hometown_province": answer.get("QueQuan"),
        "permanent_address": answer.get("ThuongTru"),
        "old_id_number": answer.get("SoCMND"),
    }
    return RegistryEntry(
        person_id=person_id,
        values=values,
        life_status="deceased" if answer.get("TrangThai") == "da_mat" else "alive",
        date_of_death=_parse_date(answer.get("NgayMat")),
    )
