"""Per-user daily digests: one DM at the user's time, at most ten papers and a search hint,
never the same paper twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, cast

import pytest

from bot.clock import FrozenClock
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.delivery.users import UserDeliveries
from bot.model import DeliveryMode, Owner
from storage.base import NewDelivery, Store
from tests.delivery.conftest import paper
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter

TOKYO_MORNING = dt.time(7, 15)


async def test_daily_digest_once_a_day_ten_papers_then_a_hint_never_repeating(
    store: Store, clock: FrozenClock, adapter: FakePlatformAdapter, platform: FakePlatform
) -> None:
    await store.upsert_papers(
        [
            paper(f"2603.{i:05d}", title=f"Sparse attention study {i}", upvotes=i)
            for i in range(1, 13)
        ]
        + [paper("2603.09999", title="Protein folding", abstract="We fold proteins with graphs.")],
        clock.now(),
    )
    alice = Owner("fake", "W1", "alice")
    await store.add_subscription(
        alice, "attention", DeliveryMode.DAILY, clock.now(),
        digest_time=TOKYO_MORNING, timezone="Asia/Tokyo",
    )  # fmt: skip
    await store.add_subscription(
        alice, "sparse", DeliveryMode.DAILY, clock.now(),
        digest_time=TOKYO_MORNING, timezone="Asia/Tokyo",
    )  # fmt: skip
    bob = Owner("fake", "W1", "bob")
    await store.add_subscription(bob, "attention", DeliveryMode.DAILY, clock.now())
    users = UserDeliveries(store, clock, adapters_by_platform={"fake": "fake"})
    unlimited = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
    sender = Sender(store, {"fake": adapter}, clock, limiters={"fake": unlimited})

    assert await users.daily(TOKYO_MORNING, "Asia/Tokyo") == 1  # alice only: bob is at 09:00
    assert await users.daily(TOKYO_MORNING, "Asia/Tokyo") == 0  # the job ran twice: no repeat
    await sender.drain()
    [dm] = platform.in_channel("dm-alice")
    lines = dm.content.splitlines()
    assert lines[0] == "Your daily papers"
    assert len([line for line in lines if line.startswith("- ")]) == 10
    assert lines[1].startswith("- Sparse attention study 12")  # the most upvoted first
    assert lines[-1] == "and 2 more: try /paper search attention"
    assert "Protein folding" not in dm.content
    assert platform.in_channel("dm-bob") == []

    clock.advance(days=1)
    await store.upsert_papers([paper("2603.00100", title="Attention, again")], clock.now())
    assert await users.daily(TOKYO_MORNING, "Asia/Tokyo") == 1
    await sender.drain()
    second = platform.in_channel("dm-alice")[-1]
    assert "Attention, again" in second.content
    assert "study" not in second.content  # yesterday's papers are not sent again


class Killed(Exception):
    """The process died here (SIGKILL): nothing after this point ran."""


class DiesAtEnqueue:
    """The store, as seen by a process killed on its `n`-th enqueue_for_user call: before
    it, or `inside` it (the seen rows inserted and the DM built, nothing committed)."""

    def __init__(self, store: Store, n: int, *, inside: bool = False) -> None:
        self._store = store
        self._left = n
        self._inside = inside

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def enqueue_for_user(
        self,
        owner: Owner,
        paper_ids: Sequence[str],
        now: dt.datetime,
        build: Callable[[list[str]], NewDelivery | None],
    ) -> str | None:
        self._left -= 1
        if self._left == 0 and not self._inside:
            raise Killed

        def dying_build(fresh: list[str]) -> NewDelivery | None:
            built = build(fresh)
            if self._left == 0:
                raise Killed
            return built

        return await self._store.enqueue_for_user(owner, paper_ids, now, dying_build)


@pytest.mark.parametrize("inside", [False, True], ids=["before", "inside"])
async def test_instant_dms_cut_short_by_a_crash_are_finished_by_the_next_run(
    store: Store,
    clock: FrozenClock,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
    inside: bool,
) -> None:
    users = [f"u{n}" for n in range(5)]
    for user in users:
        await store.add_subscription(
            Owner("fake", "W1", user), "diffusion", DeliveryMode.INSTANT, clock.now()
        )
    clock.advance(minutes=30)  # a poll brings a matching paper
    result = await store.upsert_papers(
        [paper("2603.00500", title="Diffusion models for proteins")], clock.now()
    )
    dying = UserDeliveries(
        cast(Store, DiesAtEnqueue(store, 3, inside=inside)),
        clock,
        adapters_by_platform={"fake": "fake"},
    )
    with pytest.raises(Killed):
        await dying.instant(list(result.new))  # two users planned, then the process dies
    assert await store.outbox_depth() == 2

    # Another process takes over a minute later: its start (and any later poll, which no
    # longer reports the paper as new) plans the DMs of the three users left.
    clock.advance(minutes=1)
    restarted = UserDeliveries(store, clock, adapters_by_platform={"fake": "fake"})
    assert await restarted.instant() == 3
    assert await restarted.instant() == 0  # run again: nobody gets it twice
    unlimited = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
    await Sender(store, {"fake": adapter}, clock, limiters={"fake": unlimited}).drain()
    for user in users:  # killed inside a transaction: that user's paper was not left seen
        [dm] = platform.in_channel(f"dm-{user}")
        assert "Diffusion models for proteins" in dm.content


async def test_instant_dms_bring_only_papers_that_arrived_after_subscribing_and_recently(
    store: Store, clock: FrozenClock, adapter: FakePlatformAdapter, platform: FakePlatform
) -> None:
    await store.upsert_papers([paper("2603.00600", title="Diffusion before")], clock.now())
    clock.advance(minutes=5)
    await store.add_subscription(
        Owner("fake", "W1", "alice"), "diffusion", DeliveryMode.INSTANT, clock.now()
    )
    clock.advance(minutes=5)
    await store.upsert_papers([paper("2603.00601", title="Diffusion after")], clock.now())
    clock.advance(hours=27)  # a process started after more than the lookback: too late
    assert await UserDeliveries(store, clock, adapters_by_platform={"fake": "fake"}).instant() == 0
    clock.advance(hours=-27)
    users = UserDeliveries(store, clock, adapters_by_platform={"fake": "fake"})
    assert await users.instant() == 1
    unlimited = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
    await Sender(store, {"fake": adapter}, clock, limiters={"fake": unlimited}).drain()
    [dm] = platform.in_channel("dm-alice")
    assert "Diffusion after" in dm.content
    assert "Diffusion before" not in dm.content


async def test_a_run_that_failed_partway_is_finished_by_the_next_poll_in_the_same_process(
    store: Store, clock: FrozenClock
) -> None:
    for user in ("u1", "u2", "u3"):
        await store.add_subscription(
            Owner("fake", "W1", user), "diffusion", DeliveryMode.INSTANT, clock.now()
        )
    clock.advance(minutes=30)
    first = await store.upsert_papers([paper("2603.00700", title="Diffusion one")], clock.now())
    flaky = DiesAtEnqueue(store, 2)  # the second user's write fails (a store error)
    users = UserDeliveries(cast(Store, flaky), clock, adapters_by_platform={"fake": "fake"})
    with pytest.raises(Killed):
        await users.instant(list(first.new))
    clock.advance(minutes=30)  # the next poll brings nothing for these users
    later = await store.upsert_papers([paper("2603.00701", title="Proteins")], clock.now())
    assert await users.instant(list(later.new)) == 2  # the two users the failed run left
    clock.advance(minutes=30)
    assert await users.instant() == 0
    assert await store.outbox_depth() == 3
