"""Field types of the configuration: durations, times of day, time zones."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


def _duration(value: Any) -> Any:
    """Accept 90, 90.0, "90s", "15m", "1h", "2d" (seconds when no unit)."""
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.timedelta(seconds=value)
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            return dt.timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])
    raise ValueError(f'expected a duration such as 90, "90s", "15m", "1h" or "1d", got {value!r}')


Duration = Annotated[dt.timedelta, BeforeValidator(_duration)]


def _clock_time(value: Any) -> Any:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, str) and re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", value.strip()):
        hours, minutes = value.strip().split(":")
        return f"{int(hours):02d}:{minutes}"
    raise ValueError(f"expected a time of day as HH:MM (00:00 to 23:59), got {value!r}")


ClockTime = Annotated[str, BeforeValidator(_clock_time)]


def _timezone(value: Any) -> Any:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f'expected an IANA time zone such as "UTC" or "Europe/Berlin", got {value!r}'
        ) from None
    return str(value)


TimeZone = Annotated[str, BeforeValidator(_timezone)]
