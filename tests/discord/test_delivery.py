"""Sending through the real discord.py (REST only) to the fake Discord."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import SecretStr

from adapters.discord import DiscordAdapter
from bot.config import AdapterConfig, Secrets
from bot.model import Header, OutboundMessage, Text
from bot.ports import SendError, Target
from tests.discord import payloads as p
from tests.discord.fake import FakeDiscord
from tests.discord.limits import check_payload
from tests.discord.samples import message_of, review

CHANNEL = str(p.CHANNEL_ID)
USER = str(p.USER_ID)


def _posted(fake: FakeDiscord, channel: str) -> list[dict[str, Any]]:
    return [r.body for r in fake.calls("POST", f"/channels/{channel}/messages")]


async def test_a_daily_post_is_sent_over_rest_only_within_every_limit(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    ref = await adapter.send(
        Target("discord", channel=CHANNEL), message_of(review()), idempotency_key="day:1"
    )
    (stored,) = fake.messages[CHANNEL]
    assert ref.message_id == stored["id"]
    assert ref.channel == CHANNEL
    (body,) = _posted(fake, CHANNEL)
    check_payload(body.get("content"), body["embeds"])
    assert body["allowed_mentions"] == {"parse": []}
    assert body["enforce_nonce"] is True
    assert body["embeds"][0]["title"].startswith("Parameter-Efficient")
    assert [c["label"] for c in body["components"][0]["components"]] == [
        "Open paper",
        "PDF",
        "Subscribe to this topic",
    ]
    assert not fake.identifies, "sending needs no gateway connection"
    assert not fake.calls("GET", "/gateway")


async def test_a_digest_posts_each_review_in_one_thread_from_the_parent(
    fake: FakeDiscord, make_adapter: Callable[..., DiscordAdapter]
) -> None:
    adapter = make_adapter()
    try:
        header = OutboundMessage(
            blocks=(Header("Daily Paper – 23.11.26"), Text.plain("3 papers today, in the thread.")),
            fallback="Daily Paper",
        )
        parent = await adapter.send(
            Target("discord", channel=CHANNEL), header, idempotency_key="digest:1"
        )
        target = Target("discord", channel=CHANNEL, thread=parent.message_id)
        refs = [
            await adapter.send(
                target,
                message_of(review(number=n, section_chars=900 * n)),
                idempotency_key=f"t:{n}",
            )
            for n in (1, 2, 3)
        ]
    finally:
        await adapter.stop()
    (created,) = fake.calls("POST", f"/channels/{CHANNEL}/messages/{parent.message_id}/threads")
    assert created.body["name"] == "Daily Paper · 2026-11-23"
    assert {ref.channel for ref in refs} == {parent.message_id}
    in_thread = _posted(fake, parent.message_id)
    assert len(in_thread) >= 3
    for body in in_thread:
        check_payload(body.get("content"), body["embeds"])
        assert body["allowed_mentions"] == {"parse": []}
    assert len(fake.messages[CHANNEL]) == 1, "the channel itself gets only the parent"

    again = make_adapter()  # a restarted bot: the thread already exists (Discord 160004)
    try:
        await again.send(target, message_of(review(number=4)), idempotency_key="t:4")
    finally:
        await again.stop()
    assert len(fake.threads) == 1
    assert len(fake.messages[parent.message_id]) == len(in_thread) + 1


async def test_a_direct_message_goes_through_the_users_dm_channel(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    target = Target("discord", user=USER)
    ref = await adapter.send(target, message_of(review()), idempotency_key="dm:1")
    await adapter.send(target, OutboundMessage.text("second"), idempotency_key="dm:2")
    (opened,) = fake.calls("POST", "/users/@me/channels")  # the DM channel is remembered
    assert opened.body == {"recipient_id": p.USER_ID}
    dm = fake.dm_channels[USER]
    assert ref.channel == dm
    assert len(fake.messages[dm]) == 2


async def test_a_closed_dm_is_a_permanent_failure_with_the_reason(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    fake.closed_dms.add(USER)
    with pytest.raises(SendError) as caught:
        await adapter.send(Target("discord", user=USER), OutboundMessage.text("hi"))
    assert caught.value.permanent
    assert caught.value.reason.startswith("DMs closed")
    assert "50007" in caught.value.reason


async def test_a_429_is_waited_out_by_discord_py_then_the_post_succeeds(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    fake.rate_limit(f"/channels/{CHANNEL}/messages", retry_after=0.05)
    ref = await adapter.send(
        Target("discord", channel=CHANNEL), OutboundMessage.text("hello"), idempotency_key="k"
    )
    assert len(_posted(fake, CHANNEL)) == 2
    assert [m["id"] for m in fake.messages[CHANNEL]] == [ref.message_id]


async def test_a_long_429_becomes_a_retryable_send_error_with_retry_after(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    fake.rate_limit(f"/channels/{CHANNEL}/messages", retry_after=120)
    with pytest.raises(SendError) as caught:
        await adapter.send(Target("discord", channel=CHANNEL), OutboundMessage.text("hello"))
    assert not caught.value.permanent
    assert caught.value.retry_after == 120
    assert not caught.value.global_limit
    assert not fake.messages.get(CHANNEL)


async def test_a_long_global_429_says_so_so_the_sender_pauses_every_target(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    fake.rate_limit(f"/channels/{CHANNEL}/messages", retry_after=90, is_global=True)
    with pytest.raises(SendError) as caught:
        await adapter.send(Target("discord", channel=CHANNEL), OutboundMessage.text("hello"))
    assert caught.value.global_limit
    assert caught.value.retry_after == 90


async def test_a_hostile_title_reaches_discord_escaped_with_mentions_off(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    title = "@everyone <@&123456789012345678> **bold** @here"
    await adapter.send(Target("discord", channel=CHANNEL), message_of(review(title=title)))
    (body,) = _posted(fake, CHANNEL)
    check_payload(body.get("content"), body["embeds"])
    assert body["allowed_mentions"] == {"parse": []}
    assert body["embeds"][0]["title"].startswith("@\u200beveryone")
    assert r"\*\*bold\*\*" in body["embeds"][0]["title"]


@pytest.mark.parametrize(("status", "words"), [(403, "no access"), (404, "not found")])
async def test_a_forbidden_or_missing_channel_is_permanent_and_not_retried(
    fake: FakeDiscord, adapter: DiscordAdapter, status: int, words: str
) -> None:
    fake.channel_errors["123"] = status
    with pytest.raises(SendError) as caught:
        await adapter.send(Target("discord", channel="123"), OutboundMessage.text("hello"))
    assert caught.value.permanent
    assert words in caught.value.reason
    assert len(fake.calls("POST", "/channels/123/messages")) == 1


async def test_the_same_idempotency_key_never_posts_twice_and_find_sent_finds_it(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    target = Target("discord", channel=CHANNEL)
    first = await adapter.send(target, OutboundMessage.text("once"), idempotency_key="post:x")
    second = await adapter.send(target, OutboundMessage.text("once"), idempotency_key="post:x")
    assert first == second
    assert len(fake.messages[CHANNEL]) == 1
    assert await adapter.find_sent(target, "post:x") == first
    assert await adapter.find_sent(target, "post:never") is None
    nonces = {body["nonce"] for body in _posted(fake, CHANNEL)}
    assert len(nonces) == 1
    assert len(nonces.pop()) <= 25


async def test_find_sent_recognises_a_post_by_its_marked_link_when_history_has_no_nonce(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    target = Target("discord", channel=CHANNEL)
    ref = await adapter.send(target, message_of(review()), idempotency_key="post:2405.03003")
    for stored in fake.messages[CHANNEL]:
        stored["nonce"] = None  # real Discord returns the nonce only on creation
    (body,) = _posted(fake, CHANNEL)
    assert body["embeds"][0]["url"].startswith("https://arxiv.org/abs/2405.03003#pb")
    assert await adapter.find_sent(target, "post:2405.03003") == ref
    assert await adapter.find_sent(target, "post:other") is None


async def test_a_review_too_long_for_one_message_is_sent_as_several(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    ref = await adapter.send(
        Target("discord", channel=CHANNEL),
        message_of(review(section_chars=9000)),
        idempotency_key="long",
    )
    bodies = _posted(fake, CHANNEL)
    assert len(bodies) >= 2
    assert len({b["nonce"] for b in bodies}) == len(bodies)
    for body in bodies:
        check_payload(body.get("content"), body["embeds"])
    assert ref.message_id == fake.messages[CHANNEL][0]["id"]


async def test_a_rejected_token_is_a_permanent_send_error_that_names_the_variable(
    fake: FakeDiscord,
) -> None:
    adapter = DiscordAdapter(
        "discord",
        AdapterConfig(api_url=fake.api_url),
        Secrets(discord_token=SecretStr("wrong-token")),
    )
    with pytest.raises(SendError) as caught:
        await adapter.send(Target("discord", channel=CHANNEL), OutboundMessage.text("x"))
    assert caught.value.permanent
    assert "DISCORD_TOKEN" in caught.value.reason
    assert "wrong-token" not in caught.value.reason


async def test_a_target_that_is_not_a_discord_id_is_a_permanent_error(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    with pytest.raises(SendError) as caught:
        await adapter.send(Target("discord", user="alice"), OutboundMessage.text("x"))
    assert caught.value.permanent
    assert not fake.calls("POST", "/users/@me/channels")
