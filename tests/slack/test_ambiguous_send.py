"""The ambiguous send: Slack posted the message but the answer was lost (the connection
dropped after the post). Through the real sender, SQLite outbox and slack_sdk: a daily post
and a DM fan-out, 100 such sends, end with every message posted exactly once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from adapters.slack import SlackAdapter
from bot.clock import FrozenClock
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.model import OutboundMessage, message_to_dict
from storage.base import DeliveryStatus, NewDelivery, Store
from tests.slack.fake_slack import FakeSlack

POSTS = 50
READERS = 50


def _fan_out(fake: FakeSlack) -> list[NewDelivery]:
    items = [
        NewDelivery(
            key=f"post:C0GENERAL:2511.{n:05d}",
            adapter="slack",
            channel="C0GENERAL",
            kind="post",
            payload=message_to_dict(OutboundMessage.text(f"Paper {n} of today")),
        )
        for n in range(POSTS)
    ]
    for n in range(READERS):
        user = f"U0READER{n:02d}"
        fake.add_user(user)
        items.append(
            NewDelivery(
                key=f"dm:{user}:2511.00001",
                adapter="slack",
                channel="",
                user=user,
                kind="dm",
                payload=message_to_dict(OutboundMessage.text(f"A new paper for reader {n}")),
            )
        )
    return items


async def _send_all(store: Store, adapter: SlackAdapter, clock: FrozenClock) -> None:
    unpaced = RateLimiter(Limits(global_rate=Rate(0.0), target_rate=Rate(0.0)))
    sender = Sender(store, {"slack": adapter}, clock, limiters={"slack": unpaced})
    for _ in range(5):  # rounds of the outbox: retries wait out their backoff on the clock
        await sender.drain()
        clock.advance(minutes=15)


async def _check_exactly_once(fake: FakeSlack, store: Store, items: list[NewDelivery]) -> None:
    keys = Counter(m.metadata["event_payload"]["key"] for m in fake.messages if m.metadata)
    assert len(fake.messages) == len(items)
    assert keys == Counter(item.key for item in items), "0 duplicates, 0 missing"
    by_key = {m.metadata["event_payload"]["key"]: m.ts for m in fake.messages if m.metadata}
    for item in items:
        delivery = await store.get_delivery(item.key)
        assert delivery is not None
        assert delivery.status is DeliveryStatus.SENT
        assert delivery.message_id == by_key[item.key]


async def test_100_posts_whose_answer_was_lost_are_found_not_posted_again(
    fake: FakeSlack,
    make_adapter: Callable[..., SlackAdapter],
    sqlite_store: Store,
    clock: FrozenClock,
) -> None:
    items = _fan_out(fake)
    fake.drop_after_post = len(items)  # every first post is made, then its answer lost
    await sqlite_store.enqueue(items, clock.now())

    await _send_all(sqlite_store, make_adapter(), clock)

    assert fake.drop_after_post == 0
    assert len(fake.calls_to("chat.postMessage")) == len(items), "never posted twice"
    await _check_exactly_once(fake, sqlite_store, items)


async def test_a_dropped_post_that_was_not_made_is_posted_once_after_the_lookup(
    fake: FakeSlack,
    make_adapter: Callable[..., SlackAdapter],
    sqlite_store: Store,
    clock: FrozenClock,
) -> None:
    items = _fan_out(fake)
    fake.drop_before_post = 30  # lost before Slack posted: the lookup finds nothing
    fake.drop_after_post = 70
    await sqlite_store.enqueue(items, clock.now())

    await _send_all(sqlite_store, make_adapter(), clock)

    assert (fake.drop_before_post, fake.drop_after_post) == (0, 0)
    await _check_exactly_once(fake, sqlite_store, items)
