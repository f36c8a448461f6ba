"""Code lists shipped in `seed/`: provinces (3-digit codes of the personal identification
number, Circular 59/2021/TT-BCA) and the 54 ethnic groups (General Statistics Office list)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    region: str
    population_thousands: int


@dataclass(frozen=True, slots=True)
class EthnicGroup:
    code: str
    name: str
    share_percent: float


def read_seed_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file in the `seed` package (UTF-8)."""
    text = resources.files("seed").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def provinces() -> tuple[Province, ...]:
    return tuple(
        Province(r["code"], r["name"], r["region"], int(r["population_2019_thousands"]))
        for r in read_seed_csv("provinces.csv")
    )


@cache
def province_by_code() -> dict[str, Province]:
    return {p.code: p for p in provinces()}


@cache
def ethnic_groups() -> tuple[EthnicGroup, ...]:
    return tuple(
        EthnicGroup(r["code"], r["name"], float(r["share_percent"]))
        for r in read_seed_csv("ethnic_groups.csv")
    )


@cache
def ethnic_group_by_code() -> dict[str, EthnicGroup]:
    return {g.code: g for g in ethnic_groups()}


def as_json() -> dict[str, Any]:
    return {
        "provinces": [{"code": p.code, "name": p.name} for p in provinces()],
        "ethnic_groups": [{"code": g.code, "name": g.name} for g in ethnic_groups()],
    }
