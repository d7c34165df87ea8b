"""The daily post learns from its channel's votes: the real DailyPoster, Sender and
SQLite store, posting to the loopback fake platform."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.clock import FrozenClock
from bot.config import ChannelConfig, Config, ReviewConfig
from bot.delivery.daily import DailyPoster
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.feedback.model import Vote, channel_key
from bot.model import FeedArticle, Owner
from bot.ranking import Ranker
from bot.ranking.channel import ChannelLearning
from bot.review import Reviewer, review_message
from storage import SqlStore
from tests.delivery.conftest import START, adapter, paper, platform  # noqa: F401  (fixtures)
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter

CONFIG = Config(
    channels=(
        ChannelConfig(name="a", adapter="fake", target="CA", top=2),
        ChannelConfig(name="b", adapter="fake", target="CB", top=2),
    ),
    review=ReviewConfig(producer="extractive"),
)
VIDEO = "Denoising diffusion models generate video frames with temporal attention."
GRAPH = "Message passing graph networks predict molecule properties from bonds."


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:  # the reviewer's; no LLM, so never used
        yield client


def _poster(store: SqlStore, clock: FrozenClock, http: httpx.AsyncClient) -> DailyPoster:
    reviewer = Reviewer(CONFIG.review, store, http, clock, None)
    learning = ChannelLearning(CONFIG, store, Ranker())
    return DailyPoster(CONFIG, store, reviewer, clock, render=review_message, learning=learning)


async def test_votes_in_one_channel_rank_its_post_and_no_other(
    sqlite_store: SqlStore,
    clock: FrozenClock,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,  # noqa: F811
    platform: FakePlatform,  # noqa: F811
) -> None:
    store = sqlite_store
    blog = FeedArticle(feed="lil-log", entry_id="e", url="https://blog.example/r", title="r")
    yesterday = clock.now() - dt.timedelta(days=3)
    await store.upsert_papers(
        [paper("2602.00001", title="Video diffusion", abstract=VIDEO)], yesterday
    )
    await store.upsert_papers(
        [
            paper("2603.00001", upvotes=90, title="Graph networks for crystals", abstract=GRAPH),
            dataclasses.replace(
                paper("2603.00002", upvotes=40, title="Graph pooling", abstract=GRAPH),
                article=blog,
            ),
            paper("2603.00003", title="Fast video diffusion sampling", abstract=VIDEO),
        ],
        clock.now() - dt.timedelta(hours=1),
    )
    reader = Owner("fake", "W1", "U1")
    await store.set_vote(reader, channel_key("fake", "W1", "CA"), "2602.00001", Vote.LIKE,
                         clock.now())  # fmt: skip
    poster = _poster(store, clock, http)
    voted = await poster.post("a")
    unvoted = await poster.post("b")
    assert voted.papers[0] == "2603.00003"  # the liked topic first, though no upvotes
    assert unvoted.papers == ("2603.00001", "2603.00002")  # the base order: upvotes
    unlimited = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
    await Sender(store, {"fake": adapter}, clock, limiters={"fake": unlimited}).drain()
    first = platform.in_channel("CA")[0].content
    assert "close to 2602.00001 you liked" in first
    b_posts = [m.content for m in platform.in_channel("CB")]
    assert "90 upvotes on Hugging Face" in b_posts[0]
    assert "40 upvotes on Hugging Face · reviewed on lil-log" in b_posts[1]
