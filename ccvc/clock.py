"""The one clock. Every date-dependent rule asks it, so the 2023 plan can be replayed.

`CCVC_AS_OF` freezes "today" (the time of day keeps moving, so ordering still works);
tests install a `FixedClock`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


class Clock:
    """System time, optionally pinned to a calendar day."""

    def __init__(self, *, as_of: date | None = None, timezone: str = "Asia/Ho_Chi_Minh") -> None:
        self._as_of = as_of
        self.tz = ZoneInfo(timezone)

    def now(self) -> datetime:
        """Aware UTC datetime. With `as_of`, that day at the current local time of day."""
        real = datetime.now(UTC)
        if self._as_of is None:
            return real
        local_time = real.astimezone(self.tz).timetz().replace(tzinfo=None)
        return datetime.combine(self._as_of, local_time, tzinfo=self.tz).astimezone(UTC)

    def today(self) -> date:
        """The calendar day in Vietnam (the day that deadlines and ages are counted in)."""
        return self.now().astimezone(self.tz).date()


class FixedClock(Clock):
    """A clock that stands still until moved; for tests and replays."""

    def __init__(self, at: datetime | date, *, timezone: str = "Asia/Ho_Chi_Minh") -> None:
        super().__init__(timezone=timezone)
        if not isinstance(at, datetime):
            at = datetime.combine(at, time(9, 0), tzinfo=self.tz)
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta) -> None:
        self._at += delta


class TravellingClock(Clock):
    """A clock that runs at real speed from an instant of choice: a replay of the 2023 plan
    moves it day by day while waits, backoffs and token lifetimes still flow normally."""

    def __init__(self, *, timezone: str = "Asia/Ho_Chi_Minh") -> None:
        super().__init__(timezone=timezone)
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def travel_to(self, at: datetime | date) -> None:
        if not isinstance(at, datetime):
            at = datetime.combine(at, time(9, 0), tzinfo=self.tz)
        self._offset = at.astimezone(UTC) - datetime.now(UTC)

    def back_to_present(self) -> None:
        self._offset = timedelta(0)


_clock: Clock | None = None


def get_clock() -> Clock:
    global _clock
    if _clock is None:
        from ccvc.settings import get_settings

        settings = get_settings()
        _clock = Clock(as_of=settings.as_of, timezone=settings.timezone)
    return _clock


def set_clock(clock: Clock | None) -> None:
    """Install a clock (None: back to the settings' clock)."""
    global _clock
    _clock = clock
