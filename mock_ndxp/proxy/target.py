"""Which service a ``/r1/...`` call is for, read from the raw (still percent-encoded) path so
that each identifier part is percent-decoded on its own (``%2F`` stays inside its part)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from mock_ndxp import errors
from mock_ndxp.identifiers import ServiceId, SubsystemId, valid_part

_PATH_SAFE = "/:@!$&'()*+,;=-._~"


@dataclass(frozen=True, slots=True)
class Target:
    service_id: ServiceId
    rest: str
    """The service-relative path, still percent-encoded: ``""`` or ``/...``."""

    @property
    def relative_path(self) -> str:
        return self.rest or "/"


def _raw_route_path(scope: Mapping[str, Any]) -> str | None:
    raw = scope.get("raw_path")
    if not isinstance(raw, bytes):
        return None
    text = raw.decode("latin-1").split("?", 1)[0]
    root = str(scope.get("root_path") or "")
    if root:
        for prefix in (quote(root, safe=_PATH_SAFE), root):
            if text.startswith(prefix):
                text = text[len(prefix) :]
                break
        else:
            return None
    return text if text.startswith("/r1/") else None


def _malformed() -> errors.XRoadError:
    return errors.bad_request(
        "Malformed service identifier: expected "
        "/r1/{instance}/{memberClass}/{memberCode}/{subsystemCode}/{serviceCode}[/path]",
        "Sai định danh dịch vụ: cần "
        "/r1/{instance}/{memberClass}/{memberCode}/{subsystemCode}/{serviceCode}[/path]",
    )


def parse_target(scope: Mapping[str, Any], path_params: Mapping[str, Any]) -> Target:
    """The service and service-relative path of a call (400 ``Client.BadRequest`` if malformed)."""
    raw = _raw_route_path(scope)
    if raw is not None:
        pieces = raw[len("/r1/") :].split("/", 5)
        if len(pieces) < 5:
            raise _malformed()
        parts = [unquote(p) for p in pieces[:5]]
        rest = "/" + pieces[5] if len(pieces) == 6 else ""
    else:
        names = ("instance", "member_class", "member_code", "subsystem_code", "service_code")
        parts = [str(path_params.get(name, "")) for name in names]
        extra = str(path_params.get("path", ""))
        rest = "/" + quote(extra, safe=_PATH_SAFE) if "path" in path_params else ""
    subsystem = SubsystemId.from_parts((parts[0], parts[1], parts[2], parts[3]))
    if subsystem is None or not valid_part(parts[4]):
        raise _malformed()
    return Target(ServiceId(subsystem, parts[4]), rest)
