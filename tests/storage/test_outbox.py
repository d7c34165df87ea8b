"""The outbox: unique keys, claims under a lease, concurrent claimers, status changes."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from storage import DeliveryKind, DeliveryStatus, NewDelivery, SqlStore, delivery_key
from tests.storage.factories import NOW


def intent(key: str, **fields: object) -> NewDelivery:
    values: dict[str, object] = {
        "adapter": "slack",
        "channel": "C1",
        "kind": "post",
        "payload": {"fallback": f"message {key}", "blocks": []},
    }
    values.update(fields)
    return NewDelivery(key=key, **values)  # type: ignore[arg-type]


async def test_enqueue_is_unique_by_key(store: SqlStore) -> None:
    first = await store.enqueue([intent("post:C1:1", paper_id="1"), intent("post:C1:2")], NOW)
    again = await store.enqueue(
        [intent("post:C1:1", payload={"changed": True}), intent("post:C1:3")], NOW
    )
    assert first == ["post:C1:1", "post:C1:2"]
    assert again == ["post:C1:3"]
    kept = await store.get_delivery("post:C1:1")
    assert kept is not None
    assert kept.payload == {"fallback": "message post:C1:1", "blocks": []}  # left as it was
    assert kept.status is DeliveryStatus.PENDING
    assert kept.created == NOW
    assert await store.outbox_depth() == 3


async def test_claim_takes_due_rows_once_and_respects_not_before(store: SqlStore) -> None:
    later = NOW + dt.timedelta(hours=1)
    await store.enqueue([intent("a"), intent("b"), intent("c", not_before=later)], NOW)
    claimed = await store.claim("w1", NOW)
    assert [d.key for d in claimed] == ["a", "b"]
    assert all(d.status is DeliveryStatus.SENDING and d.attempts == 1 for d in claimed)
    assert await store.claim("w2", NOW + dt.timedelta(seconds=30)) == []  # leased to w1
    # a and b's two-minute lease ran out long before `later`: they are claimable again
    assert [d.key for d in await store.claim("w2", later)] == ["a", "b", "c"]


async def test_expired_lease_is_claimed_again(store: SqlStore) -> None:
    await store.enqueue([intent("a")], NOW)
    [first] = await store.claim("w1", NOW, lease=dt.timedelta(minutes=2))
    assert await store.claim("w2", NOW + dt.timedelta(minutes=1)) == []
    [again] = await store.claim("w2", NOW + dt.timedelta(minutes=3))
    assert again.id == first.id
    assert again.attempts == 2


async def test_two_concurrent_claimers_never_get_the_same_row(store: SqlStore) -> None:
    await store.enqueue([intent(f"k{i:03d}") for i in range(60)], NOW)
    batches = await asyncio.gather(*(store.claim(f"w{i}", NOW, limit=7) for i in range(6)))
    ids = [d.id for batch in batches for d in batch]
    assert len(ids) == len(set(ids)) == 42
    rest = await store.claim("last", NOW, limit=100)
    assert len(rest) == 18
    assert not set(ids) & {d.id for d in rest}


async def test_sent_retry_and_failed(store: SqlStore) -> None:
    await store.enqueue(
        [
            intent("post:C1:p1", paper_id="p1", channel_name="lab", day=NOW.date()),
            intent("post:C1:p2", paper_id="p2"),
            intent("post:C1:p3", paper_id="p3"),
            intent("post:C2:p4", paper_id="p4", channel="C2"),
        ],
        NOW,
    )
    one, two, three, _ = await store.claim("w", NOW, lease=dt.timedelta(hours=1))
    await store.mark_sent(one.id, "ts-1", NOW)
    await store.mark_retry(two.id, "HTTP 429", NOW + dt.timedelta(minutes=5))
    await store.mark_failed(three.id, "channel_not_found", NOW)

    sent = await store.get_delivery("post:C1:p1")
    assert sent is not None
    assert (sent.status, sent.message_id, sent.sent_at) == (DeliveryStatus.SENT, "ts-1", NOW)
    retry = await store.get_delivery("post:C1:p2")
    assert retry is not None
    assert (retry.status, retry.error) == (DeliveryStatus.PENDING, "HTTP 429")
    assert await store.claim("w", NOW + dt.timedelta(minutes=4)) == []
    [again] = await store.claim("w", NOW + dt.timedelta(minutes=5))
    assert again.key == "post:C1:p2"
    assert again.attempts == 2

    assert await store.posted_paper_ids("slack", "C1") == {"p1", "p2"}  # not the failed p3
    assert await store.posted_paper_ids("slack", "C2") == {"p4"}
    assert await store.posted_paper_ids("discord", "C1") == set()
    failed = await store.deliveries(status=DeliveryStatus.FAILED)
    assert [(d.key, d.error) for d in failed] == [("post:C1:p3", "channel_not_found")]
    assert [d.key for d in await store.deliveries(channel_name="lab", day=NOW.date())] == [
        "post:C1:p1"
    ]
    assert len(await store.deliveries(limit=2)) == 2
    assert await store.outbox_depth() == 2  # p2 sending again, p4 sending


async def test_a_missed_daily_post_is_recorded_and_never_claimed(store: SqlStore) -> None:
    far = NOW + dt.timedelta(days=3650)
    await store.enqueue([intent("missed:C1:2024-03-01", channel_name="lab", not_before=far)], NOW)
    record = await store.get_delivery("missed:C1:2024-03-01")
    assert record is not None
    await store.mark_missed(record.id, "the bot was down past the grace window", NOW)
    [missed] = await store.deliveries(status=DeliveryStatus.MISSED, channel_name="lab")
    assert (missed.key, missed.error) == (
        "missed:C1:2024-03-01",
        "the bot was down past the grace window",
    )
    assert await store.claim("w", far + dt.timedelta(days=1)) == []
    assert await store.outbox_depth() == 0


async def test_kinds_are_typed_and_keys_keep_the_format_stores_already_hold(
    store: SqlStore,
) -> None:
    post = delivery_key(DeliveryKind.POST, "slack:C1", "2403.17887")
    digest = delivery_key(DeliveryKind.DIGEST, "slack:dm:U1", dt.date(2024, 3, 1))
    assert (post, digest) == ("post:slack:C1:2403.17887", "digest:slack:dm:U1:2024-03-01")
    await store.enqueue(
        [intent(post, kind=DeliveryKind.THREAD), intent(digest, kind="digest", channel="")], NOW
    )
    thread, day = await store.get_delivery(post), await store.get_delivery(digest)
    assert thread is not None
    assert day is not None
    assert (thread.kind, day.kind) == (DeliveryKind.THREAD, DeliveryKind.DIGEST)
    assert isinstance(day.kind, DeliveryKind)  # text given is read back as the enum


def test_an_unknown_kind_is_refused_before_anything_is_written() -> None:
    with pytest.raises(ValueError, match="'postcard' is not a valid DeliveryKind"):
        intent("post:C1:1", kind="postcard")
