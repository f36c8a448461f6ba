"""X-Road identifiers.

A client is a subsystem, ``INSTANCE/CLASS/MEMBER/SUBSYSTEM`` (e.g. ``VN/GOV/BNV/CSDLCBCCVC``);
a service adds its code, ``INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE``
(e.g. ``VN/GOV/BCA/CSDLQGDC/XacThucCongDan``). Every part is non-empty, at most 100
characters, and holds neither ``/`` nor control characters or spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

MAX_PART_LENGTH = 100


def valid_part(part: str) -> bool:
    """Whether `part` may be one component of an identifier."""
    return (
        0 < len(part) <= MAX_PART_LENGTH
        and "/" not in part
        and all(ch.isprintable() and not ch.isspace() for ch in part)
    )


@dataclass(frozen=True, slots=True)
class SubsystemId:
    """A member subsystem: the unit that calls services, or that provides them."""

    instance: str
    member_class: str
    member_code: str
    subsystem_code: str

    @classmethod
    def parse(cls, text: str) -> SubsystemId | None:
        """`INSTANCE/CLASS/MEMBER/SUBSYSTEM`, or None when it is not one."""
        parts = text.strip().split("/")
        if len(parts) != 4 or not all(valid_part(p) for p in parts):
            return None
        return cls(*parts)

    @classmethod
    def from_parts(cls, parts: tuple[str, str, str, str]) -> SubsystemId | None:
        if not all(valid_part(p) for p in parts):
            return None
        return cls(*parts)

    def __str__(self) -> str:
        return f"{self.instance}/{self.member_class}/{self.member_code}/{self.subsystem_code}"

    def url_path(self) -> str:
        """The identifier as URL path segments, each percent-encoded on its own."""
        parts = (self.instance, self.member_class, self.member_code, self.subsystem_code)
        return "/".join(quote(p, safe="") for p in parts)


@dataclass(frozen=True, slots=True)
class ServiceId:
    """A service of a provider subsystem."""

    subsystem: SubsystemId
    service_code: str

    @classmethod
    def parse(cls, text: str) -> ServiceId | None:
        head, _, code = text.strip().rpartition("/")
        subsystem = SubsystemId.parse(head)
        if subsystem is None or not valid_part(code):
            return None
        return cls(subsystem, code)

    def __str__(self) -> str:
        return f"{self.subsystem}/{self.service_code}"

    def url_path(self) -> str:
        return f"{self.subsystem.url_path()}/{quote(self.service_code, safe='')}"
