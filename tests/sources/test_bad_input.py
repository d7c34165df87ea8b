"""Every bad input fails only its own source, says why in one log line, keeps every
stored paper, and leaves the other sources polling."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bot.sources import Poller
from storage.base import Store
from tests.sources import builders as b
from tests.sources.conftest import FakeServer, RecordingSleep, Reply, closed_port_url, source

GOOD_API = b.api_feed([b.api_entry("2510.00001"), b.api_entry("2510.00002")])
GOOD_BLOG = b.blog_feed([b.blog_entry("one", "Source: arXiv:2510.00009")])


@dataclass(frozen=True)
class Case:
    kind: str  # the source kind that gets the bad reply
    reply: Reply | None  # None: connection refused
    cause: str  # what the error names
    extra: tuple[tuple[str, object], ...] = ()


XML_CASES = {
    "404": Case("arxiv", Reply(status=404, body=b"nope"), "HTTP 404"),
    "500": Case("arxiv", Reply(status=500, body=b"oops"), "HTTP 500"),
    "429 with Retry-After": Case(
        "arxiv", Reply(status=429, headers={"Retry-After": "3600"}), "retry after 3600"
    ),
    "HTML error page with 200": Case(
        "feed",
        Reply(body=b"<!DOCTYPE html><html><body><h1>Service unavailable</h1></body></html>"),
        "HTML page",
    ),
    "truncated XML, no entry": Case("feed", Reply(body=GOOD_BLOG[:90]), "truncated XML"),
    "HTML page that is not XML": Case(
        "arxiv", Reply(body=b"<html><body><p>Moved<br>see <a href=/x>here</a>"), "HTML page"
    ),
    "HTML page where JSON expected": Case(
        "hf_daily", Reply(body=b"<!doctype html><title>Login</title><p>Sign in"), "HTML page"
    ),
    "billion laughs": Case("arxiv", Reply(body=b.BILLION_LAUGHS), "entity"),
    "over the size cap (declared)": Case(
        "feed", Reply(body=GOOD_BLOG + b" " * 5000), "size cap", (("max_bytes", 4096),)
    ),
    "over the size cap (streamed)": Case(
        "feed",
        Reply(body=GOOD_BLOG + b" " * 300_000, stream=True),
        "size cap",
        (("max_bytes", 65536),),
    ),
    "JSON where XML expected": Case("arxiv", Reply(body=b'{"papers": []}'), "JSON where"),
    "XML where JSON expected": Case("hf_daily", Reply(body=GOOD_API), "where JSON was expected"),
    "malformed JSON": Case("hf_daily", Reply(body=b'[{"paper": '), "malformed JSON"),
    "connection refused": Case("feed", None, "connection refused"),
    "timeout": Case("feed", Reply(body=GOOD_BLOG, delay=0.5), "timed out", (("timeout", 0.2),)),
    "arXiv error feed (400)": Case(
        "arxiv",
        Reply(status=400, body=b.api_error("incorrect id format")),
        "arXiv API error: incorrect id format",
    ),
    "arXiv error feed (200)": Case(
        "arxiv", Reply(body=b.api_error("malformed query")), "arXiv API error: malformed query"
    ),
}
PATHS = {"arxiv": "/bad/api", "feed": "/bad/feed.xml", "hf_daily": "/bad/daily"}


@pytest.mark.parametrize("case", list(XML_CASES.values()), ids=list(XML_CASES))
async def test_bad_reply_fails_only_its_source(
    case: Case,
    server: FakeServer,
    make_poller: Callable[..., Poller],
    db: Store,
    caplog: pytest.LogCaptureFixture,
) -> None:
    good = source("good", "arxiv", server.serve("/good/api", Reply(body=GOOD_API)))
    bad_url = server.base + PATHS[case.kind]
    if case.kind == "arxiv":
        server.serve(PATHS["arxiv"], Reply(body=b.api_feed([b.api_entry("2510.00005")])))
    elif case.kind == "feed":
        server.serve(
            PATHS["feed"], Reply(body=b.blog_feed([b.blog_entry("x", "arXiv:2510.00005")]))
        )
    else:
        server.serve(PATHS["hf_daily"], Reply(body=b.hf_json([b.hf_item("2510.00005")])))
    bad = source("bad", case.kind, bad_url, **dict(case.extra))
    poller = make_poller(bad, good)
    assert not (await poller.poll("bad")).failed  # first a good poll stores one paper
    before = await db.count_papers()

    if case.reply is None:
        bad = source("bad", case.kind, closed_port_url())
        poller = make_poller(bad, good)
    else:
        server.serve(PATHS[case.kind], case.reply)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        reports = {r.source: r for r in await poller.poll_all()}

    failed = reports["bad"]
    assert failed.failed
    assert failed.error is not None
    assert case.cause in failed.error
    assert "Traceback" not in failed.error
    assert not reports["good"].failed
    assert reports["good"].new == 2
    assert await db.count_papers() == before + 2  # nothing lost, the other source went on
    assert await db.get_paper("2510.00005") is not None
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1
    assert getattr(lines[0], "source", None) == "bad"
    assert case.cause in lines[0].getMessage()
    state = await db.get_poll_state("bad")
    assert state is not None
    assert (state.consecutive_failures, state.last_error) == (1, failed.error)


async def test_truncated_feed_keeps_the_complete_entries_with_a_warning(
    server: FakeServer,
    make_poller: Callable[..., Poller],
    db: Store,
    caplog: pytest.LogCaptureFixture,
) -> None:
    entries = [b.api_entry(f"2510.0000{i}") for i in range(1, 4)]
    whole = b.api_feed(entries)
    cut = whole[: whole.index(b"<entry>", whole.index(b"2510.00002"))]  # ends before the 3rd
    url = server.serve("/api", Reply(body=cut))
    with caplog.at_level(logging.WARNING):
        report = await make_poller(source("api", "arxiv", url)).poll("api")
    assert not report.failed
    assert set(report.new_ids) == {"2510.00001", "2510.00002"}
    assert any("malformed feed" in w for w in report.warnings)
    assert [r.getMessage() for r in caplog.records if getattr(r, "source", None) == "api"] == [
        "poll warning: " + "; ".join(report.warnings)
    ]


async def test_bad_entries_are_skipped_repaired_or_merged(
    server: FakeServer, make_poller: Callable[..., Poller], db: Store
) -> None:
    body = b.api_feed(
        [
            b.api_entry("2510.00001"),
            b.api_entry("2510.00002", with_title=False),
            b.api_entry("2510.00003", with_id=False),
            b.api_entry("2510.00004", published="2099-01-01T00:00:00Z"),
            b.api_entry("2510.00005", version=1, title="Old title"),
            b.api_entry("2510.00005", version=2, title="New title"),
        ]
    )
    url = server.serve("/api", Reply(body=body))
    report = await make_poller(source("api", "arxiv", url)).poll("api")
    assert not report.failed
    assert set(report.new_ids) == {"2510.00001", "2510.00004", "2510.00005"}
    assert report.skipped == 2
    text = " | ".join(report.warnings)
    assert "no title" in text
    assert "no id" in text
    assert "date in the future" in text
    assert "duplicate" in text
    future = await db.get_paper("2510.00004")
    assert future is not None
    assert future.published is None
    duplicate = await db.get_paper("2510.00005")
    assert duplicate is not None
    assert (duplicate.version, duplicate.title) == (2, "New title")
    assert await db.get_paper("2510.00002") is None


async def test_retries_5xx_and_429_honouring_retry_after(
    server: FakeServer, make_poller: Callable[..., Poller], sleep: RecordingSleep
) -> None:
    url = server.serve(
        "/api",
        Reply(status=503),
        Reply(status=429, headers={"Retry-After": "7"}),
        Reply(body=b"Rate exceeded."),
        Reply(body=GOOD_API),
    )
    report = await make_poller(source("api", "arxiv", url, retries=3)).poll("api")
    assert (report.failed, report.new) == (False, 2)
    assert len(server.requests("/api")) == 4
    assert len(sleep.calls) == 3
    assert sleep.calls[1] >= 7  # what Retry-After asked
    assert 0.5 <= sleep.calls[0] <= 1.5  # 1 s with jitter
    assert 1.0 <= sleep.calls[2] <= 6.0  # then doubling


async def test_gives_up_after_the_configured_retries(
    server: FakeServer, make_poller: Callable[..., Poller], sleep: RecordingSleep
) -> None:
    url = server.serve("/api", Reply(status=502))
    report = await make_poller(source("api", "arxiv", url, retries=2)).poll("api")
    assert report.failed
    assert report.error is not None
    assert "HTTP 502" in report.error
    assert len(server.requests("/api")) == 3
    assert len(sleep.calls) == 2
