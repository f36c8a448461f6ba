"""Working days of Vietnamese state agencies, for deadlines counted in working days.

A working day is Monday–Friday, except public holidays and the days off decreed around them,
plus the Saturdays decreed as make-up working days when a working day was swapped to join a
holiday to a weekend.

Public holidays (Bộ luật Lao động 2019, Điều 112): Tết Dương lịch (1/1), Tết Âm lịch (5 days),
Giỗ Tổ Hùng Vương (10/3 lunar), Ngày Chiến thắng (30/4), Quốc tế Lao động (1/5), Quốc khánh (2/9
and one adjacent day). A holiday on a weekend is compensated on the next working day (Điều 111).
For civil servants the Ministry (Bộ LĐTBXH until 2025, Bộ Nội vụ since) announces each year's
exact days off, hardcoded here for 2023–2027:

- 2023: 2/1 (1/1 a Sunday); Tết 20/1–26/1; Giỗ Tổ 29/4 (Sat) and 30/4 (Sun) compensated 2/5 and
  3/5, with 1/5; Quốc khánh 1/9 and 4/9 (2/9 a Saturday).
- 2024: 1/1; Tết 8/2–14/2; Giỗ Tổ 18/4; 29/4 (swapped for Saturday 4/5), 30/4, 1/5; Quốc khánh
  2/9–3/9.
- 2025: 1/1; Tết 25/1–2/2 (27/1–31/1 on working days); Giỗ Tổ 7/4; 30/4, 1/5, 2/5 (swapped for
  Saturday 26/4); Quốc khánh 1/9–2/9.
- 2026: 1/1 and 2/1 (swapped for Saturday 10/1, văn bản 12729/VPCP-KGVX); Tết 16/2–20/2
  (Thông báo 9441/TB-BNV); Giỗ Tổ 26/4 (Sun) compensated 27/4; 30/4, 1/5; Quốc khánh 29/8–2/9
  as announced with the Tết schedule (31/8, 1/9, 2/9 off work).
- 2027 (not yet announced when written: reconstructed from the Labour Code): 1/1; Tết (mùng 1
  on Saturday 6/2) 4/2–10/2 on five working days; Giỗ Tổ 16/4; 30/4, 1/5 (Sat) compensated 3/5;
  Quốc khánh 2/9–3/9.

Outside 2023–2027 only the fixed-date holidays are known (1/1, 30/4, 1/5, 2/9): lunar holidays
and decreed swaps are not.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

VN_TZ = timezone(timedelta(hours=7), "ICT")
"""Vietnam keeps UTC+07:00 all year (no daylight saving)."""

HARDCODED_YEARS = range(2023, 2028)


def _days(*spans: tuple[date, date]) -> set[date]:
    out: set[date] = set()
    for first, last in spans:
        day = first
        while day <= last:
            out.add(day)
            day += timedelta(days=1)
    return out


def _d(y: int, m: int, d: int) -> tuple[date, date]:
    return date(y, m, d), date(y, m, d)


DAYS_OFF: frozenset[date] = frozenset(
    _days(
        # 2023
        _d(2023, 1, 2),
        (date(2023, 1, 20), date(2023, 1, 26)),
        (date(2023, 4, 29), date(2023, 5, 3)),
        (date(2023, 9, 1), date(2023, 9, 4)),
        # 2024
        _d(2024, 1, 1),
        (date(2024, 2, 8), date(2024, 2, 14)),
        _d(2024, 4, 18),
        (date(2024, 4, 27), date(2024, 5, 1)),
        (date(2024, 8, 31), date(2024, 9, 3)),
        # 2025
        _d(2025, 1, 1),
        (date(2025, 1, 25), date(2025, 2, 2)),
        _d(2025, 4, 7),
        (date(2025, 4, 30), date(2025, 5, 4)),
        (date(2025, 8, 30), date(2025, 9, 2)),
        # 2026
        (date(2026, 1, 1), date(2026, 1, 4)),
        (date(2026, 2, 14), date(2026, 2, 22)),
        (date(2026, 4, 25), date(2026, 4, 27)),
        (date(2026, 4, 30), date(2026, 5, 3)),
        (date(2026, 8, 29), date(2026, 9, 2)),
        # 2027
        _d(2027, 1, 1),
        (date(2027, 2, 4), date(2027, 2, 10)),
        _d(2027, 4, 16),
        (date(2027, 4, 30), date(2027, 5, 3)),
        (date(2027, 9, 2), date(2027, 9, 3)),
    )
)
"""Every day off (weekend days inside a holiday span included) of 2023–2027."""

MAKE_UP_WORKING_DAYS: frozenset[date] = frozenset(
    {date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10)}
)
"""Saturdays decreed as working days in exchange for a swapped day off."""

_FIXED_HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))


def is_working_day(day: date) -> bool:
    if day in MAKE_UP_WORKING_DAYS:
        return True
    if day.weekday() >= 5 or day in DAYS_OFF:
        return False
    return day.year in HARDCODED_YEARS or (day.month, day.day) not in _FIXED_HOLIDAYS


@lru_cache(maxsize=8192)
def add_working_days(day: date, count: int) -> date:
    """The `count`-th working day after `day` (the day itself is not counted)."""
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_deadline(changed_at: datetime, count: int) -> datetime:
    """End (24:00, Vietnam time) of the `count`-th working day after the day of `changed_at`.

    Periods counted in days start on the day after the event and end at 24:00 of the last day
    (Bộ luật Dân sự 2015, Điều 147–148).
    """
    local_day = changed_at.astimezone(VN_TZ).date()
    last = add_working_days(local_day, count)
    return datetime.combine(last + timedelta(days=1), time(0, 0), tzinfo=VN_TZ)


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_VN_OFFSET_SECONDS = 7 * 3600


@lru_cache(maxsize=8192)
def _deadline_for_day(day_number: int, count: int) -> float:
    last = add_working_days(date.fromordinal(day_number + _EPOCH_ORDINAL), count)
    return (last.toordinal() + 1 - _EPOCH_ORDINAL) * 86400.0 - _VN_OFFSET_SECONDS


def working_days_deadline_ts(changed_ts: float, count: int) -> float:
    """`working_days_deadline` on POSIX timestamps (cached per Vietnam calendar day)."""
    return _deadline_for_day(int((changed_ts + _VN_OFFSET_SECONDS) // 86400), count)
