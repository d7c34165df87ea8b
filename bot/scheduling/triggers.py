"""Triggers: pure functions of time, so tests ask them instead of waiting.

Every trigger gets its time zone explicitly (APScheduler's `CronTrigger` does not take the
scheduler's) and days are named (`mon-sun`), never numbered (APScheduler counts Monday as
0, cron as 1).

`DailyTrigger` computes its own fire times. APScheduler 3.11's `CronTrigger` gets two
daylight-saving cases wrong (both found by the DST tests in
tests/scheduler/test_triggers.py when run against a plain CronTrigger):
- in a zone that changes at midnight (America/New_York at 00:00 fires 03-08, then 03-10)
  it skips the day after the change;
- on the autumn change a wall time between 02:00 and 03:00 happens twice and it fires twice.
Here: exactly one fire per local calendar day, at the wall time; a wall time that does not
exist that day (the spring gap) fires an hour later (02:30 -> 03:30), the first of a
repeated one (fold=0) fires once.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

_TICK = dt.timedelta(microseconds=1)


class DailyTrigger(CronTrigger):  # type: ignore[misc]  # apscheduler 3 ships no types
    """Fires once per calendar day at `time` (HH:MM) in `timezone`."""

    def __init__(self, time: str, timezone: str) -> None:
        hour, minute = (int(part) for part in time.split(":"))
        self.zone = ZoneInfo(timezone)
        self.wall = dt.time(hour, minute)
        # The CronTrigger fields are kept for APScheduler's repr and introspection.
        super().__init__(day_of_week="mon-sun", hour=hour, minute=minute, timezone=self.zone)

    def fire_on(self, day: dt.date) -> dt.datetime:
        """The instant of `day`'s fire (aware, in the trigger's zone)."""
        wall = dt.datetime.combine(day, self.wall).replace(tzinfo=self.zone, fold=0)
        # A wall time in the spring gap is read with the offset before the change, which
        # lands the instant an hour later in the new wall time (02:30 -> 03:30).
        return wall.astimezone(dt.UTC).astimezone(self.zone)

    def get_next_fire_time(
        self, previous_fire_time: dt.datetime | None, now: dt.datetime
    ) -> dt.datetime | None:
        if previous_fire_time is None:
            earliest, after_day = now, None
        else:
            earliest = previous_fire_time + _TICK
            after_day = previous_fire_time.astimezone(self.zone).date()
        day = earliest.astimezone(self.zone).date()
        if after_day is not None and day <= after_day:
            day = after_day + dt.timedelta(days=1)
        while True:
            fire = self.fire_on(day)
            if fire >= earliest:
                return fire
            day += dt.timedelta(days=1)

    def __str__(self) -> str:
        return f"daily at {self.wall:%H:%M} {self.zone.key}"


def last_fire_at_or_before(trigger: DailyTrigger, now: dt.datetime) -> dt.datetime | None:
    """The most recent time `trigger` fired (or would have) at or before `now`."""
    fire = trigger.get_next_fire_time(None, now - dt.timedelta(days=2))
    last: dt.datetime | None = None
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire + _TICK)
        if last is not None and fire == last:  # defensive: never loop on one instant
            break
    return last


def fires_since(
    trigger: DailyTrigger, since: dt.datetime | None, now: dt.datetime, lookback: dt.timedelta
) -> list[dt.datetime]:
    """Fire times after `since` (the last post) up to `now`; without a last post, only
    the latest one (a new channel has no days to miss before it); never further back
    than `lookback`."""
    if since is None:
        latest = last_fire_at_or_before(trigger, now)
        return [latest] if latest is not None else []
    start = max(since, now - lookback)
    fires: list[dt.datetime] = []
    fire = trigger.get_next_fire_time(None, start + dt.timedelta(microseconds=1))
    while fire is not None and fire <= now:
        fires.append(fire)
        fire = trigger.get_next_fire_time(fire, fire)
    return fires
