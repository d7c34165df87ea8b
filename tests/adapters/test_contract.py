"""The adapter contract: what every chat adapter does, through its real SDK against its
platform's fake (the console: a terminal). Run once per adapter (conftest.HARNESSES)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.clock import FrozenClock
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.model import (
    CommandInvocation,
    CommandReply,
    Link,
    OutboundMessage,
    ReviewSection,
    message_to_dict,
)
from bot.ports import Target
from bot.review import review_message
from storage.base import DeliveryStatus, NewDelivery, Store
from tests.adapters.harness import START, Harness
from tests.slack.samples import digest_message, review

LEASE = dt.timedelta(minutes=2)
HOSTILE = "@everyone @here <!channel> <!here> <@U0ADMIN> <@930000000000000002> <#C1> <t:1:R>"
MARKDOWN = (
    "**bold** __under__ _it_ ~~gone~~ `code` ```block``` > quote [link](https://evil.example)"
)
ESCAPES = "\x1b[31mred\x1b[0m \x07 \u202eevil"


def post(**changes: object) -> OutboundMessage:
    return review_message(review(**changes) if changes else review())


def where(harness: Harness, *, thread: str | None = None) -> Target:
    return Target(harness.name, channel=harness.channel, thread=thread)


def no_problems(harness: Harness, shown: list[object]) -> None:
    for item in shown:
        assert harness.problems(item) == []  # type: ignore[arg-type]


async def test_the_daily_post_reaches_the_channel(harness: Harness) -> None:
    ref = await harness.adapter.send(where(harness), post(), idempotency_key="post:1")
    (shown,) = harness.top_level()
    assert "Mamba" in shown.text
    assert "2312.00752" in shown.text  # the paper's link
    assert ref.message_id
    no_problems(harness, [shown])


async def test_a_digest_keeps_its_reviews_in_its_thread(harness: Harness) -> None:
    parent = await harness.adapter.send(where(harness), digest_message(), idempotency_key="d")
    for number in range(3):
        await harness.adapter.send(
            where(harness, thread=parent.message_id),
            post(number=number, title=f"Paper {number}"),
            idempotency_key=f"post:{number}",
        )
    assert len(harness.top_level()) == 1  # the channel shows the digest only
    threaded = harness.in_thread(parent)
    assert len(threaded) == 3
    for number in range(3):
        assert any(f"Paper {number}" in shown.text for shown in threaded)
    no_problems(harness, harness.top_level() + threaded)


async def test_a_direct_message_reaches_the_user_only(harness: Harness) -> None:
    await harness.adapter.send(
        Target(harness.name, user=harness.user), post(), idempotency_key="dm"
    )
    (shown,) = harness.direct()
    assert "Mamba" in shown.text
    assert harness.top_level() == []


async def _core(invocation: CommandInvocation) -> CommandReply:
    text = f"ran {invocation.command} {invocation.arguments}".strip()
    return CommandReply(OutboundMessage.text(text), ephemeral=invocation.command != "today")


async def test_a_command_is_answered_for_everyone_or_for_its_user(harness: Harness) -> None:
    public = await harness.command("today", _core)
    assert "ran today" in public.text
    private = await harness.command("search mamba", _core)
    assert "ran search mamba" in private.text
    if harness.private_replies:
        assert (public.private, private.private) == (False, True)


async def test_hostile_text_is_shown_inert(harness: Harness) -> None:
    hostile = f"{HOSTILE} {MARKDOWN} {ESCAPES}"
    message = post(
        title=f"Paper {HOSTILE}",
        hook=hostile,
        sections=(ReviewSection("Key Problem", hostile), ReviewSection("Results", MARKDOWN)),
    )
    await harness.adapter.send(where(harness), message, idempotency_key="post:hostile")
    await harness.adapter.send(where(harness), OutboundMessage.text(hostile), idempotency_key="t")
    shown = harness.top_level()
    assert len(shown) == 2
    for item in shown:
        assert "everyone" in item.text  # shown as words...
        assert harness.problems(item) == []  # ...that notify no one and control nothing


async def test_ten_thousand_characters_fit_the_platform(harness: Harness) -> None:
    long_text = " ".join(f"word{n:04d}" for n in range(1100))[:10_000]
    await harness.adapter.send(
        where(harness), OutboundMessage.text(long_text), idempotency_key="long"
    )
    shown = harness.top_level()
    assert shown
    assert "word0000" in shown[0].text
    no_problems(harness, shown)


async def test_every_platform_limit_holds_for_an_oversized_review(harness: Harness) -> None:
    big = "A sentence that goes on. " * 400  # 10,000 characters a field
    message = post(
        title="T" * 600,
        hook=big,
        sections=tuple(ReviewSection(f"Section {n} " + "x" * 300, big) for n in range(12)),
        links=tuple(Link(f"rel{n}", f"https://example.org/{'p' * 3000}/{n}") for n in range(40)),
        categories=tuple(f"cs.X{n}" for n in range(60)),
    )
    await harness.adapter.send(where(harness), message, idempotency_key="huge")
    shown = harness.top_level()
    assert shown
    no_problems(harness, shown)


async def test_a_send_survives_a_crash_before_it_was_confirmed(harness: Harness) -> None:
    """The process died after the send and before the outbox recorded it: the next process
    finds the message by its key instead of posting it twice."""
    target = where(harness)
    ref = await harness.adapter.send(target, post(), idempotency_key="post:slack:C:2312.00752")
    parent = await harness.adapter.send(target, digest_message(), idempotency_key="digest:x")
    in_thread = replace(target, thread=parent.message_id)
    reply = await harness.adapter.send(in_thread, post(), idempotency_key="post:in-thread")

    after = harness.restarted()
    try:
        found = await after.find_sent(target, "post:slack:C:2312.00752")
        assert found is not None
        assert found.message_id == ref.message_id
        again = await after.find_sent(in_thread, "post:in-thread")
        assert again is not None
        assert again.message_id == reply.message_id
        assert await after.find_sent(target, "post:never-sent") is None
    finally:
        await after.stop()
    assert len(harness.top_level()) == 2  # nothing was posted twice


async def test_the_outbox_resends_nothing_after_a_crash_between_send_and_record(
    harness: Harness, sqlite_store: Store
) -> None:
    """Through the real sender: a worker claimed the daily post, the adapter sent it, and
    the process died before `mark_sent`. Once the lease runs out, the next process's sender
    finds the message on the platform and records it; the channel still shows one post."""
    clock = FrozenClock(START)
    key = f"post:{harness.name}:{harness.channel}:2312.00752"
    intent = NewDelivery(
        key=key,  # type: ignore[arg-type]
        adapter=harness.name,
        channel=harness.channel,
        kind="post",  # type: ignore[arg-type]
        payload=message_to_dict(post()),
    )
    await sqlite_store.enqueue([intent], clock.now())
    (claimed,) = await sqlite_store.claim("dead-worker", clock.now(), lease=LEASE)
    sent = await harness.adapter.send(where(harness), post(), idempotency_key=claimed.key)
    # ... the process dies here. The next one starts after the lease ran out:
    clock.advance(seconds=LEASE.total_seconds() + 1)
    after = harness.restarted()
    unpaced = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
    sender = Sender(sqlite_store, {harness.name: after}, clock, limiters={harness.name: unpaced})
    try:
        assert await sender.drain() == 1
    finally:
        await after.stop()
    done = await sqlite_store.get_delivery(key)
    assert done is not None
    assert (done.status, done.message_id) == (DeliveryStatus.SENT, sent.message_id)
    assert len(harness.top_level()) == 1
