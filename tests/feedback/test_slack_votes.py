"""Votes from Slack's buttons: the real bolt app in HTTP mode, signed block_actions
payloads, the real dispatcher over a real SQLite store; answers through the fake
Slack's response_url."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from adapters.slack import SlackAdapter
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
from tests.feedback.test_buttons import review_of
from tests.slack.conftest import TinyCore, clock, fake, make_adapter, sleeps  # noqa: F401
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.payloads import button_click
from tests.slack.test_http_mode import Server

ALICE = Owner("slack", TEAM, "U0ALICE")
GENERAL = channel_key("slack", TEAM, "C0GENERAL")


@pytest.fixture
async def server(
    fake: FakeSlack,  # noqa: F811
    make_adapter: Callable[..., SlackAdapter],  # noqa: F811
    sqlite_store: SqlStore,
    clock: FrozenClock,  # noqa: F811
) -> AsyncIterator[Server]:
    fake.add_user("U0ALICE", tz="Europe/Berlin")
    await sqlite_store.upsert_papers(list(CORPUS), NOW)
    deps = CommandDeps(store=sqlite_store, clock=clock, config=Config(), feedback=sqlite_store)
    adapter = make_adapter(mode="http", host="127.0.0.1", port=0)
    await adapter.start(Dispatcher(deps))
    try:
        yield Server(adapter, fake, TinyCore())
    finally:
        await adapter.stop()


async def _click(server: Server, action: str, value: str, rid: str) -> dict[str, Any]:
    before = len(server.fake.responses)
    click = button_click(f"paperboy:{action}:3", value, response_url=server.fake.response_url(rid))
    status, _ = await server.interact(click)
    assert status == 200
    return (await server.responses(before + 1))[-1]


async def test_like_dislike_and_save_buttons(server: Server, sqlite_store: SqlStore) -> None:
    liked = await _click(server, "like", "2503.00001", "r1")
    assert "you like 2503.00001" in liked["text"]
    assert liked["response_type"] == "ephemeral"
    assert liked["replace_original"] is False  # the post clicked on stays as it was
    changed = await _click(server, "dislike", "2503.00001", "r2")
    assert "was 👍" in changed["text"]
    (vote,) = await sqlite_store.reader_votes(ALICE)
    assert (vote.channel, vote.paper_id, vote.vote) == (GENERAL, "2503.00001", Vote.DISLIKE)
    saved = await _click(server, "save", "2503.00002", "r3")
    assert "Saved 2503.00002" in saved["text"]
    assert await sqlite_store.saved_papers(ALICE) == ["2503.00002"]


async def test_a_button_for_a_paper_no_longer_stored_says_so(
    server: Server, sqlite_store: SqlStore
) -> None:
    answer = await _click(server, "like", "2401.99999", "r1")
    assert "2401.99999 is not stored here" in answer["text"]
    assert await sqlite_store.reader_votes(ALICE) == []


def _reaction(name: str, ts: str, user: str = "U0ALICE") -> dict[str, Any]:
    """A reaction_added event as the Events API delivers it."""
    return {
        "token": "legacy-unused", "team_id": TEAM, "api_app_id": "A0001",
        "type": "event_callback", "event_id": f"Ev{ts}{name}", "event_time": 1700000000,
        "event": {
            "type": "reaction_added", "user": user, "reaction": name,
            "item": {"type": "message", "channel": "C0GENERAL", "ts": ts},
            "item_user": "U0BOT", "event_ts": "1700000001.000200",
        },
    }  # fmt: skip


async def _posted(store: SqlStore, paper_id: str, ts: str) -> None:
    """A post of `paper_id` sent to #general as Slack message `ts` (the outbox's record)."""
    item = NewDelivery(key=f"post:slack:C0GENERAL:{paper_id}", adapter="slack",
                       channel="C0GENERAL", kind=DeliveryKind.POST, payload={},
                       paper_id=paper_id)  # fmt: skip
    await store.enqueue([item], NOW)
    (claimed,) = await store.claim("w1", NOW)
    await store.mark_sent(claimed.id, ts, NOW)


async def _ephemeral(server: Server, count: int) -> str:
    await server.fake.wait_for(lambda: len(server.fake.calls_to("chat.postEphemeral")) >= count)
    call = server.fake.calls_to("chat.postEphemeral")[count - 1]
    assert (call.params["channel"], call.params["user"]) == ("C0GENERAL", "U0ALICE")
    text: str = call.params["text"]
    return text


async def test_thumbs_reactions_on_a_post_are_votes(server: Server, sqlite_store: SqlStore) -> None:
    await _posted(sqlite_store, "2503.00002", "1700000000.000100")
    status, _ = await server.event(_reaction("+1::skin-tone-3", "1700000000.000100"))
    assert status == 200
    assert "you like 2503.00002" in await _ephemeral(server, 1)
    await server.event(_reaction("-1", "1700000000.000100"))
    assert "was 👍" in await _ephemeral(server, 2)
    (vote,) = await sqlite_store.reader_votes(ALICE)
    assert (vote.paper_id, vote.vote) == ("2503.00002", Vote.DISLIKE)
    await server.event(_reaction("tada", "1700000000.000100"))  # not a vote: ignored
    await server.event(_reaction("+1", "1699999999.000001"))  # a message that is no post
    gone = await _ephemeral(server, 3)
    assert "not one of the paper posts I know" in gone
    assert "`/paper like 2403.17887`" in gone
    assert len(await sqlite_store.reader_votes(ALICE)) == 1


async def test_forget_me_asks_with_a_button_that_deletes(
    server: Server, sqlite_store: SqlStore
) -> None:
    await _click(server, "save", "2503.00002", "r1")
    status, _ = await server.command("forget me", rid="r2")
    assert status == 200
    asked = (await server.responses(2))[-1]
    buttons = [e for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]]
    (button,) = [b for b in buttons if b.get("value") == "me confirm"]
    assert button["text"]["text"] == "Delete everything about me"
    assert await sqlite_store.saved_papers(ALICE) == ["2503.00002"]  # asked, not deleted
    click = button_click(button["action_id"], button["value"],
                         response_url=server.fake.response_url("r3"))  # fmt: skip
    await server.interact(click)
    done = (await server.responses(3))[-1]
    assert "1 saved paper(s)" in done["text"]
    assert await sqlite_store.saved_papers(ALICE) == []


def _removed(name: str, ts: str) -> dict[str, Any]:
    """The reaction_removed event of `_reaction`."""
    event = _reaction(name, ts)
    event["event"] = {**event["event"], "type": "reaction_removed"}
    event["event_id"] = f"Ev{ts}{name}removed"
    return event


async def test_removing_a_reaction_removes_its_vote(server: Server, sqlite_store: SqlStore) -> None:
    await _posted(sqlite_store, "2503.00002", "1700000000.000100")
    await server.event(_reaction("+1", "1700000000.000100"))
    assert "you like 2503.00002" in await _ephemeral(server, 1)
    status, _ = await server.event(_removed("+1", "1700000000.000100"))
    assert status == 200
    answer = await _ephemeral(server, 2)
    assert "Removed your 👍 vote on 2503.00002" in answer
    assert "0 👍 · 0 👎" in answer
    assert await sqlite_store.reader_votes(ALICE) == []
    # a 👎 given after a 👍 stays when the old 👍 reaction is removed (bolt answers an
    # event before handling it: each answer is awaited to keep the order)
    await server.event(_reaction("+1", "1700000000.000100"))
    await _ephemeral(server, 3)
    await server.event(_reaction("-1", "1700000000.000100"))
    await _ephemeral(server, 4)
    await server.event(_removed("+1", "1700000000.000100"))
    assert "no 👍 vote on 2503.00002" in await _ephemeral(server, 5)
    (vote,) = await sqlite_store.reader_votes(ALICE)
    assert vote.vote is Vote.DISLIKE


async def test_an_export_is_a_file_in_the_readers_dm(
    server: Server, sqlite_store: SqlStore
) -> None:
    await sqlite_store.save_paper(ALICE, "2503.00002", NOW)
    status, _ = await server.command("export bibtex", rid="r1")
    assert status == 200
    assert (
        "1 saved paper(s) as saved-papers.bib, attached" in (await server.responses(1))[-1]["text"]
    )
    await server.fake.wait_for(lambda: any(f.channel for f in server.fake.files.values()))
    (upload,) = server.fake.files.values()  # through files_upload_v2's three steps
    # only the reader sees it: in their DM with the app
    assert (upload.filename, upload.channel) == ("saved-papers.bib", "DU0ALICE")
    assert upload.title == "saved-papers.bib"
    assert upload.content is not None
    text = upload.content.decode()
    assert text.startswith("@misc{gu2025_250300002,\n")
    assert "  eprint = {2503.00002},\n  archivePrefix = {arXiv}," in text


async def test_an_export_whose_upload_fails_says_so(server: Server, sqlite_store: SqlStore) -> None:
    await sqlite_store.save_paper(ALICE, "2503.00002", NOW)
    server.fake.fail("files.getUploadURLExternal", "not_allowed_token_type")
    await server.command("export ris", rid="r1")
    answers = await server.responses(2)
    assert answers[-1]["text"] == (
        "The file saved-papers.ris could not be sent (not_allowed_token_type)."
    )
    assert answers[-1]["response_type"] == "ephemeral"
    assert not any(f.channel for f in server.fake.files.values())


async def _sent_post(server: Server, store: SqlStore, paper_id: str) -> str:
    """A daily post of `paper_id` (with its vote buttons) sent to #general through the
    adapter, recorded in the outbox as the delivery loop records it; returns its ts."""
    message = with_feedback(post_message(post_view(review_of(paper_id))), None)
    ref = await server.adapter.send(Target("slack", channel="C0GENERAL"), message)
    item = NewDelivery(key=f"post:slack:C0GENERAL:{paper_id}", adapter="slack",
                       channel="C0GENERAL", kind=DeliveryKind.POST,
                       payload=message_to_dict(message), paper_id=paper_id)  # fmt: skip
    await store.enqueue([item], NOW)
    (claimed,) = await store.claim("w1", NOW)
    await store.mark_sent(claimed.id, ref.message_id, NOW)
    return ref.message_id


def _shown(server: Server, ts: str) -> str:
    (message,) = [m for m in server.fake.messages if m.ts == ts]
    return json.dumps(message.blocks, ensure_ascii=False)


async def test_a_vote_shows_the_channels_counts_on_the_post(
    server: Server, sqlite_store: SqlStore
) -> None:
    ts = await _sent_post(server, sqlite_store, "2503.00002")
    assert "👍 0" not in _shown(server, ts)  # no counts before a vote
    await server.event(_reaction("+1", ts))
    await server.fake.wait_for(lambda: len(server.fake.updates) >= 1)
    assert server.fake.updates == [("C0GENERAL", ts)]
    assert "👍 1 · 👎 0" in _shown(server, ts)
    assert "👍 More like this" in _shown(server, ts)  # still the post, buttons and all
    # a vote button on the post: Slack names the message clicked in `container`
    click = button_click("paperboy:dislike:3", "2503.00002",
                         response_url=server.fake.response_url("r1"))  # fmt: skip
    click["container"] = {"type": "message", "message_ts": ts, "channel_id": "C0GENERAL"}
    await server.interact(click)
    await server.fake.wait_for(lambda: len(server.fake.updates) >= 2)
    assert "👍 0 · 👎 1" in _shown(server, ts)
    await server.event(_removed("-1", ts))
    await server.fake.wait_for(lambda: len(server.fake.updates) >= 3)
    assert "👍 0 · 👎 0" in _shown(server, ts)
