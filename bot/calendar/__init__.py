"""The calendars of the sources, and why a day is quiet (issue 18)."""

from bot.calendar.explain import (
    Failing,
    calendar_reasons,
    failing_from_states,
    failing_reasons,
    filter_reason,
)
from bot.calendar.holidays import SHIPPED_ARXIV_HOLIDAYS, merged_holidays
from bot.calendar.settings import CalendarConfig
from bot.calendar.sources import (
    ArxivCalendar,
    FeedCalendar,
    HfDailyCalendar,
    QuietKind,
    Reason,
    Slot,
    SourceCalendar,
    calendar_for,
)

__all__ = [
    "SHIPPED_ARXIV_HOLIDAYS",
    "ArxivCalendar",
    "CalendarConfig",
    "Failing",
    "FeedCalendar",
    "HfDailyCalendar",
    "QuietKind",
    "Reason",
    "Slot",
    "SourceCalendar",
    "calendar_for",
    "calendar_reasons",
    "failing_from_states",
    "failing_reasons",
    "filter_reason",
    "merged_holidays",
]
