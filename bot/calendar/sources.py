"""When each kind of source has something new: a calendar per source kind.

- arXiv (API and listing) announces Sunday to Thursday at 20:00 US Eastern, so the
  mornings after Friday and Saturday have nothing new, and skips its holidays.
- Hugging Face Daily Papers has one page per UTC day that fills through the day, late,
  and sparsely on weekends: there is no moment when it "announces".
- A feed (a review blog) posts when its author does: no calendar.

Every function here is pure: it takes the moment it is asked about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.config import SourceKind

ARXIV_ZONE = ZoneInfo("America/New_York")
ARXIV_ANNOUNCES_AT = dt.time(20, 0)
# Sunday to Thursday (Monday is 0): the mornings after Friday and Saturday have nothing.
ARXIV_ANNOUNCE_DAYS = frozenset({6, 0, 1, 2, 3})
_SEARCH_DAYS = 40  # longer than any run of weekends and holidays


class QuietKind(StrEnum):
    """Why a day has little or nothing new."""

    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    LATER_TODAY = "later_today"
    SOURCE_FAILING = "source_failing"
    FILTER_EMPTY = "filter_empty"
    SPARSE = "sparse"


@dataclass(frozen=True)
class Reason:
    kind: QuietKind
    text: str


WEEKEND = Reason(QuietKind.WEEKEND, "arXiv does not announce on weekends")
HF_WEEKEND = Reason(QuietKind.SPARSE, "Hugging Face Daily Papers is sparse on weekends")


@dataclass(frozen=True)
class Slot:
    """An expected announcement: `skipped` says why it does not happen."""

    at: dt.datetime
    skipped: Reason | None = None


class SourceCalendar(Protocol):
    """The expected announcements of one kind of source."""

    def slots(self, start: dt.datetime, end: dt.datetime) -> list[Slot]:
        """Expected announcements in (start, end], skipped ones included, in order."""
        ...

    def next_announcement(self, after: dt.datetime) -> dt.datetime | None:
        """The first announcement that happens after `after`; None: no calendar."""
        ...

    def describe(self) -> str:
        """One line on when this kind of source has something new."""
        ...


class ArxivCalendar:
    def __init__(self, holidays: Mapping[dt.date, str]) -> None:
        self._holidays = dict(holidays)

    def slot_on(self, day: dt.date) -> Slot | None:
        """The announcement of Eastern date `day` (None on days arXiv never announces)."""
        at = dt.datetime.combine(day, ARXIV_ANNOUNCES_AT, tzinfo=ARXIV_ZONE).astimezone(dt.UTC)
        name = self._holidays.get(day)
        if name is not None:
            return Slot(at, Reason(QuietKind.HOLIDAY, f"arXiv holiday: {name}"))
        if day.weekday() not in ARXIV_ANNOUNCE_DAYS:
            return Slot(at, WEEKEND)
        return Slot(at)

    def slots(self, start: dt.datetime, end: dt.datetime) -> list[Slot]:
        found: list[Slot] = []
        day = start.astimezone(ARXIV_ZONE).date() - dt.timedelta(days=1)
        last = end.astimezone(ARXIV_ZONE).date()
        while day <= last:
            slot = self.slot_on(day)
            if slot is not None and start < slot.at <= end:
                found.append(slot)
            day += dt.timedelta(days=1)
        return found

    def next_announcement(self, after: dt.datetime) -> dt.datetime | None:
        live = [
            s for s in self.slots(after, after + dt.timedelta(days=_SEARCH_DAYS)) if not s.skipped
        ]
        return live[0].at if live else None

    def describe(self) -> str:
        return "announces Sunday to Thursday at 20:00 US Eastern, except on its holidays"


class HfDailyCalendar:
    """One page per UTC day, filling through that day: a slot is a day's end (UTC)."""

    def slots(self, start: dt.datetime, end: dt.datetime) -> list[Slot]:
        found: list[Slot] = []
        day = start.astimezone(dt.UTC).date()
        while True:
            at = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC)
            if at > end:
                return found
            if at > start:
                found.append(Slot(at, HF_WEEKEND if day.weekday() >= 5 else None))
            day += dt.timedelta(days=1)

    def next_announcement(self, after: dt.datetime) -> dt.datetime | None:
        return None  # it fills through the day; nothing to wait for

    def describe(self) -> str:
        return "fills through the day (UTC), late, and sparsely on weekends"


class FeedCalendar:
    def slots(self, start: dt.datetime, end: dt.datetime) -> list[Slot]:
        return []

    def next_announcement(self, after: dt.datetime) -> dt.datetime | None:
        return None

    def describe(self) -> str:
        return "a feed has no calendar: its posts come when their authors write them"


def calendar_for(kind: SourceKind, holidays: Mapping[dt.date, str]) -> SourceCalendar:
    """The calendar of a source kind."""
    if kind in ("arxiv", "arxiv_listing"):
        return ArxivCalendar(holidays)
    if kind == "hf_daily":
        return HfDailyCalendar()
    return FeedCalendar()
