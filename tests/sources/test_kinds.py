"""Each source kind's happy path against a loopback server, and the merge of one paper
seen by arXiv, Hugging Face and a blog into one stored paper."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from bot.clock import FrozenClock
from bot.samples import ARXIV_FILE, BLOG_FILE, HF_FILE, sample_bytes
from bot.sources import Poller
from storage.base import Store
from tests.sources import builders as b
from tests.sources.conftest import ARXIV_API_PATH, FakeServer, Reply, arxiv_api_answer, source

ATOM = {"Content-Type": "application/atom+xml; charset=utf-8"}
JSON = {"Content-Type": "application/json"}


async def test_arxiv_api_stores_every_field(
    server: FakeServer, make_poller: Callable[..., Poller], db: Store
) -> None:
    url = server.serve("/api/query", Reply(body=sample_bytes(ARXIV_FILE), headers=ATOM))
    report = await make_poller(source("arxiv", "arxiv", url, max_results=50)).poll("arxiv")
    assert (report.new, report.failed, report.error) == (12, False, None)
    query = server.requests("/api/query")[0].query
    assert query["search_query"] == "cat:cs.LG"
    assert (query["sortBy"], query["sortOrder"], query["start"]) == (
        "submittedDate",
        "descending",
        "0",
    )
    paper = await db.get_paper("2305.18290")
    assert paper is not None
    assert paper.version == 3
    assert paper.title.startswith("Direct Preference Optimization")
    assert paper.categories == ("cs.LG", "cs.AI", "cs.CL")
    assert paper.primary_category == "cs.LG"
    assert paper.authors[0] == "Rafael Rafailov"
    assert len(paper.authors) == 6
    assert paper.comment == "NeurIPS 2023"
    assert paper.link("pdf") == "https://arxiv.org/pdf/2305.18290v3"
    assert "  " not in paper.abstract
    assert paper.abstract.startswith("Aligning language models")
    assert paper.published is not None
    assert paper.published.year == 2023


async def test_listing_replacements_update_but_are_never_new(
    server: FakeServer, make_poller: Callable[..., Poller], db: Store
) -> None:
    api = server.serve("/api/query", Reply(body=b.api_feed([b.api_entry("2510.00001")])))
    listing = server.serve(
        "/rss/cs.LG+cs.CL",
        Reply(
            body=b.listing_feed(
                [
                    b.listing_item("2510.00002", "new"),
                    b.listing_item("2510.00003", "cross"),
                    b.listing_item("2510.00001", "replace", version=2),
                    b.listing_item("2509.99999", "replace-cross", version=3),
                ]
            )
        ),
    )
    poller = make_poller(
        source("api", "arxiv", api),
        source("listing", "arxiv_listing", listing.removesuffix("/cs.LG+cs.CL")),
    )
    await poller.poll("api")
    report = await poller.poll("listing")
    assert not report.failed
    assert set(report.new_ids) == {"2510.00002", "2510.00003"}
    assert report.updated_ids == ("2510.00001",)
    assert report.skipped == 1  # the replacement of a paper we never had
    assert await db.get_paper("2509.99999") is None
    replaced = await db.get_paper("2510.00001")
    assert replaced is not None
    assert replaced.version == 2
    new = await db.get_paper("2510.00002")
    assert new is not None
    assert new.announce_type == "new"
    assert new.authors == ("Grace Hopper", "Edsger W. Dijkstra", "Barbara Liskov")
    assert (new.doi, new.journal_ref) == ("10.1000/listed", "Proc. Test 2025")
    assert new.abstract == "A listing abstract."
    assert new.primary_category is None  # listings do not say


async def test_hf_daily_reads_both_layouts_and_refreshes_upvotes(
    server: FakeServer, make_poller: Callable[..., Poller], db: Store
) -> None:
    url = server.serve(
        "/api/daily_papers",
        Reply(
            body=b.hf_json(
                [b.hf_item("2510.00001", upvotes=3), b.hf_item("2510.00002", nested=False)]
            )
        ),
        Reply(body=b.hf_json([])),  # yesterday: nothing
        Reply(body=b.hf_json([b.hf_item("2510.00001", upvotes=40)])),
        Reply(body=b.hf_json([])),
    )
    poller = make_poller(source("hf", "hf_daily", url))
    first = await poller.poll("hf")
    assert (first.new, first.failed) == (2, False)
    dates = [s.query["date"] for s in server.requests("/api/daily_papers")]
    assert dates == ["2025-10-21", "2025-10-20"]
    top_level = await db.get_paper("2510.00002")
    assert top_level is not None
    assert (top_level.upvotes, top_level.num_comments) == (5, 3)
    assert top_level.ai_keywords == ("diffusion", "transformers")
    assert top_level.github_repo == "https://github.com/example/code"
    second = await poller.poll("hf")
    assert second.updated_ids == ("2510.00001",)
    refreshed = await db.get_paper("2510.00001")
    assert refreshed is not None
    assert refreshed.upvotes == 40


async def test_hf_day_not_published_yet_is_nothing_not_an_error(
    server: FakeServer, make_poller: Callable[..., Poller]
) -> None:
    url = server.serve("/api/daily_papers", Reply(body=b"[]", headers=JSON))
    report = await make_poller(source("hf", "hf_daily", url)).poll("hf")
    assert (report.failed, report.new, report.error) == (False, 0, None)


async def test_blog_entries_attach_to_cited_papers_or_stand_alone(
    server: FakeServer, make_poller: Callable[..., Poller], db: Store
) -> None:
    url = server.serve("/feed.xml", Reply(body=sample_bytes(BLOG_FILE), headers=ATOM))
    report = await make_poller(source("blog", "feed", url)).poll("blog")
    assert report.new == 4
    mamba = await db.get_paper("2312.00752")  # cited as "arXiv: arXiv:2312.00752"
    kan = await db.get_paper("2404.19756")  # cited by DOI 10.48550/arXiv.2404.19756
    dpo = await db.get_paper("2305.18290")  # cited by an abs link
    assert mamba
    assert kan
    assert dpo
    assert mamba.article is not None
    assert mamba.article.html.startswith("<blockquote>")
    assert "<h2" in mamba.article.html
    assert "Research Gap" in mamba.article.html
    assert mamba.article.author == "Jin Park"
    assert mamba.article.tags == ("state-space-models", "architecture")
    assert mamba.article.url.endswith("mamba-selective-state-spaces.html")
    # the papers' titles come from the arXiv API (the fake names them "Paper <id>"),
    # never from the blog posts' headlines
    assert (mamba.title, kan.title, dpo.title) == (
        "Paper 2312.00752",
        "Paper 2404.19756",
        "Paper 2305.18290",
    )
    assert mamba.title != mamba.article.title
    assert mamba.authors == ("Ada Lovelace", "Alan Turing")
    standalone = [i for i in report.new_ids if i.startswith("feed:")]
    assert len(standalone) == 1
    meta = await db.get_paper(standalone[0])
    assert meta is not None
    assert meta.title == "How We Pick the Papers We Review"


async def test_one_paper_seen_by_three_sources_is_stored_once(
    server: FakeServer, store: Store, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    db = store  # SQLite, and PostgreSQL when configured
    poller = Poller(
        [
            source(
                "arxiv", "arxiv", server.serve("/api/query", Reply(body=sample_bytes(ARXIV_FILE)))
            ),
            source(
                "hf",
                "hf_daily",
                server.serve("/api/daily_papers", Reply(body=sample_bytes(HF_FILE))),
            ),
            source("blog", "feed", server.serve("/feed.xml", Reply(body=sample_bytes(BLOG_FILE)))),
        ],
        db,
        http,
        clock,
    )
    reports = await poller.poll_all()
    assert [r.failed for r in reports] == [False, False, False]
    paper = await db.get_paper("2312.00752")
    assert paper is not None
    assert paper.sources == frozenset({"arxiv", "hf", "blog"})
    assert paper.title == "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
    assert paper.categories[:2] == ("cs.LG", "cs.AI")  # from arXiv
    assert paper.upvotes == 201  # from HF
    assert paper.article is not None
    assert paper.article.feed == "blog"
    assert await db.count_papers() == 12 + 2 + 1  # HF adds two, the blog one stand-alone post


async def test_conditional_get_304_costs_no_parsing(
    server: FakeServer, make_poller: Callable[..., Poller], clock: FrozenClock
) -> None:
    url = server.serve(
        "/feed.xml",
        Reply(
            body=sample_bytes(BLOG_FILE),
            headers={"ETag": '"v1"', "Last-Modified": "Mon, 20 Oct 2025 08:00:00 GMT"},
        ),
        Reply(status=304),  # an empty body: parsing it would fail the poll
    )
    poller = make_poller(source("blog", "feed", url))
    await poller.poll("blog")
    clock.advance(hours=1)
    report = await poller.poll("blog")
    second = server.requests("/feed.xml")[1]
    assert second.headers["If-None-Match"] == '"v1"'
    assert second.headers["If-Modified-Since"] == "Mon, 20 Oct 2025 08:00:00 GMT"
    assert (report.not_modified, report.failed, report.new, report.unchanged) == (True, False, 0, 0)


async def test_a_listing_on_a_day_without_announcements_is_not_a_failure(
    server: FakeServer, make_poller: Callable[..., Poller]
) -> None:
    url = server.serve("/rss/cs.LG+cs.CL", Reply(body=b.listing_feed([])))
    poller = make_poller(source("listing", "arxiv_listing", url.removesuffix("/cs.LG+cs.CL")))
    report = await poller.poll("listing")
    assert (report.failed, report.new, report.error) == (False, 0, None)


async def test_a_moved_feed_is_followed(server: FakeServer, db: Store, clock: FrozenClock) -> None:
    from bot.sources import make_http_client

    target = server.serve("/new/feed.xml", Reply(body=sample_bytes(BLOG_FILE)))
    old = server.serve("/feed.xml", Reply(status=301, headers={"Location": target}))
    api = server.serve(ARXIV_API_PATH, arxiv_api_answer)
    async with make_http_client() as http:
        poller = Poller([source("blog", "feed", old)], db, http, clock, arxiv_api=api)
        report = await poller.poll("blog")
    assert (report.failed, report.new) == (False, 4)
    assert server.requests("/feed.xml")[0].headers["User-Agent"].startswith("paperboy/")
