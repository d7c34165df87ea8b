"""The sources' calendars: weekends, arXiv holidays, the cut-off, daylight saving."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot.calendar.explain import Failing, calendar_reasons, failing_reasons, filter_reason
from bot.calendar.settings import CalendarConfig
from bot.calendar.sources import ArxivCalendar, FeedCalendar, HfDailyCalendar, QuietKind

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")
ARXIV = ArxivCalendar(CalendarConfig().holidays())


def at(text: str, zone: ZoneInfo = UTC) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=zone)


def texts(start: dt.datetime, end: dt.datetime, zone: ZoneInfo = BERLIN) -> list[str]:
    return [r.text for r in calendar_reasons([ARXIV], start, end, zone)]


def test_a_saturday_post_has_nothing_because_arxiv_does_not_announce_on_weekends() -> None:
    # Saturday 12 Dec 2026, 09:00 in Berlin: since Friday's post only Friday evening passed
    reasons = texts(at("2026-12-11 09:00", BERLIN), at("2026-12-12 09:00", BERLIN))
    assert reasons == ["arXiv does not announce on weekends"]
    # ... and Sunday's post too; Monday's carries Sunday evening's announcement
    assert texts(at("2026-12-12 09:00", BERLIN), at("2026-12-13 09:00", BERLIN)) == [
        "arXiv does not announce on weekends"
    ]
    assert texts(at("2026-12-13 09:00", BERLIN), at("2026-12-14 09:00", BERLIN)) == []


def test_a_weekday_post_after_an_announcement_has_no_calendar_reason() -> None:
    assert texts(at("2026-12-08 09:00", BERLIN), at("2026-12-09 09:00", BERLIN)) == []


def test_thanksgiving_and_christmas_are_named() -> None:
    # Thursday 26 Nov 2026: no announcement that evening, so Friday morning is empty
    friday = texts(at("2026-11-26 09:00", BERLIN), at("2026-11-27 09:00", BERLIN))
    assert friday == ["arXiv holiday: Thanksgiving"]
    # Christmas 2026 is a Friday: the Sunday announcement after it is skipped, so on
    # Christmas Day the next announcement is Monday 28 Dec, 20:00 Eastern
    christmas = at("2026-12-25 12:00")
    assert ARXIV.next_announcement(christmas) == at("2026-12-29 01:00")
    skipped = [s.skipped.text for s in ARXIV.slots(christmas, at("2026-12-29 01:00")) if s.skipped]
    weekend = "arXiv does not announce on weekends"
    assert skipped == [weekend, weekend, "arXiv holiday: Christmas"]  # Fri, Sat, Sun
    monday = texts(at("2026-12-27 09:00", BERLIN), at("2026-12-28 09:00", BERLIN))
    assert monday == ["arXiv holiday: Christmas"]


def test_before_the_cut_off_today_s_announcement_is_still_to_come() -> None:
    posted = at("2026-12-07 09:00", BERLIN)  # Monday's post
    # Tuesday 01:30 in Berlin: Monday 20:00 Eastern is 02:00 here, still to come
    before = calendar_reasons([ARXIV], posted, at("2026-12-08 01:30", BERLIN), BERLIN)
    assert [r.kind for r in before] == [QuietKind.LATER_TODAY]
    assert before[0].text == "today's announcement comes at 02:00 your time"
    # 02:30: it came
    assert texts(posted, at("2026-12-08 02:30", BERLIN)) == []
    # the same moment seen from New York is Monday 19:30: comes at 20:00 there
    new_york = ZoneInfo("America/New_York")
    assert [
        r.text for r in calendar_reasons([ARXIV], posted, at("2026-12-08 01:30", BERLIN), new_york)
    ] == ["today's announcement comes at 20:00 your time"]


@pytest.mark.parametrize(
    ("eastern_day", "utc", "berlin"),
    [
        ("2026-10-22", "00:00", "02:00"),  # both on summer time
        ("2026-10-27", "00:00", "01:00"),  # Europe back on winter time (25 Oct), US not yet
        ("2026-11-03", "01:00", "02:00"),  # both on winter time (US changed 1 Nov)
        ("2026-03-10", "00:00", "01:00"),  # US on summer time (8 Mar), Europe not yet
        ("2026-03-31", "00:00", "02:00"),  # both on summer time (Europe changed 29 Mar)
    ],
)
def test_the_announcement_follows_eastern_time_across_daylight_saving(
    eastern_day: str, utc: str, berlin: str
) -> None:
    day = dt.date.fromisoformat(eastern_day)
    slot = ARXIV.slot_on(day)
    assert slot is not None
    assert slot.skipped is None
    assert slot.at.astimezone(UTC).strftime("%H:%M") == utc
    assert slot.at.astimezone(BERLIN).strftime("%H:%M") == berlin
    assert slot.at.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M") == "20:00"


def test_the_day_us_clocks_go_back_still_announces_once_at_20_00() -> None:
    # Sunday 1 Nov 2026: 02:00 EDT becomes 01:00 EST; the evening announcement is one
    sunday = ARXIV.slots(at("2026-11-01 00:00"), at("2026-11-03 00:00"))
    assert [s.at for s in sunday] == [at("2026-11-02 01:00")]
    # in Berlin, between the two changes, "today's" announcement is at 01:00
    reasons = calendar_reasons(
        [ARXIV], at("2026-10-27 09:00", BERLIN), at("2026-10-28 00:30", BERLIN), BERLIN
    )
    assert [r.text for r in reasons] == ["today's announcement comes at 01:00 your time"]


def test_hugging_face_is_sparse_on_weekends_and_a_feed_has_no_calendar() -> None:
    hf = HfDailyCalendar()
    saturday = calendar_reasons([hf], at("2026-12-12 12:00"), at("2026-12-13 12:00"), UTC)
    assert [r.text for r in saturday] == ["Hugging Face Daily Papers is sparse on weekends"]
    assert calendar_reasons([hf], at("2026-12-08 12:00"), at("2026-12-09 12:00"), UTC) == []
    assert hf.next_announcement(at("2026-12-08 12:00")) is None
    feed = FeedCalendar()
    assert calendar_reasons([feed], at("2026-12-12 09:00"), at("2026-12-13 09:00"), UTC) == []
    assert feed.next_announcement(at("2026-12-12 09:00")) is None
    # with arXiv beside it, a weekend still says why arXiv brought nothing
    both = calendar_reasons([ARXIV, hf], at("2026-12-11 09:00"), at("2026-12-12 09:00"), UTC)
    assert [r.text for r in both] == ["arXiv does not announce on weekends"]


def test_a_failing_source_is_named_with_when_it_began_in_local_time() -> None:
    failing = [Failing("arxiv-ml", at("2026-12-08 05:10"), "HTTP 503 from export.arxiv.org")]
    now = at("2026-12-08 10:00")
    assert [r.text for r in failing_reasons(failing, now, BERLIN)] == [
        "arxiv-ml has failed since 06:10 (HTTP 503 from export.arxiv.org)"
    ]
    later = at("2026-12-09 10:00")
    assert [r.text for r in failing_reasons(failing, later, BERLIN)] == [
        "arxiv-ml has failed since Tue 8 Dec 06:10 (HTTP 503 from export.arxiv.org)"
    ]


def test_a_filter_that_matches_nothing_says_how_many_came() -> None:
    reason = filter_reason(143, 0)
    assert reason is not None
    assert reason.text == "143 new papers, none matched this channel's filter"
    assert filter_reason(143, 2) is None
    assert filter_reason(0, 0) is None


def test_a_configured_year_replaces_the_shipped_one() -> None:
    shipped = CalendarConfig().holidays()
    assert shipped[dt.date(2027, 11, 25)] == "Thanksgiving"
    config = CalendarConfig.model_validate(
        {"arxiv_holidays": {"2026": {"2026-12-24": "Christmas Eve"}}}
    )
    holidays = config.holidays()
    assert holidays[dt.date(2026, 12, 24)] == "Christmas Eve"
    assert dt.date(2026, 11, 26) not in holidays  # the 2026 list is the configured one
    assert holidays[dt.date(2027, 11, 25)] == "Thanksgiving"
    calendar = ArxivCalendar(holidays)
    reasons = calendar_reasons(
        [calendar], at("2026-12-24 09:00", BERLIN), at("2026-12-25 09:00", BERLIN), BERLIN
    )
    assert [r.text for r in reasons] == ["arXiv holiday: Christmas Eve"]


def test_a_holiday_outside_its_year_is_named_at_load() -> None:
    with pytest.raises(ValidationError, match=r"2027-01-01 \('New Year'\) is not in 2026"):
        CalendarConfig.model_validate({"arxiv_holidays": {"2026": {"2027-01-01": "New Year"}}})
