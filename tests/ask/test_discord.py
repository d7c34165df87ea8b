"""`/paper ask` on Discord as real interactions through the fake gateway into the real
discord.py client, answered by the real dispatcher and Asker: inside the thread of a
paper's post the paper is implied and the answer is shown in the thread; outside a thread
the answer is ephemeral."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from adapters.discord import DiscordAdapter
from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from bot.model import OutboundMessage, message_to_dict
from bot.ports import Target
from storage import SqlStore
from storage.records import DeliveryKind, NewDelivery, delivery_key
from tests.ask.conftest import CAM_ID, MakeAsker
from tests.discord import payloads as p
from tests.discord.conftest import _restore_discord_endpoints, fake, make_adapter
from tests.discord.fake import Callback, FakeDiscord
from tests.discord.limits import texts

__all__ = ["_restore_discord_endpoints", "fake", "make_adapter"]  # the Discord tests' fixtures
EPHEMERAL = 64
CHANNEL = str(p.CHANNEL_ID)
_ids = itertools.count(9000)


@pytest.fixture
async def running(
    make_adapter: Callable[..., DiscordAdapter],
    papers: SqlStore,
    clock: FrozenClock,
    make_asker: MakeAsker,
) -> AsyncIterator[DiscordAdapter]:
    adapter = make_adapter()
    deps = CommandDeps(store=papers, clock=clock, config=Config(), asker=make_asker())
    await adapter.start(Dispatcher(deps))
    yield adapter
    await adapter.stop()


def thread_channel(thread_id: str) -> dict[str, Any]:
    return {
        "id": thread_id,
        "type": 11,  # PUBLIC_THREAD
        "guild_id": str(p.GUILD_ID),
        "parent_id": CHANNEL,
        "owner_id": str(p.APP_ID),
        "name": "CAM",
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "flags": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": "2026-03-04T10:00:00+00:00",
            "locked": False,
        },
    }


async def ask(fake: FakeDiscord, question: str, *, thread: str | None = None) -> dict[str, Any]:
    number = next(_ids)
    payload = p.interaction(number, f"token-{number}", "ask", {"question": question})
    if thread is not None:
        payload["channel_id"], payload["channel"] = thread, thread_channel(thread)
    await fake.dispatch("INTERACTION_CREATE", payload)
    callback: Callback = await fake.next_callback()
    assert callback.interaction_id == str(number)
    assert callback.body["type"] == 4  # CHANNEL_MESSAGE_WITH_SOURCE
    data: dict[str, Any] = callback.body["data"]
    assert data["allowed_mentions"] == {"parse": []}
    return data


def shown(data: dict[str, Any]) -> str:
    return "\n".join(
        [data.get("content") or ""] + [t for e in data.get("embeds", []) for t in texts(e)]
    )


async def test_ask_inside_a_posts_thread_answers_in_the_thread_from_that_paper(
    fake: FakeDiscord, running: DiscordAdapter, papers: SqlStore, clock: FrozenClock
) -> None:
    message = OutboundMessage.text("CAM: a collection of snapshots of GitHub Java repositories")
    key = delivery_key(DeliveryKind.POST, f"discord:{CHANNEL}", CAM_ID)
    await papers.enqueue(
        [
            NewDelivery(
                key,
                "discord",
                CHANNEL,
                DeliveryKind.POST,
                message_to_dict(message),
                paper_id=CAM_ID,
            )
        ],
        clock.now(),
    )
    sent = await running.send(Target("discord", CHANNEL), message)
    delivery = await papers.get_delivery(key)
    assert delivery is not None
    await papers.mark_sent(delivery.id, sent.message_id, clock.now())
    # a thread started from the post has the post's id
    data = await ask(fake, "How big is the latest archive?", thread=sent.message_id)
    assert not data.get("flags", 0) & EPHEMERAL
    text = shown(data)
    assert f"https://arxiv.org/html/{CAM_ID}v1#S2.p3" in text
    assert "2.2Gb" in text


async def test_ask_outside_a_thread_needs_the_id_and_answers_only_the_asker(
    fake: FakeDiscord, running: DiscordAdapter
) -> None:
    data = await ask(fake, f"{CAM_ID} how many repositories are fetched?")
    assert data.get("flags", 0) & EPHEMERAL
    assert f"https://arxiv.org/html/{CAM_ID}v1#S2.p2" in shown(data)
    refused = await ask(fake, "how many repositories are fetched?")
    assert refused.get("flags", 0) & EPHEMERAL
    assert "'how' is not an arXiv id" in shown(refused)
