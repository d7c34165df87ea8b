"""A fake arXiv serves v1 of a paper, then v2 with a changed abstract: one channel post, a
fresh review, one revision DM to the follower."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import httpx

from bot.clock import FrozenClock
from bot.config import Config
from bot.delivery.daily import DailyPoster
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.model import Owner, Paper, Review
from bot.review import Reviewer, review_message
from bot.revisions import Revisions, revision_message
from bot.sources.poller import Poller
from bot.versions import PaperVersion
from storage import Store
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter
from tests.sources import builders as b
from tests.sources.conftest import FakeServer, RecordingSleep, Reply, source

PAPER = "2510.01234"
V1 = (
    "Long-context language models are slow. We propose a sparse attention method. "
    "Experiments show that it reaches 80% accuracy on the benchmark, outperforming dense "
    "attention."
)
V2 = (
    "Long-context language models are slow. We propose a sparse attention method. "
    "Experiments show that it reaches 85% accuracy on three benchmarks, outperforming dense "
    "attention."
)


def entry(version: int, abstract: str, updated: str, comment: str | None = None) -> str:
    text = b.api_entry(PAPER, version=version, title="Sparse Attention", abstract=abstract)
    text = text.replace("<updated>2025-10-20T17:59:59Z</updated>", f"<updated>{updated}</updated>")
    if comment:
        text = text.replace("<arxiv:comment>9 pages<", f"<arxiv:comment>{comment}<")
    return text


def config(api: str) -> Config:
    return Config.model_validate(
        {
            "sources": [{"name": "arxiv-ml", "kind": "arxiv", "query": "cat:cs.LG", "url": api}],
            "channels": [{"name": "papers", "adapter": "fake", "target": "C1", "time": "13:00"}],
            "review": {"producer": "extractive"},
        }
    )


async def test_a_new_version_is_reviewed_afresh_dmed_once_and_never_posted_again(
    server: FakeServer,
    sleep: RecordingSleep,
    clock: FrozenClock,
    db: Store,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
) -> None:
    api = server.serve("/api", Reply(body=b.api_feed([entry(1, V1, "2025-10-20T17:59:59Z")])))
    cfg = config(api)
    reviewer = Reviewer(cfg.review, db, http, clock, None, versions=db)
    poster = DailyPoster(cfg, db, reviewer, clock, render=review_message)
    revisions = Revisions(db, clock, adapters_by_platform={"fake": "fake"})
    dms: list[int] = []

    async def after_poll(ids: Sequence[str]) -> None:
        dms.append(await revisions.track(ids))

    poller = Poller([source("arxiv-ml", "arxiv", api)], db, http, clock, sleep=sleep,
                    on_stored=after_poll)  # fmt: skip
    sender = Sender(db, {"fake": adapter}, clock,
                    limiters={"fake": RateLimiter(Limits(Rate(0.0), Rate(0.0)))})  # fmt: skip
    follower = Owner("fake", "W1", "U1")

    # day 1: v1 arrives, is posted, and a reader follows it
    await poller.poll("arxiv-ml")
    assert dms == [0]
    clock.advance(hours=1)
    assert (await poster.post("papers")).papers == (PAPER,)
    first = await reviewer.review((await db.get_paper(PAPER)) or _missing())
    assert "80% accuracy" in words(first)
    assert await db.follow(follower, PAPER, clock.now())

    # day 2: v2 with a changed abstract and a comment
    clock.advance(days=1)
    server.serve("/api", Reply(body=b.api_feed([entry(2, V2, "2025-10-22T10:00:00Z",
                                                      "accepted at ICLR 2026")])))  # fmt: skip
    report = await poller.poll("arxiv-ml")
    assert PAPER in report.updated_ids
    assert dms == [0, 1]
    assert await revisions.track([PAPER]) == 0  # a rerun: the version is known
    clock.advance(hours=1)
    assert (await poster.post("papers")).papers == ()  # not posted again as a new paper
    paper = await db.get_paper(PAPER)
    assert paper is not None
    assert paper.version == 2
    fresh = await reviewer.review(paper)
    assert "85% accuracy" in words(fresh)  # a fresh review
    assert "80% accuracy" not in words(fresh)

    await sender.drain()
    posts = [m for m in platform.messages if m.channel == "C1" and PAPER in m.content]
    assert len(posts) == 1
    [dm] = platform.in_channel("dm-U1")
    assert dm.content.startswith("v2 of Sparse Attention is out")
    assert (
        "Added: Experiments show that it reaches 85% accuracy on three benchmarks, outperforming"
        " dense attention." in dm.content
    )
    assert (
        "Removed: Experiments show that it reaches 80% accuracy on the benchmark, outperforming"
        " dense attention." in dm.content
    )
    assert "Comment: accepted at ICLR 2026" in dm.content

    history = await db.paper_versions(PAPER)
    assert [(v.version, v.announced) for v in history] == [
        (1, dt.datetime(2025, 10, 20, 17, 59, 59, tzinfo=dt.UTC)),
        (2, dt.datetime(2025, 10, 22, 10, 0, tzinfo=dt.UTC)),
    ]


def words(review: Review) -> str:
    return " ".join([review.hook, *(section.text for section in review.sections)])


def _missing() -> Paper:
    raise AssertionError("the paper was not stored")


def test_a_withdrawal_says_so_and_a_comment_only_revision_says_the_abstract_is_unchanged() -> None:
    seen = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
    paper = Paper(arxiv_id=PAPER, title="Sparse Attention", abstract=V1, version=3)
    before = PaperVersion(PAPER, 2, "Sparse Attention", V1, None, None, seen)
    gone = PaperVersion(
        PAPER,
        3,
        "Sparse Attention",
        V1,
        "This paper has been withdrawn by the author",
        None,
        seen,
        withdrawn=True,
    )
    text = revision_message(paper, before, gone).fallback
    assert text.splitlines()[:3] == [
        "v3 of Sparse Attention is out",
        "The paper has been withdrawn.",
        "The abstract is unchanged.",
    ]
    assert "Comment: This paper has been withdrawn by the author" in text
