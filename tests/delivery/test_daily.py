"""The daily post: selection, ranking, numbering, modes, and never twice a day."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any, cast

import httpx
import pytest

from bot.clock import FrozenClock
from bot.config import ChannelConfig, Config, ReviewConfig
from bot.delivery.daily import DailyPoster
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.model import FeedArticle
from bot.review import Reviewer, review_message
from bot.selection import rank
from storage.base import ChannelState, DeliveryStatus, Store
from tests.delivery.conftest import START, paper
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter

DAY = START.date()


def make_config(**channel: object) -> Config:
    settings = {"name": "papers", "adapter": "fake", "target": "C1", "top": 3, **channel}
    return Config(
        channels=(ChannelConfig.model_validate(settings),),
        review=ReviewConfig(producer="extractive"),
    )


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:  # the reviewer's; no LLM, so never used
        yield client


class Harness:
    def __init__(
        self,
        config: Config,
        store: Store,
        clock: FrozenClock,
        http: httpx.AsyncClient,
        adapter: FakePlatformAdapter,
    ) -> None:
        reviewer = Reviewer(config.review, store, http, clock, None)
        self.store = store
        self.poster = DailyPoster(config, store, reviewer, clock, render=review_message)
        unlimited = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
        self.sender = Sender(store, {"fake": adapter}, clock, limiters={"fake": unlimited})


async def seed(store: Store, clock: FrozenClock) -> None:
    article = FeedArticle(feed="blog", entry_id="e1", url="https://blog.example/r1", title="r1")
    await store.upsert_papers(
        [
            paper("2603.00001", upvotes=5),
            paper("2603.00002", upvotes=40),
            paper("2603.00003"),
            dataclasses.replace(paper("2603.00004", upvotes=5), article=article),
            paper("2603.00005", upvotes=5, published=START - dt.timedelta(hours=2)),
        ],
        clock.now() - dt.timedelta(hours=1),
    )


async def test_posts_the_top_papers_ranked_and_numbered_once_a_day(
    store: Store,
    clock: FrozenClock,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
) -> None:
    await seed(store, clock)
    bot = Harness(make_config(), store, clock, http, adapter)
    outcome = await bot.poster.post("papers")
    # upvotes first; among the 5-upvote papers the one with a blog review, then the newest
    assert outcome.status == "planned"
    assert outcome.papers == ("2603.00002", "2603.00004", "2603.00005")
    await bot.sender.drain()
    posted = platform.in_channel("C1")
    assert [m.nonce for m in posted] == [f"post:fake:C1:{p}" for p in outcome.papers]
    assert "Paper Review No. 1" in posted[0].content
    assert "Paper Review No. 3" in posted[2].content
    again = await bot.poster.post("papers")
    assert again.status == "already"
    assert again.sent == 3
    assert "already posted" in again.describe()
    await bot.sender.drain()
    assert len(platform.in_channel("C1")) == 3
    # The next day picks from what is left and continues the numbering.
    clock.advance(days=1)
    await store.upsert_papers([paper("2603.00009", upvotes=1)], clock.now())
    following = await bot.poster.post("papers")
    assert following.papers == ("2603.00009",)
    await bot.sender.drain()
    assert "Paper Review No. 4" in platform.in_channel("C1")[-1].content


async def test_sources_categories_and_runtime_settings_narrow_the_selection(
    store: Store,
    clock: FrozenClock,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
) -> None:
    await seed(store, clock)
    await store.upsert_papers(
        [paper("2603.00100", upvotes=99, categories=("math.CO",))], clock.now()
    )
    config = make_config(categories=("cs.LG",))
    await store.save_channel_state(ChannelState(name="papers", top=1))
    outcome = await Harness(config, store, clock, http, adapter).poster.post("papers")
    assert outcome.papers == ("2603.00002",)  # math.CO is not this channel's; top 1 by /settings


async def test_digest_mode_threads_each_review_under_one_message(
    store: Store,
    clock: FrozenClock,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
) -> None:
    await seed(store, clock)
    bot = Harness(make_config(mode="digest", top=2), store, clock, http, adapter)
    await bot.poster.post("papers")
    await bot.sender.drain()
    parent, *replies = platform.in_channel("C1")
    assert parent.nonce == f"digest:fake:C1:{DAY}"
    assert "2 papers" in parent.content
    assert len(replies) == 2
    assert all(r.thread == parent.id for r in replies)


@pytest.mark.parametrize(
    ("empty_day", "status", "messages"), [("note", "empty", 1), ("skip", "skipped", 0)]
)
async def test_a_day_without_papers_posts_a_note_or_nothing(
    store: Store,
    clock: FrozenClock,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
    empty_day: str,
    status: str,
    messages: int,
) -> None:
    bot = Harness(make_config(empty_day=empty_day), store, clock, http, adapter)
    outcome = await bot.poster.post("papers")
    assert outcome.status == status
    await bot.sender.drain()
    assert len(platform.messages) == messages
    if messages:
        assert "02.03.26: no new papers since the last post" in platform.messages[0].content
    assert (await bot.poster.post("papers")).status == "already"


async def test_a_paused_channel_posts_nothing(
    store: Store,
    clock: FrozenClock,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
) -> None:
    await seed(store, clock)
    await store.save_channel_state(ChannelState(name="papers", paused=True))
    bot = Harness(make_config(), store, clock, http, adapter)
    assert (await bot.poster.post("papers")).status == "paused"
    assert await store.outbox_depth() == 0


async def test_a_missed_day_is_recorded_and_never_sent(
    store: Store,
    clock: FrozenClock,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
) -> None:
    await seed(store, clock)
    bot = Harness(make_config(), store, clock, http, adapter)
    assert await bot.poster.record_missed("papers", DAY, START) is True
    assert await bot.poster.record_missed("papers", DAY, START) is False
    await bot.sender.drain()
    assert platform.messages == []
    [record] = await store.deliveries(channel_name="papers", day=DAY)
    assert record.kind == "missed"
    assert record.status is DeliveryStatus.MISSED  # not a failed send
    assert record.error is not None
    assert "grace window" in record.error
    assert await store.deliveries(status=DeliveryStatus.FAILED) == []
    assert await store.outbox_depth() == 0
    assert (await bot.poster.post("papers", DAY)).status == "missed"
    # a later day is selected and posted as usual
    assert (await bot.poster.post("papers", DAY + dt.timedelta(days=1))).status == "planned"


class DiesAtMarkMissed:
    """The store of a process killed between writing a missed record and marking it."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def mark_missed(self, delivery_id: int, reason: str, now: dt.datetime) -> None:
        raise RuntimeError("killed")


async def test_a_missed_record_cut_short_by_a_crash_is_finished_at_the_next_start(
    store: Store, clock: FrozenClock, http: httpx.AsyncClient, adapter: FakePlatformAdapter
) -> None:
    dying = Harness(make_config(), cast(Store, DiesAtMarkMissed(store)), clock, http, adapter)
    with pytest.raises(RuntimeError, match="killed"):
        await dying.poster.record_missed("papers", DAY, START)
    assert await store.outbox_depth() == 1  # a PENDING row nobody will ever send
    clock.advance(minutes=5)
    bot = Harness(make_config(), store, clock, http, adapter)
    assert await bot.poster.record_missed("papers", DAY, START) is True
    [record] = await store.deliveries(channel_name="papers", day=DAY)
    assert record.status is DeliveryStatus.MISSED
    assert await store.outbox_depth() == 0
    assert await bot.poster.record_missed("papers", DAY, START) is False


def test_rank_orders_by_upvotes_then_review_then_recency() -> None:
    article = FeedArticle(feed="blog", entry_id="e", url="u", title="t")
    old = paper("1", upvotes=3, published=START - dt.timedelta(days=2))
    new = paper("2", upvotes=3, published=START)
    reviewed = dataclasses.replace(
        paper("3", upvotes=3, published=START - dt.timedelta(days=5)), article=article
    )
    popular = paper("4", upvotes=10)
    none = paper("5")
    assert [p.arxiv_id for p in rank([none, old, new, reviewed, popular])] == [
        "4",
        "3",
        "2",
        "1",
        "5",
    ]


async def test_status_lines_name_missed_posts_and_failed_sends(
    store: Store,
    clock: FrozenClock,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
) -> None:
    from bot.delivery.report import delivery_problems

    await seed(store, clock)
    bot = Harness(make_config(top=1), store, clock, http, adapter)
    await bot.poster.record_missed("papers", DAY - dt.timedelta(days=1), START)
    platform.fail_next(403)  # e.g. the bot was removed from the channel
    await bot.poster.post("papers")
    await bot.sender.drain()
    lines = await delivery_problems(store, channel_name="papers")
    assert lines == [
        f"post (2603.00002) of {DAY} not delivered after 1 attempt(s): "
        'HTTP 403: {"message": "injected 403"}',
        f"daily post of {DAY - dt.timedelta(days=1)} missed: the bot was down past the grace "
        "window",
    ]


async def test_two_plans_at_once_post_once(
    store: Store,
    clock: FrozenClock,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
) -> None:
    import asyncio

    await seed(store, clock)
    bot = Harness(make_config(), store, clock, http, adapter)
    outcomes = await asyncio.gather(bot.poster.post("papers"), bot.poster.post("papers"))
    assert sorted(o.status for o in outcomes) == ["already", "planned"]
    await bot.sender.drain()
    assert len(platform.in_channel("C1")) == 3
    assert "Paper Review No. 4" not in " ".join(m.content for m in platform.messages)
