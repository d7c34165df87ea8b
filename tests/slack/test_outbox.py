"""The core's outbox sender delivering through the Slack adapter to the fake, over SQLite:
failures are recorded with Slack's reason, digests thread, a crash after a send is
recovered from the channel history instead of posting twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from adapters.slack import SlackAdapter
from bot.clock import FrozenClock
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.model import OutboundMessage, message_to_dict
from storage.base import DeliveryStatus, NewDelivery, Store
from tests.slack.fake_slack import FakeSlack
from tests.slack.samples import digest_message, review, review_message


def _sender(store: Store, adapter: SlackAdapter, clock: FrozenClock) -> Sender:
    unpaced = RateLimiter(Limits(global_rate=Rate(0.0), target_rate=Rate(0.0)))
    return Sender(store, {"slack": adapter}, clock, limiters={"slack": unpaced})


def _delivery(
    key: str,
    channel: str,
    message: OutboundMessage,
    *,
    kind: str = "post",
    parent_key: str | None = None,
) -> NewDelivery:
    return NewDelivery(key=key, adapter="slack", channel=channel, kind=kind,
                       payload=message_to_dict(message), parent_key=parent_key)  # fmt: skip


async def test_not_in_channel_is_recorded_as_a_failed_delivery_with_that_reason(
    fake: FakeSlack,
    make_adapter: Callable[..., SlackAdapter],
    sqlite_store: Store,
    clock: FrozenClock,
) -> None:
    adapter = make_adapter()
    await sqlite_store.enqueue(
        [
            _delivery("post:outside:1", "C0OUTSIDE", review_message(review())),
            _delivery("post:general:1", "C0GENERAL", review_message(review())),
        ],
        clock.now(),
    )
    await _sender(sqlite_store, adapter, clock).drain()

    failed = await sqlite_store.get_delivery("post:outside:1")
    sent = await sqlite_store.get_delivery("post:general:1")
    assert failed is not None
    assert sent is not None
    assert (failed.status, failed.error) == (DeliveryStatus.FAILED, "not_in_channel")
    assert sent.status is DeliveryStatus.SENT
    assert sent.message_id == fake.messages[0].ts


async def test_a_digest_and_its_thread_go_out_in_order(
    fake: FakeSlack,
    make_adapter: Callable[..., SlackAdapter],
    sqlite_store: Store,
    clock: FrozenClock,
) -> None:
    adapter = make_adapter()
    items = [_delivery("digest:C0DIGEST:d", "C0DIGEST", digest_message(), kind="digest")]
    items += [
        _delivery(
            f"thread:{n}",
            "C0DIGEST",
            review_message(review(number=n)),
            parent_key="digest:C0DIGEST:d",
        )
        for n in range(2)
    ]
    await sqlite_store.enqueue(items, clock.now())
    await _sender(sqlite_store, adapter, clock).drain()

    digest, *thread = fake.messages
    assert [m.thread_ts for m in thread] == [digest.ts, digest.ts]


async def test_a_crash_after_the_send_is_recovered_without_posting_twice(
    fake: FakeSlack,
    make_adapter: Callable[..., SlackAdapter],
    sqlite_store: Store,
    clock: FrozenClock,
) -> None:
    adapter = make_adapter()
    message = review_message(review())
    await sqlite_store.enqueue([_delivery("post:general:9", "C0GENERAL", message)], clock.now())
    # A first worker claims the delivery, posts it, and dies before recording the send.
    (claimed,) = await sqlite_store.claim("dead-worker", clock.now(), lease=dt.timedelta(minutes=2))
    from bot.ports import Target

    await adapter.send(Target("slack", channel="C0GENERAL"), message, idempotency_key=claimed.key)
    clock.advance(minutes=3)  # the lease runs out

    await _sender(sqlite_store, adapter, clock).drain()

    recovered = await sqlite_store.get_delivery("post:general:9")
    assert recovered is not None
    assert recovered.status is DeliveryStatus.SENT
    assert len(fake.messages) == 1
    assert recovered.message_id == fake.messages[0].ts
