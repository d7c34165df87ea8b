"""Triggers: pure functions of time, so tests ask them instead of waiting.

APScheduler's `CronTrigger` does not take the scheduler's time zone, so every trigger here
gets one explicitly; days are named (`mon-sun`), never numbered (APScheduler counts Monday
as 0, cron as 1). On the autumn daylight-saving change a wall time between 02:00 and 03:00
happens twice and a plain CronTrigger fires twice; `DailyTrigger` fires once per local day.
In the spring gap a plain CronTrigger fires an hour later in wall time (02:30 -> 03:30),
which we keep: the day is neither skipped nor doubled.
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
        super().__init__(day_of_week="mon-sun", hour=hour, minute=minute, timezone=self.zone)

    def get_next_fire_time(
        self, previous_fire_time: dt.datetime | None, now: dt.datetime
    ) -> dt.datetime | None:
        fire: dt.datetime | None = super().get_next_fire_time(previous_fire_time, now)
        if previous_fire_time is None:
            return fire
        previous_day = previous_fire_time.astimezone(self.zone).date()
        if fire is not None and fire.astimezone(self.zone).date() <= previous_day:
            # The repeated wall time of the autumn change: that day already fired. Ask
            # again from the next local midnight (APScheduler 3 loops on a fold=1 time).
            midnight = dt.datetime.combine(
                previous_day + dt.timedelta(days=1), dt.time(0), tzinfo=self.zone
            )
            fire = super().get_next_fire_time(None, max(now, midnight))
        return fire


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
