"""A Retry-After longer than the sender will wait: the send is rescheduled to when the
wait ends (not dropped), the other channels go on meanwhile, and the report says when it
went. Real discord.py (max_ratelimit_timeout 30 s) against the fake's 429."""

from __future__ import annotations

from collections.abc import Callable

from adapters.discord import DiscordAdapter
from bot.clock import FrozenClock
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.report import delivery_problems
from bot.delivery.sender import Sender
from bot.delivery.timing import describe_timing
from bot.model import OutboundMessage, message_to_dict
from storage.base import DeliveryStatus, NewDelivery, Store
from tests.discord.fake import FakeDiscord
from tests.discord.limits import texts

SLOW, OTHERS = "910000000000000001", ("910000000000000002", "910000000000000003")


def _post(channel: str, n: int) -> NewDelivery:
    return NewDelivery(
        key=f"post:{channel}:{n}",
        adapter="discord",
        channel=channel,
        kind="post",
        payload=message_to_dict(OutboundMessage.text(f"review {n} for {channel}")),
    )


def _texts(fake: FakeDiscord, channel: str) -> list[str]:
    return [
        " ".join([m["content"], *(t for e in m["embeds"] for t in texts(e))]).strip()
        for m in fake.messages.get(channel, [])
    ]


async def test_a_one_hour_retry_after_reschedules_that_channel_and_the_others_go_on(
    fake: FakeDiscord,
    make_adapter: Callable[..., DiscordAdapter],
    sqlite_store: Store,
    clock: FrozenClock,
) -> None:
    fake.rate_limit(f"/channels/{SLOW}/messages", 3600)
    items = [_post(SLOW, 1), _post(SLOW, 2), *(_post(c, 1) for c in OTHERS)]
    await sqlite_store.enqueue(items, clock.now())

    async def no_sleep(seconds: float) -> None:
        raise AssertionError(f"the sender waited {seconds} s in place")

    limiter = RateLimiter(
        Limits(global_rate=Rate(0.0), target_rate=Rate(0.0)),
        monotonic=lambda: clock.now().timestamp(),
        sleep=no_sleep,
    )
    adapter = make_adapter()
    sender = Sender(sqlite_store, {"discord": adapter}, clock, limiters={"discord": limiter})
    try:
        await sender.drain()
        assert [_texts(fake, c) for c in OTHERS] == [[f"review 1 for {c}"] for c in OTHERS]
        assert _texts(fake, SLOW) == []
        for n in (1, 2):  # the channel's queue keeps its order, in the outbox
            waiting = await sqlite_store.get_delivery(f"post:{SLOW}:{n}")
            assert waiting is not None
            assert waiting.status is DeliveryStatus.PENDING
            assert describe_timing(waiting, clock.now()).startswith(
                f"post:{SLOW}:{n}: waits until 10:00 UTC: rate limited"
            )

        (waiting_line, *_) = await delivery_problems(sqlite_store)
        assert waiting_line.startswith("post of 2026-11-23 waits until 10:00 UTC: rate limited")

        clock.advance(minutes=61)
        await sender.drain()
    finally:
        await adapter.stop()

    assert _texts(fake, SLOW) == [f"review 1 for {SLOW}", f"review 2 for {SLOW}"]
    went = await sqlite_store.get_delivery(f"post:{SLOW}:1")
    other = await sqlite_store.get_delivery(f"post:{OTHERS[0]}:1")
    assert went is not None
    assert other is not None
    assert describe_timing(went, clock.now()) == (
        f"post:{SLOW}:1: went at 10:01 UTC, 61 min after it was due"
    )
    assert describe_timing(other, clock.now()) == f"post:{OTHERS[0]}:1: went at 09:00 UTC"
    status_lines = await delivery_problems(sqlite_store)  # what `/paper status` shows
    assert status_lines == ["post of 2026-11-23 went at 10:01 UTC, 61 min late"] * 2
