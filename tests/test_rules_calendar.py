"""Working days (public holidays 2023–2027) and the statutory retirement date (NĐ 135/2020)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from gateway.rules.calendar import (
    VN_TZ,
    add_working_days,
    is_working_day,
    working_days_deadline,
    working_days_deadline_ts,
)
from gateway.rules.retirement import add_years, age_on, retirement_date

DAYS_OFF = [
    date(2023, 1, 2),  # Tết Dương lịch 2023 (1/1 a Sunday)
    date(2023, 1, 20),
    date(2023, 1, 26),  # Tết Quý Mão
    date(2023, 5, 2),
    date(2023, 5, 3),  # Giỗ Tổ and 30/4 on the weekend, compensated
    date(2023, 9, 1),
    date(2023, 9, 4),
    date(2024, 1, 1),
    date(2024, 2, 8),
    date(2024, 2, 14),  # Tết Giáp Thìn
    date(2024, 4, 18),  # Giỗ Tổ
    date(2024, 4, 29),  # swapped for Saturday 4/5
    date(2024, 4, 30),
    date(2024, 5, 1),
    date(2024, 9, 2),
    date(2024, 9, 3),
    date(2025, 1, 1),
    date(2025, 1, 27),
    date(2025, 1, 31),  # Tết Ất Tỵ
    date(2025, 4, 7),
    date(2025, 4, 30),
    date(2025, 5, 2),  # swapped for Saturday 26/4
    date(2025, 9, 1),
    date(2025, 9, 2),
    date(2026, 1, 1),
    date(2026, 1, 2),  # swapped for Saturday 10/1
    date(2026, 2, 16),
    date(2026, 2, 20),  # Tết Bính Ngọ
    date(2026, 4, 27),  # Giỗ Tổ (26/4, a Sunday) compensated
    date(2026, 4, 30),
    date(2026, 5, 1),
    date(2026, 9, 1),
    date(2026, 9, 2),
    date(2027, 1, 1),
    date(2027, 2, 4),
    date(2027, 2, 10),  # Tết Đinh Mùi (reconstructed)
    date(2027, 4, 16),  # Giỗ Tổ
    date(2027, 5, 3),  # 1/5 a Saturday, compensated
    date(2027, 9, 3),
    date(2028, 1, 3) - timedelta(days=2),  # 1/1/2028: fixed-date holiday outside 2023–2027
    date(2029, 9, 2) - timedelta(days=0),  # a Sunday anyway
    date(2030, 4, 30),  # fixed-date holiday (a Tuesday)
]

WORKING = [
    date(2024, 5, 4),  # make-up Saturday
    date(2025, 4, 26),  # make-up Saturday
    date(2026, 1, 10),  # make-up Saturday
    date(2026, 11, 23),
    date(2026, 2, 23),  # back from Tết
    date(2026, 4, 28),
    date(2030, 5, 2),
]


@pytest.mark.parametrize("day", DAYS_OFF, ids=str)
def test_days_off(day: date) -> None:
    assert not is_working_day(day)


@pytest.mark.parametrize("day", WORKING, ids=str)
def test_working_days(day: date) -> None:
    assert is_working_day(day)


def test_weekends_are_off() -> None:
    assert not is_working_day(date(2026, 11, 21))
    assert not is_working_day(date(2026, 11, 22))


def test_add_working_days_across_tet() -> None:
    # Friday 13/2/2026 → Tết 14–22/2 → Mon 23, Tue 24, Wed 25.
    assert add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)
    assert add_working_days(date(2026, 11, 19), 3) == date(2026, 11, 24)
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)


def test_deadline_is_the_end_of_the_last_working_day_in_vietnam() -> None:
    changed = datetime(2026, 2, 13, 23, 30, tzinfo=VN_TZ)
    deadline = working_days_deadline(changed, 3)
    assert deadline == datetime(2026, 2, 26, 0, 0, tzinfo=VN_TZ)
    assert working_days_deadline_ts(changed.timestamp(), 3) == deadline.timestamp()
    # 17:00 UTC on the 13th is already the 14th in Vietnam.
    late = datetime(2026, 2, 13, 17, 30, tzinfo=VN_TZ).astimezone(VN_TZ)
    assert working_days_deadline(late + timedelta(hours=7), 3) == deadline


@pytest.mark.parametrize(
    ("born", "female", "retires"),
    [
        (date(1960, 6, 15), False, date(2020, 6, 30)),  # before 2021: 60
        (date(1960, 12, 31), False, date(2020, 12, 31)),
        (date(1961, 1, 1), False, date(2021, 4, 30)),  # 60y3m (NĐ 135, Phụ lục I)
        (date(1961, 9, 10), False, date(2021, 12, 31)),
        (date(1961, 10, 10), False, date(2022, 4, 30)),  # reached in 2022: 60y6m
        (date(1964, 1, 10), False, date(2025, 4, 30)),  # 61y3m
        (date(1966, 4, 1), False, date(2028, 4, 30)),  # 62 from 2028
        (date(1970, 5, 20), False, date(2032, 5, 31)),
        (date(1965, 12, 5), True, date(2020, 12, 31)),  # before 2021: 55
        (date(1966, 1, 5), True, date(2021, 5, 31)),  # 55y4m
        (date(1968, 9, 20), True, date(2025, 5, 31)),  # 56y8m
        (date(1975, 3, 1), True, date(2034, 11, 30)),  # 59y8m, reached in 2034
        (date(1975, 5, 1), True, date(2035, 5, 31)),  # 60 from 2035
        (date(1980, 3, 1), True, date(2040, 3, 31)),
    ],
)
def test_retirement_dates(born: date, female: bool, retires: date) -> None:
    assert retirement_date(born, female) == retires


def test_retirement_age_never_falls_with_a_later_birth() -> None:
    day = date(1955, 1, 1)
    previous = {False: date.min, True: date.min}
    while day < date(1990, 1, 1):
        for female in (False, True):
            current = retirement_date(day, female)
            assert current >= previous[female]
            previous[female] = current
        day += timedelta(days=27)


def test_ages() -> None:
    assert age_on(date(2008, 11, 24), date(2026, 11, 23)) == 17
    assert age_on(date(2008, 11, 23), date(2026, 11, 23)) == 18
    assert add_years(date(2008, 2, 29), 18) == date(2026, 3, 1)
