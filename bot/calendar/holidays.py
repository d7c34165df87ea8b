"""arXiv's announcement holidays: one list per year, shipped for 2026 and 2027.

arXiv names the days it defers a mailing on https://info.arxiv.org/help/availability.html
(source: github.com/arXiv/arxiv-docs, source/help/availability.md). It publishes each
year's list late (the 2025 list: Wed 1 Jan, Mon 20 Jan, Thu 19 Jun, Sun 6 Jul, Mon 1 Sep,
Thu 27 Nov, "December holidays are not yet scheduled"; 2023 also had Mon 25 Dec and
Wed 27 Dec). The shipped 2026 and 2027 lists apply that pattern to the same US holidays:
a holiday (or its observed day) on an announcement day skips that day's announcement; one
on a Friday, when arXiv does not announce anyway, skips the Sunday one (as Fri 4 Jul 2025
skipped Sun 6 Jul). They are estimates until arXiv publishes its own: replace a year in
`[calendar.arxiv_holidays]` (see `CalendarConfig`).

A holiday here names the Eastern-time date whose 20:00 announcement is skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

_D = dt.date

SHIPPED_ARXIV_HOLIDAYS: Mapping[int, Mapping[dt.date, str]] = MappingProxyType(
    {
        2026: MappingProxyType(
            {
                _D(2026, 1, 1): "New Year's Day",
                _D(2026, 1, 19): "Martin Luther King Jr. Day",
                _D(2026, 6, 21): "Juneteenth",  # Fri 19 Jun
                _D(2026, 7, 5): "Independence Day",  # Sat 4 Jul, observed Fri 3 Jul
                _D(2026, 9, 7): "Labor Day",
                _D(2026, 11, 26): "Thanksgiving",
                _D(2026, 12, 27): "Christmas",  # Fri 25 Dec
            }
        ),
        2027: MappingProxyType(
            {
                _D(2027, 1, 3): "New Year's Day",  # Fri 1 Jan
                _D(2027, 1, 18): "Martin Luther King Jr. Day",
                _D(2027, 6, 20): "Juneteenth",  # Sat 19 Jun, observed Fri 18 Jun
                _D(2027, 7, 5): "Independence Day",  # Sun 4 Jul, observed Mon 5 Jul
                _D(2027, 9, 6): "Labor Day",
                _D(2027, 11, 25): "Thanksgiving",
                _D(2027, 12, 26): "Christmas",  # Sat 25 Dec, observed Fri 24 Dec
            }
        ),
    }
)


def merged_holidays(
    configured: Mapping[int, Mapping[dt.date, str]],
    shipped: Mapping[int, Mapping[dt.date, str]] = SHIPPED_ARXIV_HOLIDAYS,
) -> dict[dt.date, str]:
    """Every holiday by date: a configured year replaces the shipped list of that year."""
    years = {**shipped, **configured}
    return {day: name for holidays in years.values() for day, name in holidays.items()}
