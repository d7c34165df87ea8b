"""The status report: each source's health and calendar, each channel's next post and why
it may be empty or short. One report for `/paper status` and `paperboy status [--at]`.

Everything is evaluated at a moment handed in (`at`), so a script or a test can ask
"what will the status say on Christmas morning" without moving a clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.calendar.explain import (
    calendar_reasons,
    failing_from_states,
    failing_reasons,
    filter_reason,
)
from bot.calendar.sources import QuietKind, Reason, SourceCalendar, calendar_for
from bot.config import ChannelConfig, Config, SourceKind
from bot.model import Paper
from bot.scheduling.triggers import DailyTrigger
from bot.selection import effective_channel, is_candidate
from storage.base import ChannelStates, PaperStore, PollState, PollStates

SCAN = 5000  # papers counted per window: more than any day's arXiv announcement


class StatusStore(PaperStore, PollStates, ChannelStates, Protocol):
    """What the report reads: poll states, channel states, papers first seen."""


@dataclass(frozen=True)
class SourceStatus:
    name: str
    kind: SourceKind
    enabled: bool
    calendar: str  # when this kind of source has something new
    last_success: dt.datetime | None = None
    last_error: str | None = None
    last_error_at: dt.datetime | None = None
    failing_since: dt.datetime | None = None
    failures: int = 0
    next_announcement: dt.datetime | None = None
    skipped_before_next: tuple[str, ...] = ()  # why announcements before the next are skipped


@dataclass(frozen=True)
class ChannelStatus:
    name: str
    timezone: str
    paused: bool
    top: int
    last_post: dt.datetime | None
    next_post: dt.datetime | None
    last_count: int | None  # papers that matched for the last post (None: never posted)
    waiting: int  # papers that matched since the last post, for the next one
    last_reasons: tuple[str, ...] = ()
    next_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatusReport:
    at: dt.datetime
    sources: tuple[SourceStatus, ...]
    channels: tuple[ChannelStatus, ...]


async def build_report(
    config: Config, store: StatusStore, at: dt.datetime, channels: Sequence[str] | None = None
) -> StatusReport:
    """The report at `at` for every source and the named channels (default: all)."""
    holidays = config.calendar.holidays()
    states = {state.source: state for state in await store.all_poll_states()}
    sources = tuple(
        _source_status(
            s.name, s.kind, s.enabled, states.get(s.name), calendar_for(s.kind, holidays), at
        )
        for s in config.sources
    )
    names = list(channels) if channels is not None else [c.name for c in config.channels]
    reports = []
    for name in names:
        state = await store.get_channel_state(name)
        channel = effective_channel(config.channel(name), state)
        last = state.last_post_at if state is not None else None
        reports.append(await _channel_status(config, store, channel, last, states, at))
    return StatusReport(at, sources, tuple(reports))


def _source_status(
    name: str,
    kind: SourceKind,
    enabled: bool,
    state: PollState | None,
    calendar: SourceCalendar,
    at: dt.datetime,
) -> SourceStatus:
    upcoming = calendar.next_announcement(at)
    skipped: tuple[str, ...] = ()
    if upcoming is not None:
        skipped = tuple(
            dict.fromkeys(s.skipped.text for s in calendar.slots(at, upcoming) if s.skipped)
        )
    base = SourceStatus(
        name, kind, enabled, calendar.describe(), next_announcement=upcoming,
        skipped_before_next=skipped,
    )  # fmt: skip
    if state is None:
        return base
    failing = failing_from_states([state])
    return SourceStatus(
        name,
        kind,
        enabled,
        base.calendar,
        last_success=state.last_success,
        last_error=state.last_error,
        last_error_at=state.last_error_at,
        failing_since=failing[0].since if failing else None,
        failures=state.consecutive_failures,
        next_announcement=upcoming,
        skipped_before_next=skipped,
    )


async def _channel_status(
    config: Config,
    store: StatusStore,
    channel: ChannelConfig,
    last: dt.datetime | None,
    states: dict[str, PollState],
    at: dt.datetime,
) -> ChannelStatus:
    zone = ZoneInfo(channel.timezone)
    trigger = DailyTrigger(channel.time, channel.timezone)
    upcoming = None if channel.paused else trigger.get_next_fire_time(None, at)
    calendars = channel_calendars(config, channel)
    since = last if last is not None else at - dt.timedelta(days=1)

    new, matched = await _counts(store, channel, since, at)
    next_reasons: list[Reason] = []
    if matched < channel.top:
        if upcoming is not None:
            next_reasons += calendar_reasons(calendars, since, upcoming, zone)
        now = calendar_reasons(calendars, since, at, zone)
        next_reasons += [r for r in now if r.kind is QuietKind.LATER_TODAY]
        next_reasons += _failing(channel_sources(config, channel), states, at, zone)
        found = filter_reason(new, matched)
        if found is not None:
            next_reasons.append(found)

    last_reasons: list[Reason] = []
    last_count = None
    if last is not None:
        before = last - dt.timedelta(days=1)
        last_new, last_count = await _counts(store, channel, before, last)
        if last_count < channel.top:
            last_reasons += calendar_reasons(calendars, before, last, zone)
            found = filter_reason(last_new, last_count)
            if found is not None:
                last_reasons.append(found)
    return ChannelStatus(
        name=channel.name,
        timezone=channel.timezone,
        paused=channel.paused,
        top=channel.top,
        last_post=last,
        next_post=upcoming,
        last_count=last_count,
        waiting=matched,
        last_reasons=_texts(last_reasons),
        next_reasons=_texts(next_reasons),
    )


async def quiet_reasons(
    config: Config, store: StatusStore, channel: ChannelConfig, since: dt.datetime, at: dt.datetime
) -> tuple[str, ...]:
    """Why a post made at `at` has nothing since `since`: the calendars, failing sources,
    the channel's filter (for the quiet-day notice)."""
    zone = ZoneInfo(channel.timezone)
    states = {state.source: state for state in await store.all_poll_states()}
    reasons = calendar_reasons(channel_calendars(config, channel), since, at, zone)
    reasons += _failing(channel_sources(config, channel), states, at, zone)
    new, matched = await _counts(store, channel, since, at)
    found = filter_reason(new, matched)
    if found is not None:
        reasons.append(found)
    return _texts(reasons)


def channel_sources(config: Config, channel: ChannelConfig) -> list[str]:
    """The sources a channel takes papers from (all enabled ones when it names none)."""
    return list(channel.sources) or [s.name for s in config.sources if s.enabled]


def channel_calendars(config: Config, channel: ChannelConfig) -> list[SourceCalendar]:
    """One calendar per kind among the channel's sources (two arXiv sources share one)."""
    holidays = config.calendar.holidays()
    kinds = {s.name: s.kind for s in config.sources}
    names = [n for n in channel_sources(config, channel) if n in kinds]
    return _distinct([calendar_for(kinds[n], holidays) for n in names])


def _failing(
    names: list[str], states: dict[str, PollState], at: dt.datetime, zone: ZoneInfo
) -> list[Reason]:
    return failing_reasons(failing_from_states([states[n] for n in names if n in states]), at, zone)


async def _counts(
    store: StatusStore, channel: ChannelConfig, start: dt.datetime, end: dt.datetime
) -> tuple[int, int]:
    """(new papers first seen in [start, end], those of them the channel's filter takes)."""
    everything = await store.papers_since(start, limit=SCAN)
    taken = await store.papers_since(
        start,
        sources=list(channel.sources) or None,
        categories=list(channel.categories) or None,
        limit=SCAN,
    )
    return _new(everything, end), _new(taken, end)


def _new(papers: Sequence[Paper], end: dt.datetime) -> int:
    return sum(
        1 for p in papers if is_candidate(p) and (p.first_seen is None or p.first_seen <= end)
    )


def _distinct(calendars: list[SourceCalendar]) -> list[SourceCalendar]:
    seen: dict[type, SourceCalendar] = {}
    for calendar in calendars:
        seen.setdefault(type(calendar), calendar)
    return list(seen.values())


def _texts(reasons: list[Reason]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.text for r in reasons))


__all__ = ["ChannelStatus", "SourceStatus", "StatusReport", "build_report", "quiet_reasons"]
