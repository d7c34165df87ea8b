"""A reader's digest: muted authors, categories and words never arrive, votes rank the
rest, and each paper says why it is there. The real UserDeliveries, Sender and SQLite
store, DMs to the loopback fake platform."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.clock import FrozenClock
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.delivery.users import UserDeliveries
from bot.feedback.model import Mute, MuteKind, Vote, channel_key
from bot.model import DeliveryMode, Owner
from bot.ranking import Ranker
from bot.ranking.reader import ReaderLearning
from storage import SqlStore
from tests.delivery.conftest import START, adapter, paper, platform  # noqa: F401  (fixtures)
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter, Posted

MORNING = dt.time(9, 0)
ALICE = Owner("fake", "W1", "alice")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


async def digest_of_alice(
    store: SqlStore,
    clock: FrozenClock,
    adapter: FakePlatformAdapter,  # noqa: F811
    platform: FakePlatform,  # noqa: F811
) -> tuple[Posted, list[str]]:
    """Alice's daily digest, made and sent: the DM and its paper lines."""
    users = UserDeliveries(
        store, clock, adapters_by_platform={"fake": "fake"},
        learning=ReaderLearning(store, Ranker()),
    )  # fmt: skip
    assert await users.daily(MORNING, "UTC") == 1
    unlimited = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
    await Sender(store, {"fake": adapter}, clock, limiters={"fake": unlimited}).drain()
    [dm] = platform.in_channel("dm-alice")
    return dm, [line for line in dm.content.splitlines() if line.startswith("- ")]


async def test_mutes_drop_and_votes_rank_the_digest(
    sqlite_store: SqlStore,
    clock: FrozenClock,
    adapter: FakePlatformAdapter,  # noqa: F811
    platform: FakePlatform,  # noqa: F811
) -> None:
    store = sqlite_store
    await store.upsert_papers(
        [paper("2602.00001", title="Video diffusion with temporal attention",
               abstract="Denoising diffusion generates video frames.")],
        clock.now() - dt.timedelta(days=5),
    )  # fmt: skip
    await store.upsert_papers(
        [
            paper("2603.00001", upvotes=50, title="Diffusion for molecules",
                  abstract="Graph diffusion generates molecule bonds."),
            paper("2603.00002", title="Diffusion for video editing",
                  abstract="Denoising diffusion edits video frames."),
            paper("2603.00003", upvotes=80, title="Diffusion in robotics",
                  abstract="Diffusion policies control robots.", categories=("cs.RO",)),
            paper("2603.00004", upvotes=90, title="A survey of diffusion",
                  abstract="This survey covers diffusion models."),
        ],
        clock.now(),
    )  # fmt: skip
    await store.add_subscription(ALICE, "diffusion", DeliveryMode.DAILY, clock.now())
    await store.add_mute(ALICE, Mute(MuteKind.CATEGORY, "cs.RO"), clock.now())
    await store.add_mute(ALICE, Mute(MuteKind.WORD, "survey"), clock.now())
    await store.set_vote(ALICE, channel_key("fake", "W1", "C1"), "2602.00001", Vote.LIKE,
                         clock.now())  # fmt: skip
    dm, lines = await digest_of_alice(store, clock, adapter, platform)
    assert "robotics" not in dm.content  # muted category
    assert "survey" not in dm.content.lower()  # muted word
    assert lines[0].startswith("- Diffusion for video editing")  # liked topic, no upvotes
    assert "(matches your topic `diffusion` · close to 2602.00001 you liked)" in lines[0]
    assert lines[1].startswith("- Diffusion for molecules")
    assert "(matches your topic `diffusion`" in lines[1]
    assert len(lines) == 2


async def test_a_vote_cast_in_a_dm_ranks_the_readers_topics_in_their_server(
    sqlite_store: SqlStore,
    clock: FrozenClock,
    adapter: FakePlatformAdapter,  # noqa: F811
    platform: FakePlatform,  # noqa: F811
) -> None:
    """A Discord DM belongs to no server, so a vote there is kept with no workspace; the
    reader's topic, owned in a server, is still ranked by it."""
    store = sqlite_store
    await store.upsert_papers(
        [paper("2602.00001", title="Video diffusion with temporal attention",
               abstract="Denoising diffusion generates video frames.")],
        clock.now() - dt.timedelta(days=5),
    )  # fmt: skip
    await store.upsert_papers(
        [
            paper("2603.00001", upvotes=50, title="Diffusion for molecules",
                  abstract="Graph diffusion generates molecule bonds."),
            paper("2603.00002", title="Diffusion for video editing",
                  abstract="Denoising diffusion edits video frames."),
        ],
        clock.now(),
    )  # fmt: skip
    await store.add_subscription(ALICE, "diffusion", DeliveryMode.DAILY, clock.now())
    in_dm = Owner(ALICE.platform, "", ALICE.user)
    await store.set_vote(in_dm, channel_key("fake", "", "dm-alice"), "2602.00001", Vote.LIKE,
                         clock.now())  # fmt: skip
    _, lines = await digest_of_alice(store, clock, adapter, platform)
    assert lines[0].startswith("- Diffusion for video editing")  # close to the DM's like
    assert "close to 2602.00001 you liked" in lines[0]
