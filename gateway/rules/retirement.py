"""Ages: the 18th birthday and the statutory retirement date.

Retirement age in normal working conditions (Bộ luật Lao động 2019, Điều 169; Nghị định
135/2020/NĐ-CP, Điều 4 and Phụ lục I): from 2021, men 60 years 3 months, rising by 3 months a
year to 62 in 2028; women 55 years 4 months, rising by 4 months a year to 60 in 2035. Before
2021: men 60, women 55. The age that applies is the one of the calendar year in which the
person reaches it (born 10/1961, a man reaches 60y3m in 1/2022, so the 2022 age, 60y6m,
applies: 4/2022). The retirement time is the end of the last day of the month in which the
age is reached (Nghị định 135/2020, Điều 3); the pension starts the month after.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February → 1 March)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def eighteenth_birthday(born: date) -> date:
    return add_years(born, 18)


def age_on(born: date, on: date) -> int:
    """Completed years of age on `on`."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _retirement_age_months(female: bool, year: int) -> int:
    if female:
        if year < 2021:
            return 55 * 12
        return min(55 * 12 + 4 * (year - 2020), 60 * 12)
    if year < 2021:
        return 60 * 12
    return min(60 * 12 + 3 * (year - 2020), 62 * 12)


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


@lru_cache(maxsize=4096)
def _retirement_by_month(year: int, month: int, female: bool) -> date:
    born_index = year * 12 + (month - 1)
    for reach_year in range(year + 50, year + 70):
        index = born_index + _retirement_age_months(female, reach_year)
        if index // 12 == reach_year:
            return _month_end(index // 12, index % 12 + 1)
    # Unreachable for the schedule above (it rises by less than a year per year).
    index = born_index + _retirement_age_months(female, year + 70)
    return _month_end(index // 12, index % 12 + 1)


def retirement_date(born: date, female: bool) -> date:
    """The last day of work at the statutory retirement age (end of the month it is reached)."""
    return _retirement_by_month(born.year, born.month, female)
