"""Votes from Discord's buttons: discord.py against the fake gateway and REST server,
MESSAGE_COMPONENT interactions, the real dispatcher over a real SQLite store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from adapters.discord import DiscordAdapter
from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from bot.feedback.model import Vote, channel_key
from bot.model import Owner, message_to_dict
from bot.ports import Target
from bot.presentation import post_message, post_view
from bot.ranking.post import with_feedback
from storage import SqlStore
from storage.base import DeliveryKind, NewDelivery
from tests.commands.conftest import CORPUS, NOW
from tests.discord import payloads as p
from tests.discord.conftest import (  # noqa: F401  (fixtures)
    _restore_discord_endpoints,
    clock,
    fake,
    make_adapter,
)
from tests.discord.fake import FakeDiscord
from tests.feedback.test_buttons import review_of

READER = Owner("discord", str(p.GUILD_ID), str(p.USER_ID))
HERE = channel_key("discord", str(p.GUILD_ID), str(p.CHANNEL_ID))


@pytest.fixture
async def adapter(
    make_adapter: Callable[..., DiscordAdapter],  # noqa: F811
    sqlite_store: SqlStore,
    clock: FrozenClock,  # noqa: F811
) -> AsyncIterator[DiscordAdapter]:
    await sqlite_store.upsert_papers(list(CORPUS), NOW)
    deps = CommandDeps(store=sqlite_store, clock=clock, config=Config(), feedback=sqlite_store)
    started = make_adapter()
    await started.start(Dispatcher(deps))
    try:
        yield started
    finally:
        await started.stop()


async def _click(server: FakeDiscord, number: int, custom_id: str) -> str:
    await server.dispatch("INTERACTION_CREATE", p.component(number, f"token-{number}", custom_id))
    callback = await server.next_callback()
    assert callback.body["data"]["flags"] & 64  # ephemeral: only the voter sees it
    text: str = callback.body["data"]["embeds"][0]["description"]
    return text


async def test_vote_buttons_store_one_vote_per_reader(
    fake: FakeDiscord,  # noqa: F811
    adapter: DiscordAdapter,
    sqlite_store: SqlStore,
) -> None:
    assert "you like 2503.00002" in await _click(fake, 801, "paperboy:like:2503.00002")
    again = await _click(fake, 802, "paperboy:dislike:2503.00002")
    assert "was 👍" in again
    assert "0 👍 · 1 👎" in again
    (vote,) = await sqlite_store.reader_votes(READER)
    assert (vote.channel, vote.paper_id, vote.vote) == (HERE, "2503.00002", Vote.DISLIKE)
    assert "Saved 2503.00002" in await _click(fake, 803, "paperboy:save:2503.00002")
    assert await sqlite_store.saved_papers(READER) == ["2503.00002"]
    unknown = await _click(fake, 804, "paperboy:like:2401.99999")
    assert "2401.99999 is not stored here" in unknown


def _reaction(emoji: str, message_id: str, *, author: int = p.BOT_ID) -> dict[str, Any]:
    """MESSAGE_REACTION_ADD as the gateway sends it."""
    return {
        "user_id": str(p.USER_ID), "channel_id": str(p.CHANNEL_ID), "message_id": message_id,
        "guild_id": str(p.GUILD_ID), "message_author_id": str(author),
        "emoji": {"id": None, "name": emoji}, "burst": False, "type": 0,
        "member": p.interaction(1, "t", "help")["member"],
    }  # fmt: skip


async def _until(store: SqlStore, expected: list[tuple[str, Vote]]) -> None:
    """Gateway events are handled in order on the adapter's loop: wait (bounded) until
    the votes are `expected`."""
    found: list[tuple[str, Vote]] = []
    for _ in range(500):
        found = [(v.paper_id, v.vote) for v in await store.reader_votes(READER)]
        if found == expected:
            return
        await asyncio.sleep(0.01)
    assert found == expected


async def test_thumbs_reactions_on_a_post_are_votes(
    fake: FakeDiscord,  # noqa: F811
    adapter: DiscordAdapter,
    sqlite_store: SqlStore,
) -> None:
    item = NewDelivery(key="post:discord:C:2503.00003", adapter="discord",
                       channel=str(p.CHANNEL_ID), kind=DeliveryKind.POST, payload={},
                       paper_id="2503.00003")  # fmt: skip
    await sqlite_store.enqueue([item], NOW)
    (claimed,) = await sqlite_store.claim("w1", NOW)
    await sqlite_store.mark_sent(claimed.id, "960000000000000042", NOW)
    post = "960000000000000042"
    await fake.dispatch("MESSAGE_REACTION_ADD", _reaction("👍🏽", post))
    await _until(sqlite_store, [("2503.00003", Vote.LIKE)])
    # someone else's message, another emoji, a bot message that is no post: no vote; the
    # dislike after them is handled after them, so once it is seen they were ignored
    await fake.dispatch("MESSAGE_REACTION_ADD", _reaction("👎", "960000000000000043", author=5))
    await fake.dispatch("MESSAGE_REACTION_ADD", _reaction("🎉", post))
    await fake.dispatch("MESSAGE_REACTION_ADD", _reaction("👎", "960000000000000044"))
    await fake.dispatch("MESSAGE_REACTION_ADD", _reaction("👎", post))
    await _until(sqlite_store, [("2503.00003", Vote.DISLIKE)])


async def test_removing_a_thumb_removes_its_vote(
    fake: FakeDiscord,  # noqa: F811
    adapter: DiscordAdapter,
    sqlite_store: SqlStore,
) -> None:
    item = NewDelivery(key="post:discord:C:2503.00003", adapter="discord",
                       channel=str(p.CHANNEL_ID), kind=DeliveryKind.POST, payload={},
                       paper_id="2503.00003")  # fmt: skip
    await sqlite_store.enqueue([item], NOW)
    (claimed,) = await sqlite_store.claim("w1", NOW)
    post = "960000000000000042"
    await sqlite_store.mark_sent(claimed.id, post, NOW)
    await fake.dispatch("MESSAGE_REACTION_ADD", _reaction("👍", post))
    await _until(sqlite_store, [("2503.00003", Vote.LIKE)])
    removal = {k: v for k, v in _reaction("👍", post).items() if k != "message_author_id"}
    removal.pop("member")  # MESSAGE_REACTION_REMOVE carries neither
    await fake.dispatch("MESSAGE_REACTION_REMOVE", removal)
    await _until(sqlite_store, [])
    # a removed 👍 after a 👎 leaves the 👎
    await fake.dispatch("MESSAGE_REACTION_ADD", _reaction("👎", post))
    await fake.dispatch("MESSAGE_REACTION_REMOVE", removal)
    await fake.dispatch("MESSAGE_REACTION_ADD", _reaction("🎉", post))
    await _until(sqlite_store, [("2503.00003", Vote.DISLIKE)])


async def test_an_export_is_a_file_on_the_answer(
    fake: FakeDiscord,  # noqa: F811
    adapter: DiscordAdapter,
    sqlite_store: SqlStore,
) -> None:
    for paper_id in ("2503.00002", "2503.00004"):
        await sqlite_store.save_paper(READER, paper_id, NOW)
    payload = p.interaction(811, "token-811", "export", {"format": "ris"})
    await fake.dispatch("INTERACTION_CREATE", payload)
    callback = await fake.next_callback()
    assert callback.body["data"]["flags"] & 64  # ephemeral, the file with it
    assert (
        "2 saved paper(s) as saved-papers.ris" in callback.body["data"]["embeds"][0]["description"]
    )
    (sent,) = callback.files  # discord.File, through discord.py's multipart upload
    assert sent.filename == "saved-papers.ris"
    text = sent.content.decode()
    assert text.count("TY  - ") == 2
    assert "AN  - arXiv:2503.00004" in text
    assert [a["filename"] for a in callback.body["data"]["attachments"]] == ["saved-papers.ris"]


async def _sent_post(adapter: DiscordAdapter, store: SqlStore) -> str:
    """A daily post of 2503.00002 (with its vote buttons) sent through the adapter and
    recorded in the outbox as the delivery loop records it; returns its message id."""
    message = with_feedback(post_message(post_view(review_of("2503.00002"))), None)
    ref = await adapter.send(Target("discord", channel=str(p.CHANNEL_ID)), message)
    item = NewDelivery(key="post:discord:C:2503.00002", adapter="discord",
                       channel=str(p.CHANNEL_ID), kind=DeliveryKind.POST,
                       payload=message_to_dict(message), paper_id="2503.00002")  # fmt: skip
    await store.enqueue([item], NOW)
    (claimed,) = await store.claim("w1", NOW)
    await store.mark_sent(claimed.id, ref.message_id, NOW)
    return ref.message_id


async def _footer_after(server: FakeDiscord, edits: int, message_id: str) -> str:
    for _ in range(500):  # gateway events are handled on the adapter's loop: bounded wait
        if len(server.message_edits) >= edits:
            break
        await asyncio.sleep(0.01)
    assert server.message_edits[-1] == (str(p.CHANNEL_ID), message_id)
    (post,) = [m for m in server.messages[str(p.CHANNEL_ID)] if m["id"] == message_id]
    assert post["components"], "the post keeps its buttons"
    footer: str = post["embeds"][-1]["footer"]["text"]
    return footer


async def test_a_vote_shows_the_channels_counts_on_the_post(
    fake: FakeDiscord,  # noqa: F811
    adapter: DiscordAdapter,
    sqlite_store: SqlStore,
) -> None:
    post = await _sent_post(adapter, sqlite_store)
    await fake.dispatch("MESSAGE_REACTION_ADD", _reaction("👍", post))
    assert (await _footer_after(fake, 1, post)).endswith("👍 1 · 👎 0")
    click = p.component(821, "token-821", "paperboy:dislike:2503.00002")
    click["message"]["id"] = post  # the vote button on that post
    await fake.dispatch("INTERACTION_CREATE", click)
    assert (
        "you dislike 2503.00002"
        in (await fake.next_callback()).body["data"]["embeds"][0]["description"]
    )
    assert (await _footer_after(fake, 2, post)).endswith("👍 0 · 👎 1")


async def test_a_vote_button_in_a_dm_digest_is_kept_for_the_reader(
    fake: FakeDiscord,  # noqa: F811
    adapter: DiscordAdapter,
    sqlite_store: SqlStore,
) -> None:
    dm = "970000000000000001"
    click = p.component(831, "token-831", "paperboy:like:2503.00004")
    for key in ("guild_id", "member", "authorizing_integration_owners"):
        click.pop(key)
    click["user"] = p.user(p.USER_ID, "reader")
    click["channel"] = {"id": dm, "type": 1, "recipients": [click["user"]]}
    click["channel_id"], click["context"] = dm, 1
    click["message"]["channel_id"] = dm
    await fake.dispatch("INTERACTION_CREATE", click)
    answer = (await fake.next_callback()).body["data"]["embeds"][0]["description"]
    assert "you like 2503.00004" in answer
    dm_reader = Owner("discord", "", str(p.USER_ID))  # a DM has no server
    (vote,) = await sqlite_store.reader_votes(dm_reader)
    assert (vote.channel, vote.paper_id) == (channel_key("discord", "", dm), "2503.00004")
    assert fake.message_edits == []  # a digest is no post: nothing to show counts on
