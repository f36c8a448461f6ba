"""Per-agency quality, kept incrementally: the workers apply each round's changes as deltas,
so reading an agency's quality (or the national picture) never rescans its records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base


class AgencyQuality(Base):
    __tablename__ = "agency_quality"

    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), primary_key=True)
    records: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    dimensions: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"dung": {"pass": n, "fail": n}}
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"DUNG-ID-NAME": n records}
    first_sync_at: Mapped[datetime | None]
    last_sync_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class AgencyQualityDaily(Base):
    """The day's closing figures of an agency (the last state written that day): the trend."""

    __tablename__ = "agency_quality_daily"

    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    records: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    dimensions: Mapped[dict[str, Any]] = mapped_column(JSON)
