"""A question in the thread of a paper's post on Slack: the real Slack adapter (HTTP mode,
signed requests) in front of the real dispatcher and Asker, against the fake Slack Web API
on 127.0.0.1. The mention is answered in the thread, from the paper the post carries."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from adapters.slack import SlackAdapter
from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from bot.model import OutboundMessage, message_to_dict
from bot.ports import Target
from storage import SqlStore
from storage.records import DeliveryKind, NewDelivery, delivery_key
from tests.ask.conftest import CAM_ID, MakeAsker
from tests.slack.conftest import SIGNING_SECRET, fake, make_adapter, sleeps
from tests.slack.fake_slack import BOT_USER, TEAM, FakeSlack
from tests.slack.payloads import signed

__all__ = ["fake", "make_adapter", "sleeps"]  # the Slack tests' fixtures
CHANNEL = "C0GENERAL"


@pytest.fixture
async def adapter(
    fake: FakeSlack,
    make_adapter: Callable[..., SlackAdapter],
    papers: SqlStore,
    clock: FrozenClock,
    make_asker: MakeAsker,
) -> AsyncIterator[SlackAdapter]:
    fake.add_user("U0ALICE")
    deps = CommandDeps(store=papers, clock=clock, config=Config(), asker=make_asker())
    started = make_adapter(mode="http", host="127.0.0.1", port=0)
    await started.start(Dispatcher(deps))
    try:
        yield started
    finally:
        await started.stop()


async def post_paper(adapter: SlackAdapter, papers: SqlStore, clock: FrozenClock) -> str:
    """The paper's daily post, sent and recorded in the outbox as the sender does."""
    message = OutboundMessage.text("CAM: a collection of snapshots of GitHub Java repositories")
    key = delivery_key(DeliveryKind.POST, f"slack:{CHANNEL}", CAM_ID)
    await papers.enqueue(
        [
            NewDelivery(
                key, "slack", CHANNEL, DeliveryKind.POST, message_to_dict(message), paper_id=CAM_ID
            )
        ],
        clock.now(),
    )
    sent = await adapter.send(Target("slack", CHANNEL), message)
    delivery = await papers.get_delivery(key)
    assert delivery is not None
    await papers.mark_sent(delivery.id, sent.message_id, clock.now())
    return sent.message_id


async def mention(adapter: SlackAdapter, text: str, thread: str | None) -> None:
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": "U0ALICE",
        "text": text,
        "channel": CHANNEL,
        "ts": "1700000500.000001",
        "event_ts": "1700000500.000001",
    }
    if thread is not None:
        event["thread_ts"] = thread
    body = json.dumps(
        {"team_id": TEAM, "api_app_id": "A0001", "type": "event_callback", "event": event}
    )
    headers = signed(body, SIGNING_SECRET, content_type="application/json")
    url = f"http://127.0.0.1:{adapter.http_port}/slack/events"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as r,
    ):
        assert r.status == 200


async def test_a_mention_in_a_posts_thread_is_answered_in_the_thread_from_that_paper(
    adapter: SlackAdapter, fake: FakeSlack, papers: SqlStore, clock: FrozenClock
) -> None:
    ts = await post_paper(adapter, papers, clock)
    await mention(adapter, f"<@{BOT_USER}> How big is the latest archive? <!everyone>", ts)
    await fake.wait_for(lambda: len(fake.calls_to("chat.postMessage")) == 2)
    answer = fake.calls_to("chat.postMessage")[1].params
    assert answer["thread_ts"] == ts
    assert f"https://arxiv.org/html/{CAM_ID}v1#S2.p3" in answer["text"]
    assert "2.2Gb" in answer["text"]
    assert "<!everyone>" not in json.dumps(answer)  # the question is echoed, inert


async def test_a_mention_outside_a_thread_without_an_id_is_told_privately_what_to_add(
    adapter: SlackAdapter, fake: FakeSlack
) -> None:
    await mention(adapter, f"<@{BOT_USER}> how big is the archive?", None)
    await fake.wait_for(lambda: bool(fake.calls_to("chat.postEphemeral")))
    told = fake.calls_to("chat.postEphemeral")[0].params
    assert told["user"] == "U0ALICE"
    assert "'how' is not an arXiv id" in told["text"]
    assert fake.calls_to("chat.postMessage") == []
