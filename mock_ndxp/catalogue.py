"""The service catalogue (static, in code) and the evaluation of access rights.

One provider today: the national population database of the Ministry of Public Security
(Bộ Công an), subsystem ``<instance>/GOV/BCA/CSDLQGDC``, reached at
``settings.resolved_dancu_url()``. Each service is one provider endpoint: a call to
``/r1/<service id>[/<path>]`` is forwarded to ``<provider base URL><provider_path>[/<path>]``,
so one service can never be used to reach another service's endpoint.

Access rights (table ``ndxp_access_rights``) are granted per service, or per endpoint
(method and service-relative path; a path ending in ``*`` is a prefix).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ccvc.settings import Settings
from mock_ndxp.identifiers import ServiceId, SubsystemId

XAC_THUC_CONG_DAN = "XacThucCongDan"
TRA_CUU_CONG_DAN = "TraCuuCongDan"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One operation of a service; `path` is relative to the service (``/`` is the service)."""

    method: str
    path: str


@dataclass(frozen=True, slots=True)
class Service:
    id: ServiceId
    title: str
    title_vi: str
    provider_path: str
    endpoints: tuple[Endpoint, ...]


@dataclass(frozen=True, slots=True)
class Provider:
    id: SubsystemId
    name: str
    base_url: Callable[[Settings], str]
    services: tuple[Service, ...]


@dataclass(frozen=True, slots=True)
class AccessRight:
    """A member's right to a service, or to one endpoint of it (method and/or path set)."""

    service_id: str
    method: str | None = None
    path: str | None = None

    def allows(self, service: Service, method: str, path: str) -> bool:
        if self.service_id != str(service.id):
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.path is None:
            return True
        if self.path.endswith("*"):
            return path.startswith(self.path[:-1])
        return path == self.path


def is_allowed(rights: Iterable[AccessRight], service: Service, method: str, path: str) -> bool:
    return any(right.allows(service, method, path) for right in rights)


def allowed_endpoints(rights: Sequence[AccessRight], service: Service) -> tuple[Endpoint, ...]:
    """The endpoints of `service` that `rights` allow."""
    return tuple(e for e in service.endpoints if is_allowed(rights, service, e.method, e.path))


class Catalogue:
    """The providers and their services, looked up by identifier."""

    def __init__(self, providers: Iterable[Provider]) -> None:
        self.providers: tuple[Provider, ...] = tuple(providers)
        self._providers = {p.id: p for p in self.providers}
        self._services = {s.id: (p, s) for p in self.providers for s in p.services}

    def provider(self, subsystem: SubsystemId) -> Provider | None:
        return self._providers.get(subsystem)

    def service(self, service_id: ServiceId) -> tuple[Provider, Service] | None:
        return self._services.get(service_id)

    def services(self) -> tuple[Service, ...]:
        return tuple(s for p in self.providers for s in p.services)

    def resolve_service(self, text: str) -> Service | None:
        """A service by full identifier or, when unambiguous, by bare service code."""
        service_id = ServiceId.parse(text)
        if service_id is not None:
            found = self.service(service_id)
            return found[1] if found else None
        matches = [s for s in self.services() if s.id.service_code == text]
        return matches[0] if len(matches) == 1 else None


def population_provider_id(settings: Settings) -> SubsystemId:
    return SubsystemId(settings.ndxp_instance, "GOV", "BCA", "CSDLQGDC")


def build_catalogue(settings: Settings) -> Catalogue:
    provider_id = population_provider_id(settings)
    population = Provider(
        id=provider_id,
        name="Bộ Công an — Cơ sở dữ liệu quốc gia về dân cư (national population database)",
        base_url=lambda s: s.resolved_dancu_url(),
        services=(
            Service(
                id=ServiceId(provider_id, XAC_THUC_CONG_DAN),
                title="Batch identity verification of citizens",
                title_vi="Xác thực thông tin công dân (theo lô)",
                provider_path="/api/v1/xac-thuc",
                endpoints=(Endpoint("POST", "/"),),
            ),
            Service(
                id=ServiceId(provider_id, TRA_CUU_CONG_DAN),
                title="Lookup of supplementary citizen fields",
                title_vi="Tra cứu thông tin bổ sung của công dân",
                provider_path="/api/v1/tra-cuu",
                endpoints=(Endpoint("POST", "/"),),
            ),
        ),
    )
    return Catalogue([population])
