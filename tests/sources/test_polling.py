"""Paging and its stop condition, the delay between arXiv requests, backoff after
failures, backfill, single-paper lookup and the announcement schedule."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import httpx
import pytest

from bot.clock import FrozenClock
from bot.ids import InvalidArxivId
from bot.sources import BackfillError, Poller, backfill, fetch_arxiv_paper, next_announcement
from bot.sources.arxiv_listing import listing_next_poll
from storage.base import Store
from tests.sources import builders as b
from tests.sources.conftest import FakeServer, RecordingSleep, Reply, source


def page(ids: list[str], total: int) -> Reply:
    return Reply(body=b.api_feed([b.api_entry(i) for i in ids], total=total))


async def test_pages_newest_first_until_a_known_paper(
    server: FakeServer, make_poller: Callable[..., Poller], sleep: RecordingSleep, db: Store
) -> None:
    url = server.serve("/api", page(["2510.00009", "2510.00008"], 2))
    config = source("api", "arxiv", url, max_results=2, max_pages=10, delay=3)
    poller = make_poller(config)
    await poller.poll("api")  # the store now holds 00009 and 00008
    assert len(server.requests("/api")) == 1  # the only page
    server.seen.clear()
    server.serve(
        "/api",
        page(["2510.00012", "2510.00011"], 100),
        page(["2510.00010", "2510.00009"], 100),  # reaches a stored paper: stop here
        page(["2510.00008", "2510.00007"], 100),
    )
    report = await poller.poll("api")
    assert [s.query["start"] for s in server.requests("/api")] == ["0", "2"]
    assert set(report.new_ids) == {"2510.00012", "2510.00011", "2510.00010"}
    # each request waits out the 3 s since the previous one (also the first poll's last)
    assert sleep.calls == [pytest.approx(3, abs=0.5)] * 2


async def test_papers_stored_by_another_source_do_not_stop_paging(
    server: FakeServer, make_poller: Callable[..., Poller]
) -> None:
    hf = server.serve("/hf", Reply(body=b.hf_json([b.hf_item("2510.00011")])))
    api = server.serve(
        "/api",
        page(["2510.00012", "2510.00011"], 4),  # 00011 came from HF, not from this source
        page(["2510.00010", "2510.00009"], 4),
    )
    poller = make_poller(source("hf", "hf_daily", hf), source("api", "arxiv", api, max_results=2))
    await poller.poll("hf")
    report = await poller.poll("api")
    assert len(server.requests("/api")) == 2
    assert set(report.new_ids) == {"2510.00012", "2510.00010", "2510.00009"}
    assert report.updated_ids == ("2510.00011",)


async def test_first_poll_stops_at_max_pages_and_last_page(
    server: FakeServer, make_poller: Callable[..., Poller], sleep: RecordingSleep
) -> None:
    url = server.serve(
        "/api",
        page(["2510.00006", "2510.00005"], 5),
        page(["2510.00004", "2510.00003"], 5),
        page(["2510.00002"], 5),
    )
    report = await make_poller(source("api", "arxiv", url, max_results=2, max_pages=5)).poll("api")
    assert report.new == 5
    assert [s.query["start"] for s in server.requests("/api")] == ["0", "2", "4"]
    assert all(s.query["max_results"] == "2" for s in server.requests("/api"))


async def test_arxiv_requests_are_spaced_by_the_delay(
    server: FakeServer, db: Store, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    url = server.serve(
        "/api",
        page(["2510.00004", "2510.00003"], 6),
        page(["2510.00002", "2510.00001"], 6),
        page(["2510.00000"], 6),
    )
    poller = Poller([source("api", "arxiv", url, max_results=2, delay=0.05)], db, http, clock)
    await poller.poll("api")  # the real asyncio.sleep
    times = [s.at for s in server.requests("/api")]
    assert len(times) == 3
    assert all(later - earlier >= 0.05 for earlier, later in itertools.pairwise(times))


async def test_two_arxiv_sources_share_the_pace(
    server: FakeServer, make_poller: Callable[..., Poller], sleep: RecordingSleep
) -> None:
    one = server.serve("/api", page(["2510.00002"], 1))
    poller = make_poller(
        source("ml", "arxiv", one, delay=3),
        source("cl", "arxiv", one, delay=3, query="cat:cs.CL"),
        source("blog", "feed", server.serve("/feed.xml", Reply(status=404))),
    )
    await poller.poll_all()
    assert sleep.calls == [pytest.approx(3, abs=0.5)]  # only between the two API calls


async def test_backoff_doubles_after_each_failure_and_resets_on_success(
    server: FakeServer, make_poller: Callable[..., Poller], clock: FrozenClock, db: Store
) -> None:
    url = server.serve("/feed.xml", Reply(status=500))
    poller = make_poller(source("blog", "feed", url, interval="1h"))
    waits = []
    for _ in range(3):
        await poller.poll("blog")
        state = await db.get_poll_state("blog")
        assert state is not None
        assert state.next_poll is not None
        waits.append(state.next_poll - clock.now())
        clock.set(state.next_poll)
    slack = dt.timedelta(minutes=5)  # room for a scheduler ticking every interval
    assert waits == [dt.timedelta(hours=h) - slack for h in (1, 2, 4)]
    assert await poller.due() == ["blog"]
    server.serve("/feed.xml", Reply(body=b.blog_feed([b.blog_entry("a", "arXiv:2510.00001")])))
    await poller.poll("blog")
    state = await db.get_poll_state("blog")
    assert state is not None
    assert state.consecutive_failures == 0
    assert state.last_success == clock.now()
    assert state.next_poll == clock.now() + dt.timedelta(minutes=55)
    assert await poller.due() == []
    clock.advance(minutes=55)
    assert await poller.due() == ["blog"]


async def test_long_retry_after_fails_the_poll_and_moves_the_next_one(
    server: FakeServer,
    make_poller: Callable[..., Poller],
    clock: FrozenClock,
    db: Store,
    sleep: RecordingSleep,
) -> None:
    url = server.serve("/api", Reply(status=429, headers={"Retry-After": "7200"}))
    report = await make_poller(source("api", "arxiv", url, retries=3, interval="15m")).poll("api")
    assert report.failed
    assert sleep.calls == []  # not waited for two hours inside the poll
    state = await db.get_poll_state("api")
    assert state is not None
    assert state.next_poll == clock.now() + dt.timedelta(hours=2)


async def test_a_server_ignoring_start_does_not_loop(
    server: FakeServer, make_poller: Callable[..., Poller]
) -> None:
    url = server.serve("/api", page(["2510.00002", "2510.00001"], 1000))
    report = await make_poller(source("api", "arxiv", url, max_results=2, max_pages=10)).poll("api")
    assert report.new == 2
    assert len(server.requests("/api")) == 2  # the repeat is noticed on the second page


async def test_unknown_source_is_named(make_poller: Callable[..., Poller]) -> None:
    with pytest.raises(KeyError, match="no source named 'nope'"):
        await make_poller().poll("nope")


async def test_backfill_pages_back_to_the_date_with_progress(
    server: FakeServer,
    db: Store,
    http: httpx.AsyncClient,
    clock: FrozenClock,
    sleep: RecordingSleep,
) -> None:
    url = server.serve(
        "/api",
        page(["2510.00004", "2510.00003"], 5),
        page(["2510.00002", "2510.00001"], 5),
        page(["2510.00000"], 5),
    )
    seen = []
    report = await backfill(
        source("api", "arxiv", url, max_results=2, delay=3),
        db,
        http,
        clock,
        since=dt.date(2025, 10, 1),
        sleep=sleep,
        progress=seen.append,
    )
    assert (report.pages, report.new, report.read, report.total) == (3, 5, 5, 5)
    assert [p.done for p in seen] == [2, 4, 5]
    assert sleep.calls == [pytest.approx(3, abs=0.5)] * 2
    query = server.requests("/api")[0].query["search_query"]
    assert query == "(cat:cs.LG) AND submittedDate:[202510010000 TO 202510211200]"
    assert await db.count_papers() == 5


async def test_backfill_refuses_other_kinds(
    db: Store, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    with pytest.raises(BackfillError, match='kind "arxiv"'):
        await backfill(
            source("blog", "feed", "http://127.0.0.1:9/x"),
            db,
            http,
            clock,
            since=dt.date(2025, 1, 1),
        )


async def test_fetch_one_paper_by_id(server: FakeServer, http: httpx.AsyncClient) -> None:
    url = server.serve(
        "/api",
        Reply(body=b.api_feed([b.api_entry("2510.00042", version=3, title="Found")])),
        Reply(body=b.api_feed([], total=0)),
    )
    paper = await fetch_arxiv_paper(http, "arXiv:2510.00042", base_url=url)
    assert paper is not None
    assert (paper.arxiv_id, paper.version, paper.title) == ("2510.00042", 3, "Found")
    assert server.requests("/api")[0].query["id_list"] == "2510.00042"
    assert await fetch_arxiv_paper(http, "2510.00043", base_url=url) is None
    with pytest.raises(InvalidArxivId):
        await fetch_arxiv_paper(http, "not-an-id", base_url=url)


def test_announcements_sunday_to_thursday_at_eight_eastern() -> None:
    friday_noon = dt.datetime(2025, 10, 24, 16, 0, tzinfo=dt.UTC)  # Friday 12:00 EDT
    assert next_announcement(friday_noon) == dt.datetime(2025, 10, 27, 0, 0, tzinfo=dt.UTC)
    tuesday_morning = dt.datetime(2025, 10, 21, 12, 0, tzinfo=dt.UTC)
    assert next_announcement(tuesday_morning) == dt.datetime(2025, 10, 22, 0, 0, tzinfo=dt.UTC)
    winter = dt.datetime(2025, 12, 2, 12, 0, tzinfo=dt.UTC)  # EST: 20:00 is 01:00 UTC
    assert next_announcement(winter) == dt.datetime(2025, 12, 3, 1, 0, tzinfo=dt.UTC)


def test_listing_waits_for_the_next_announcement_once_settled() -> None:
    hour = dt.timedelta(hours=1)
    just_after = dt.datetime(2025, 10, 22, 1, 0, tzinfo=dt.UTC)  # 21:00 EDT Tuesday
    assert listing_next_poll(just_after, hour) == just_after + dt.timedelta(minutes=55)
    saturday = dt.datetime(2025, 10, 25, 12, 0, tzinfo=dt.UTC)
    assert listing_next_poll(saturday, hour) == dt.datetime(2025, 10, 27, 0, 5, tzinfo=dt.UTC)
