"""Daily triggers asked directly across daylight-saving changes: no day skipped or doubled."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.scheduling.triggers import DailyTrigger, last_fire_at_or_before

# (zone, a moment a few days before a DST change)
CHANGES = [
    ("Europe/Berlin", dt.datetime(2026, 3, 26, tzinfo=dt.UTC)),  # spring forward 03-29
    ("Europe/Berlin", dt.datetime(2026, 10, 22, tzinfo=dt.UTC)),  # fall back 10-25
    ("America/New_York", dt.datetime(2026, 3, 5, tzinfo=dt.UTC)),  # spring forward 03-08
    ("America/New_York", dt.datetime(2026, 10, 29, tzinfo=dt.UTC)),  # fall back 11-01
    ("Australia/Sydney", dt.datetime(2026, 4, 1, tzinfo=dt.UTC)),  # fall back 04-05
]


def fires(trigger: DailyTrigger, start: dt.datetime, count: int) -> list[dt.datetime]:
    found: list[dt.datetime] = []
    previous = None
    now = start
    for _ in range(count):
        fire = trigger.get_next_fire_time(previous, now)
        assert fire is not None
        found.append(fire)
        previous = now = fire
    return found


@pytest.mark.parametrize(("zone", "start"), CHANGES)
@pytest.mark.parametrize("time", ["09:00", "02:30", "01:30", "00:00", "23:59"])
def test_fires_once_on_every_local_day_across_dst(zone: str, start: dt.datetime, time: str) -> None:
    trigger = DailyTrigger(time, zone)
    found = fires(trigger, start, 8)
    days = [f.astimezone(ZoneInfo(zone)).date() for f in found]
    assert days == [days[0] + dt.timedelta(days=i) for i in range(8)]  # consecutive, unique
    assert found == sorted(found)
    hour, minute = (int(x) for x in time.split(":"))
    for fire in found:
        local = fire.astimezone(ZoneInfo(zone))
        # At the wall time, or an hour later on the spring day when that time does not exist.
        assert (local.hour, local.minute) in ((hour, minute), ((hour + 1) % 24, minute))


def test_the_repeated_autumn_hour_fires_once() -> None:
    trigger = DailyTrigger("02:30", "Europe/Berlin")
    found = fires(trigger, dt.datetime(2026, 10, 24, 12, tzinfo=dt.UTC), 2)
    # 25 October: 02:30 CEST (00:30 UTC) only, not again at 02:30 CET; then the 26th.
    assert [f.astimezone(dt.UTC).isoformat() for f in found] == [
        "2026-10-25T00:30:00+00:00",
        "2026-10-26T01:30:00+00:00",
    ]


def test_the_trigger_keeps_its_own_time_zone() -> None:
    trigger = DailyTrigger("09:00", "Asia/Tokyo")
    fire = trigger.get_next_fire_time(None, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert fire is not None
    assert fire.astimezone(dt.UTC) == dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC)  # 09:00 JST


def test_last_fire_at_or_before() -> None:
    trigger = DailyTrigger("09:00", "Europe/Berlin")
    now = dt.datetime(2026, 3, 2, 7, 30, tzinfo=dt.UTC)  # 08:30 Berlin: today's not yet due
    assert last_fire_at_or_before(trigger, now) == dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
    later = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    assert last_fire_at_or_before(trigger, later) == later
