"""Why a post is empty or short, in the reader's words and time zone.

Each function takes what it needs (calendars, poll states, counts) and the moment it is
asked about; nothing here reads a clock or a store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.calendar.sources import QuietKind, Reason, SourceCalendar
from storage.base import PollState

FAILING_SINCE = "failing_since"  # the poll-state cursor key of a failure run's start


@dataclass(frozen=True)
class Failing:
    """A source whose last polls failed: since when, and the last error."""

    source: str
    since: dt.datetime
    error: str


def calendar_reasons(
    calendars: Sequence[SourceCalendar], start: dt.datetime, end: dt.datetime, zone: ZoneInfo
) -> list[Reason]:
    """Why the calendars bring nothing in (start, end]: for each calendar with expected
    announcements there and none that happens, why not; and, when the next one falls
    later on `end`'s own day, when it comes (in `zone`)."""
    reasons: list[Reason] = []
    for calendar in calendars:
        slots = calendar.slots(start, end)
        if any(slot.skipped is None for slot in slots):
            continue
        reasons.extend(slot.skipped for slot in slots if slot.skipped is not None)
        upcoming = calendar.next_announcement(end)
        if upcoming is not None and _local_day(upcoming, zone) == _local_day(end, zone):
            when = upcoming.astimezone(zone).strftime("%H:%M")
            reasons.append(
                Reason(QuietKind.LATER_TODAY, f"today's announcement comes at {when} your time")
            )
    return _unique(reasons)


def failing_reasons(failing: Sequence[Failing], now: dt.datetime, zone: ZoneInfo) -> list[Reason]:
    """'arxiv-ml has failed since 06:10 (HTTP 503)': the time in `zone`, with its date
    when it is not `now`'s day."""
    reasons = []
    for item in failing:
        local = item.since.astimezone(zone)
        when = local.strftime("%H:%M")
        if local.date() != _local_day(now, zone):
            when = f"{local:%a} {local.day} {local:%b} {when}"
        text = f"{item.source} has failed since {when} ({_short(item.error)})"
        reasons.append(Reason(QuietKind.SOURCE_FAILING, text))
    return reasons


def filter_reason(new: int, matched: int) -> Reason | None:
    """'143 new papers, none matched this channel's filter' (None when some matched)."""
    if new == 0 or matched > 0:
        return None
    noun = "paper" if new == 1 else "papers"
    return Reason(QuietKind.FILTER_EMPTY, f"{new} new {noun}, none matched this channel's filter")


def failing_from_states(states: Sequence[PollState]) -> list[Failing]:
    """The sources whose last poll failed, with the start of their run of failures (the
    poller keeps it in the poll state's cursor under `FAILING_SINCE`)."""
    found = []
    for state in states:
        if state.consecutive_failures <= 0 or state.last_error_at is None:
            continue
        since = state.last_error_at
        started = state.cursor.get(FAILING_SINCE)
        if isinstance(started, str):
            # an unreadable run start: the last failure's time is still true
            with contextlib.suppress(ValueError):
                since = dt.datetime.fromisoformat(started)
        found.append(Failing(state.source, since, state.last_error or "unknown error"))
    return found


def _short(error: str, limit: int = 80) -> str:
    text = " ".join(error.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _local_day(when: dt.datetime, zone: ZoneInfo) -> dt.date:
    return when.astimezone(zone).date()


def _unique(reasons: list[Reason]) -> list[Reason]:
    return list(dict.fromkeys(reasons))
