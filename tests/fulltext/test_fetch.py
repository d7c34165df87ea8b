"""Fetching full texts from a fake arXiv: HTML, else PDF, else the abstract; polite."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import pytest

from bot.clock import FrozenClock
from bot.fulltext.document import Origin
from bot.fulltext.errors import FailureReason
from bot.fulltext.ports import FetchStatus
from bot.fulltext.service import FullTexts
from bot.model import Paper
from storage import SqlStore
from tests.fulltext.fixtures import data
from tests.sources.conftest import FakeServer, RecordingSleep, Reply

PAPER = Paper(arxiv_id="2401.01234", title="Sparse Routers", abstract="An abstract.", version=2)
Make = Callable[..., FullTexts]


async def test_the_html_is_fetched_once_and_stored(
    server: FakeServer, make_fulltexts: Make
) -> None:
    server.serve("/html/2401.01234", Reply(body=data("sparse_router.html")))
    fulltexts = make_fulltexts()
    document = await fulltexts.get(PAPER)
    assert document is not None
    assert document.origin is Origin.HTML
    assert document.version == 2
    assert document.sections[0].label == "1 Introduction"
    assert await fulltexts.get(PAPER) == document
    assert len(server.requests("/html/2401.01234")) == 1  # once per version
    assert server.requests("/pdf/2401.01234") == []


async def test_without_html_the_pdf_text_is_used(server: FakeServer, make_fulltexts: Make) -> None:
    server.serve("/html/2401.01234", Reply(status=404, body=b"No HTML for this paper"))
    server.serve("/pdf/2401.01234", Reply(body=data("sparse_router.pdf")))
    document = await make_fulltexts().get(PAPER)
    assert document is not None
    assert document.origin is Origin.PDF
    assert "1 Introduction" in [s.label for s in document.sections]


async def test_a_truncated_page_falls_back_to_the_pdf(
    server: FakeServer, make_fulltexts: Make
) -> None:
    page = data("sparse_router.html")
    server.serve("/html/2401.01234", Reply(body=page[: len(page) // 2]))
    server.serve("/pdf/2401.01234", Reply(body=data("sparse_router.pdf")))
    document = await make_fulltexts().get(PAPER)
    assert document is not None
    assert document.origin is Origin.PDF


async def test_no_full_text_leaves_the_abstract_logs_once_and_retries_with_backoff(
    server: FakeServer,
    make_fulltexts: Make,
    sqlite_store: SqlStore,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server.serve("/html/2401.01234", Reply(status=404))
    server.serve("/pdf/2401.01234", Reply(status=404))
    fulltexts = make_fulltexts()
    with caplog.at_level(logging.INFO, logger="bot.fulltext"):
        assert await fulltexts.get(PAPER) is None
        assert await fulltexts.get(PAPER) is None  # not due yet: nothing asked
        assert len(server.requests("/html/2401.01234")) == 1
        clock.advance(hours=1, minutes=1)
        assert await fulltexts.get(PAPER) is None  # due: asked again, failed again
    assert len(server.requests("/html/2401.01234")) == 2
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "404" in warnings[0].getMessage()
    row = await sqlite_store.get_fulltext("2401.01234", 2)
    assert row is not None
    assert row.status is FetchStatus.FAILED
    assert row.reason is FailureReason.NOT_FOUND
    assert row.failures == 2
    assert row.next_attempt == clock.now() + dt.timedelta(hours=2)  # doubled


async def test_429_with_retry_after_is_honoured(
    server: FakeServer, make_fulltexts: Make, sleep: RecordingSleep
) -> None:
    server.serve(
        "/html/2401.01234",
        Reply(status=429, headers={"Retry-After": "7"}),
        Reply(body=data("sparse_router.html")),
    )
    document = await make_fulltexts().get(PAPER)
    assert document is not None
    assert document.origin is Origin.HTML
    assert 7 in sleep.calls


async def test_throttled_past_the_retries_is_a_failure_without_asking_for_the_pdf(
    server: FakeServer, make_fulltexts: Make, sqlite_store: SqlStore
) -> None:
    server.serve("/html/2401.01234", Reply(status=503, headers={"Retry-After": "1"}))
    assert await make_fulltexts().get(PAPER) is None
    assert server.requests("/pdf/2401.01234") == []
    row = await sqlite_store.get_fulltext("2401.01234", 2)
    assert row is not None
    assert row.reason is FailureReason.FETCH_FAILED


async def test_pages_over_the_size_cap_are_refused(
    server: FakeServer, make_fulltexts: Make, sqlite_store: SqlStore
) -> None:
    server.serve("/html/2401.01234", Reply(body=data("sparse_router.html"), stream=True))
    server.serve("/pdf/2401.01234", Reply(body=data("sparse_router.pdf")))
    assert await make_fulltexts(max_bytes=10_000).get(PAPER) is None
    row = await sqlite_store.get_fulltext("2401.01234", 2)
    assert row is not None
    assert row.reason is FailureReason.TOO_LARGE


async def test_a_retry_asks_conditionally_and_an_unchanged_page_is_not_parsed_again(
    server: FakeServer, make_fulltexts: Make, clock: FrozenClock
) -> None:
    page = data("sparse_router.html")
    server.serve(
        "/html/2401.01234",
        Reply(body=page[: len(page) // 2], headers={"ETag": '"v1"'}),
        Reply(status=304, headers={"ETag": '"v1"'}),
    )
    server.serve("/pdf/2401.01234", Reply(status=404))
    fulltexts = make_fulltexts()
    assert await fulltexts.get(PAPER) is None
    clock.advance(hours=2)
    assert await fulltexts.get(PAPER) is None
    second = server.requests("/html/2401.01234")[1]
    assert second.headers.get("If-None-Match") == '"v1"'


async def test_requests_are_paced_across_papers(
    server: FakeServer, make_fulltexts: Make, sleep: RecordingSleep
) -> None:
    server.serve("/html/2401.01234", Reply(body=data("sparse_router.html")))
    server.serve("/html/2402.00001", Reply(body=data("tabular_agents.html")))
    other = Paper(arxiv_id="2402.00001", title="Small Agents", version=1)
    report = await make_fulltexts(delay=3.0).prefetch([PAPER, other, PAPER])
    assert (report.fetched, report.stored) == (2, 1)
    assert len(sleep.calls) == 1
    assert 2.5 < sleep.calls[0] <= 3.0


async def test_disabled_or_not_arxiv_fetches_nothing(
    server: FakeServer, make_fulltexts: Make
) -> None:
    feed_only = Paper(arxiv_id="feed:blog:1", title="A post")
    assert await make_fulltexts().get(feed_only) is None
    assert await make_fulltexts(enabled=False).get(PAPER) is None
    assert server.seen == []
