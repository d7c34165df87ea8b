"""The outbox sender against the fake platform on 127.0.0.1 and a real SQLite store."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.clock import FrozenClock
from bot.delivery.policy import SendStage
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import RetryPolicy, Sender, SendEvent
from bot.model import OutboundMessage, message_to_dict
from storage.base import DeliveryStatus, NewDelivery, Store
from tests.delivery.conftest import FakeTime
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter


def intent(
    key: str, channel: str = "C1", *, user: str | None = None, **extra: object
) -> NewDelivery:
    return NewDelivery(
        key=key,
        adapter="fake",
        channel="" if user else channel,
        user=user,
        kind=str(extra.pop("kind", "post")),
        payload=message_to_dict(OutboundMessage.text(f"message {key}")),
        **extra,  # type: ignore[arg-type]
    )


def sender(
    store: Store,
    adapter: FakePlatformAdapter,
    clock: FrozenClock,
    *,
    policy: RetryPolicy | None = None,
    events: list[SendEvent] | None = None,
) -> Sender:
    unlimited = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
    observers = [events.append] if events is not None else []
    return Sender(
        store,
        {"fake": adapter},
        clock,
        limiters={"fake": unlimited},
        policy=policy,
        observers=observers,
    )


async def test_each_intent_is_sent_once_and_its_message_id_recorded(
    store: Store, adapter: FakePlatformAdapter, platform: FakePlatform, clock: FrozenClock
) -> None:
    await store.enqueue([intent("post:a"), intent("post:b"), intent("post:a")], clock.now())
    worker = sender(store, adapter, clock)
    assert await worker.drain() == 2
    assert await worker.drain() == 0  # nothing left: a second pass sends nothing
    assert [m.content for m in platform.in_channel("C1")] == ["message post:a", "message post:b"]
    delivery = await store.get_delivery("post:a")
    assert delivery is not None
    assert delivery.status is DeliveryStatus.SENT
    assert delivery.message_id == platform.messages[0].id


async def test_a_crash_between_send_and_record_does_not_send_twice(
    store: Store, adapter: FakePlatformAdapter, platform: FakePlatform, clock: FrozenClock
) -> None:
    await store.enqueue([intent("post:x")], clock.now())
    # A first worker claims and sends, then "dies" before mark_sent.
    [claimed] = await store.claim("dead-worker", clock.now())
    from bot.ports import Target

    await adapter.send(
        Target("fake", "C1"), OutboundMessage.text("message post:x"), idempotency_key="post:x"
    )
    events: list[SendEvent] = []
    worker = sender(store, adapter, clock, events=events)
    assert await worker.drain() == 0  # still leased to the dead worker
    clock.advance(minutes=3)  # the lease runs out
    assert await worker.drain() == 1
    assert len(platform.in_channel("C1")) == 1
    assert [e.stage for e in events if e.stage in (SendStage.SENDING, SendStage.RECOVERED)] == [
        SendStage.RECOVERED
    ]
    delivery = await store.get_delivery("post:x")
    assert delivery is not None
    assert delivery.status is DeliveryStatus.SENT
    assert delivery.message_id == platform.messages[0].id
    assert claimed.id == delivery.id


async def test_the_nonce_refuses_a_repeat_when_history_cannot_tell(
    store: Store, adapter: FakePlatformAdapter, platform: FakePlatform
) -> None:
    from bot.ports import Target

    target = Target("fake", "C1")
    first = await adapter.send(target, OutboundMessage.text("hi"), idempotency_key="k1")
    again = await adapter.send(target, OutboundMessage.text("hi"), idempotency_key="k1")
    assert first.message_id == again.message_id
    assert len(platform.messages) == 1
    assert platform.deduplicated == 1


@pytest.mark.parametrize("inline_wait", [30.0, 1.0])
async def test_rate_limited_send_waits_for_retry_after_then_goes(
    store: Store,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
    clock: FrozenClock,
    fake_time: FakeTime,
    inline_wait: float,
) -> None:
    platform.clock = fake_time.monotonic
    platform.rate, platform.burst = 0.5, 1  # one send, then 2 s until the next
    platform._tokens, platform._updated = 1.0, fake_time.now
    await store.enqueue([intent("dm:1", user="u1"), intent("dm:2", user="u2")], clock.now())
    events: list[SendEvent] = []
    limiter = RateLimiter(
        Limits(Rate(0.0), Rate(0.0)), monotonic=fake_time.monotonic, sleep=fake_time.sleep
    )
    worker = Sender(
        store,
        {"fake": adapter},
        clock,
        limiters={"fake": limiter},
        policy=RetryPolicy(inline_wait=inline_wait),
        observers=[events.append],
    )
    await worker.drain()
    assert platform.rejected_429 == 1
    assert any(e.stage is SendStage.RATE_LIMITED for e in events)
    second = await store.get_delivery("dm:2")
    assert second is not None
    if inline_wait >= 2.0:
        # A short Retry-After is waited out in place (the limiter holds every target, the
        # limit being global), and the send goes through: no trip back to the outbox.
        assert second.status is DeliveryStatus.SENT
        assert sum(fake_time.slept) >= 1.9
    else:
        # A longer one sends it back to the outbox, due after the wait.
        assert second.status is DeliveryStatus.PENDING
        assert second.not_before is not None
        assert second.not_before >= clock.now() + dt.timedelta(seconds=1.5)
        clock.advance(seconds=10)
        fake_time.now += 10
        await worker.drain()
    assert sorted(m.channel for m in platform.messages) == ["dm-u1", "dm-u2"]


async def test_failing_send_is_retried_with_backoff_then_marked_failed(
    store: Store, adapter: FakePlatformAdapter, platform: FakePlatform, clock: FrozenClock
) -> None:
    platform.fail_next(500, 3)
    policy = RetryPolicy(max_attempts=3, base=dt.timedelta(seconds=10))
    await store.enqueue([intent("post:flaky")], clock.now())
    worker = sender(store, adapter, clock, policy=policy)
    delays = []
    for _ in range(3):
        assert await worker.drain() == 1
        delivery = await store.get_delivery("post:flaky")
        assert delivery is not None
        if delivery.status is DeliveryStatus.FAILED:
            break
        assert delivery.not_before is not None
        delays.append(delivery.not_before - clock.now())
        assert await worker.drain() == 0  # not due before its backoff
        clock.advance(seconds=delays[-1].total_seconds())
    assert delays == [dt.timedelta(seconds=10), dt.timedelta(seconds=20)]
    assert delivery is not None
    assert delivery.status is DeliveryStatus.FAILED
    assert delivery.error is not None
    assert "gave up after 3 attempts: HTTP 500" in delivery.error
    assert platform.messages == []


async def test_permanent_failure_is_not_retried(
    store: Store, adapter: FakePlatformAdapter, platform: FakePlatform, clock: FrozenClock
) -> None:
    platform.fail_next(403)
    await store.enqueue([intent("post:closed")], clock.now())
    worker = sender(store, adapter, clock)
    await worker.drain()
    delivery = await store.get_delivery("post:closed")
    assert delivery is not None
    assert delivery.status is DeliveryStatus.FAILED
    assert delivery.error is not None
    assert "HTTP 403" in delivery.error
    assert platform.received == 1


async def test_thread_replies_go_under_their_digest_message(
    store: Store, adapter: FakePlatformAdapter, platform: FakePlatform, clock: FrozenClock
) -> None:
    await store.enqueue(
        [
            intent("digest:d", kind="digest"),
            intent("post:1", kind="thread", parent_key="digest:d"),
            intent("post:2", kind="thread", parent_key="digest:d"),
        ],
        clock.now(),
    )
    await sender(store, adapter, clock).drain()
    parent, *replies = platform.in_channel("C1")
    assert parent.thread is None
    assert [r.content for r in replies] == ["message post:1", "message post:2"]
    assert all(r.thread == parent.id for r in replies)


async def test_stop_finishes_the_send_in_flight_and_leaves_the_rest_pending(
    store: Store, adapter: FakePlatformAdapter, platform: FakePlatform, clock: FrozenClock
) -> None:
    await store.enqueue([intent(f"post:{i}") for i in range(5)], clock.now())
    stopping = asyncio.Event()
    events: list[SendEvent] = []

    def stop_after_first(event: SendEvent) -> None:
        events.append(event)
        if event.stage is SendStage.SENT:
            stopping.set()

    worker = sender(store, adapter, clock)
    worker.add_observer(stop_after_first)
    await asyncio.wait_for(worker.run(stopping, idle=0.01), timeout=5)
    assert len(platform.messages) == 1
    pending = await store.deliveries(status=DeliveryStatus.PENDING)
    assert len(pending) == 4  # back in the outbox for the next start, not stuck SENDING
    assert await worker.drain() == 4
    assert len(platform.messages) == 5


async def test_a_claim_is_never_held_to_its_lease_end(
    store: Store, adapter: FakePlatformAdapter, platform: FakePlatform, clock: FrozenClock
) -> None:
    await store.enqueue([intent(f"post:{i}") for i in range(3)], clock.now())

    def slow_platform(event: SendEvent) -> None:
        if event.stage is SendStage.SENT:
            clock.advance(seconds=90)  # each send takes most of the two-minute lease

    worker = sender(store, adapter, clock)
    worker.add_observer(slow_platform)
    assert await worker.run_once() == 3
    assert len(platform.messages) == 1  # the rest went back before the lease could expire
    back = await store.deliveries(status=DeliveryStatus.PENDING)
    assert [d.error for d in back] == ["claim held too long"] * 2
    await worker.drain()
    assert len(platform.messages) == 3
