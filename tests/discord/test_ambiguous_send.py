"""The ambiguous send: Discord created the message but the answer was lost (the connection
dropped after the request was processed). Through the real sender, SQLite outbox and
discord.py: a daily post and a DM fan-out, 100 such sends, every message exactly once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from adapters.discord import DiscordAdapter
from adapters.discord.delivery import nonce_for
from bot.clock import FrozenClock
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.model import OutboundMessage, message_to_dict
from storage.base import DeliveryStatus, NewDelivery, Store
from tests.discord import payloads as p
from tests.discord.fake import FakeDiscord

POSTS = 50
READERS = 50


def _fan_out() -> list[NewDelivery]:
    channel = str(p.CHANNEL_ID)
    items = [
        NewDelivery(
            key=f"post:{channel}:2511.{n:05d}",
            adapter="discord",
            channel=channel,
            kind="post",
            payload=message_to_dict(OutboundMessage.text(f"Paper {n} of today")),
        )
        for n in range(POSTS)
    ]
    items += [
        NewDelivery(
            key=f"dm:{900000000000000000 + n}:2511.00001",
            adapter="discord",
            channel="",
            user=str(900000000000000000 + n),
            kind="dm",
            payload=message_to_dict(OutboundMessage.text(f"A new paper for reader {n}")),
        )
        for n in range(READERS)
    ]
    return items


async def _send_all(store: Store, adapter: DiscordAdapter, clock: FrozenClock) -> None:
    unpaced = RateLimiter(Limits(global_rate=Rate(0.0), target_rate=Rate(0.0)))
    sender = Sender(store, {"discord": adapter}, clock, limiters={"discord": unpaced})
    for _ in range(5):  # rounds of the outbox: retries wait out their backoff on the clock
        await sender.drain()
        clock.advance(minutes=15)


async def _check_exactly_once(fake: FakeDiscord, store: Store, items: list[NewDelivery]) -> None:
    created = [m for history in fake.messages.values() for m in history]
    by_nonce = {nonce_for(item.key): item.key for item in items}
    counts = Counter(by_nonce.get(str(m.get("nonce"))) for m in created)
    assert counts == Counter(item.key for item in items), "0 duplicates, 0 missing"
    ids = {by_nonce[str(m["nonce"])]: m["id"] for m in created}
    for item in items:
        delivery = await store.get_delivery(item.key)
        assert delivery is not None
        assert delivery.status is DeliveryStatus.SENT
        assert delivery.message_id == ids[item.key]


async def test_100_sends_whose_answer_was_lost_are_recorded_once_each(
    fake: FakeDiscord,
    make_adapter: Callable[..., DiscordAdapter],
    sqlite_store: Store,
    clock: FrozenClock,
) -> None:
    items = _fan_out()
    fake.drop_after_post = len(items)
    await sqlite_store.enqueue(items, clock.now())
    adapter = make_adapter()
    try:
        await _send_all(sqlite_store, adapter, clock)
    finally:
        await adapter.stop()
    assert fake.drop_after_post == 0
    await _check_exactly_once(fake, sqlite_store, items)


async def test_with_nonces_hidden_from_history_the_enforced_nonce_still_prevents_repeats(
    fake: FakeDiscord,
    make_adapter: Callable[..., DiscordAdapter],
    sqlite_store: Store,
    clock: FrozenClock,
) -> None:
    """Real Discord returns a nonce only on creation: history cannot find a text post, so
    the resend goes out, and Discord (enforce_nonce) answers it with the first message."""
    items = _fan_out()
    fake.drop_before_post = 30  # lost before the message was made: it must still arrive
    fake.drop_after_post = 70
    fake.history_nonces = False
    await sqlite_store.enqueue(items, clock.now())
    adapter = make_adapter()
    try:
        await _send_all(sqlite_store, adapter, clock)
    finally:
        await adapter.stop()
    assert (fake.drop_before_post, fake.drop_after_post) == (0, 0)
    await _check_exactly_once(fake, sqlite_store, items)
