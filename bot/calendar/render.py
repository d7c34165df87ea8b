"""The status report as text lines (chat and terminal) and as JSON (scripts)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.calendar.report import ChannelStatus, SourceStatus, StatusReport


def _when(value: dt.datetime | None, zone: ZoneInfo) -> str:
    if value is None:
        return "never"
    local = value.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M} {local.tzname()}"


def source_lines(source: SourceStatus, zone: ZoneInfo) -> list[str]:
    head = f"  {source.name} ({source.kind})"
    if not source.enabled:
        return [f"{head}: disabled"]
    lines = [f"{head}: last success {_when(source.last_success, zone)}"]
    if source.last_error:
        failures = f" ({source.failures} failures in a row)" if source.failures > 1 else ""
        lines.append(
            f"    last error {_when(source.last_error_at, zone)}: {source.last_error}{failures}"
        )
    lines.extend(source_calendar_lines(source, zone))
    return lines


def source_calendar_lines(source: SourceStatus, zone: ZoneInfo) -> list[str]:
    """When a source next has something new (and what is skipped before), and since when
    it fails."""
    if not source.enabled:
        return []
    lines = []
    if source.failing_since is not None:
        lines.append(f"    failing since {_when(source.failing_since, zone)}")
    if source.next_announcement is not None:
        lines.append(f"    next announcement {_when(source.next_announcement, zone)}")
        lines.extend(f"    ({why})" for why in source.skipped_before_next)
    else:
        lines.append(f"    {source.calendar}")
    return lines


def channel_lines(channel: ChannelStatus) -> list[str]:
    zone = ZoneInfo(channel.timezone)
    if channel.paused:
        return [f"Daily post in #{channel.name}: paused (`/paper settings resume`)."]
    lines = [
        f"Daily post in #{channel.name}: next {_when(channel.next_post, zone)}, "
        f"last {_when(channel.last_post, zone)}."
    ]
    if channel.last_reasons:
        count = channel.last_count or 0
        lines.append(
            f"  The last post had {count} new paper(s): " + "; ".join(channel.last_reasons)
        )
    if channel.next_reasons:
        lines.append(
            f"  {channel.waiting} paper(s) waiting for the next post: "
            + "; ".join(channel.next_reasons)
        )
    return lines


def report_lines(report: StatusReport, zone: ZoneInfo) -> list[str]:
    lines = ["Sources:"] if report.sources else ["No sources are configured."]
    for source in report.sources:
        lines.extend(source_lines(source, zone))
    for channel in report.channels:
        lines.extend(channel_lines(channel))
    return lines


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def report_json(report: StatusReport) -> dict[str, Any]:
    return {
        "at": report.at.isoformat(),
        "sources": [
            {
                "name": s.name,
                "kind": s.kind,
                "enabled": s.enabled,
                "calendar": s.calendar,
                "last_success": _iso(s.last_success),
                "last_error": s.last_error,
                "last_error_at": _iso(s.last_error_at),
                "failing_since": _iso(s.failing_since),
                "failures": s.failures,
                "next_announcement": _iso(s.next_announcement),
                "skipped_before_next": list(s.skipped_before_next),
            }
            for s in report.sources
        ],
        "channels": [
            {
                "name": c.name,
                "timezone": c.timezone,
                "paused": c.paused,
                "top": c.top,
                "last_post": _iso(c.last_post),
                "last_count": c.last_count,
                "last_reasons": list(c.last_reasons),
                "next_post": _iso(c.next_post),
                "waiting": c.waiting,
                "next_reasons": list(c.next_reasons),
            }
            for c in report.channels
        ],
    }
