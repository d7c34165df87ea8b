"""`/paper` subcommands as real interactions through the gateway, answered by the real core."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from adapters.discord import DiscordAdapter, DiscordConnectError
from adapters.discord.commands import NOT_ADMIN
from bot.commands import Dispatcher
from bot.commands.dispatcher import COMMANDS
from bot.model import CommandInvocation, CommandReply, OutboundMessage
from bot.ports import SendError, Target
from tests.discord import payloads as p
from tests.discord.conftest import RecordingHandler
from tests.discord.fake import Callback, FakeDiscord
from tests.discord.limits import check_payload, texts
from tests.discord.samples import message_of, review

EPHEMERAL = 64
_ids = itertools.count(1)


async def interact(
    fake: FakeDiscord, subcommand: str, options: dict[str, Any] | None = None, **kwargs: Any
) -> Callback:
    number = next(_ids)
    payload = p.interaction(number, f"token-{number}", subcommand, options, **kwargs)
    await fake.dispatch("INTERACTION_CREATE", payload)
    callback = await fake.next_callback()
    assert callback.interaction_id == str(number)
    return callback


def shown(body: dict[str, Any]) -> str:
    data = body.get("data", body)
    return "\n".join(
        [data.get("content") or ""] + [t for e in data.get("embeds", []) for t in texts(e)]
    )


@pytest.fixture
async def running(
    fake: FakeDiscord, make_adapter: Callable[..., DiscordAdapter], dispatcher: Dispatcher
) -> AsyncIterator[DiscordAdapter]:
    adapter = make_adapter()
    await adapter.start(dispatcher)
    yield adapter
    await adapter.stop()


def _answer(callback: Callback, *, ephemeral: bool = True) -> str:
    assert callback.body["type"] == 4, "CHANNEL_MESSAGE_WITH_SOURCE"
    data = callback.body["data"]
    assert data["allowed_mentions"] == {"parse": []}
    assert bool(data.get("flags", 0) & EPHEMERAL) is ephemeral
    check_payload(data.get("content"), data.get("embeds", []))
    return shown(callback.body)


@pytest.mark.parametrize(
    ("subcommand", "options", "expected"),
    [
        ("search", {"query": "diffusion"}, "Diffusion Models for Video Generation"),
        ("search", {"query": "zzzunknownword"}, "No papers"),
        ("show", {"paper": "2511.00002"}, "State Space Models Beat Attention"),
        ("show", {"paper": "not-an-id"}, "arXiv"),
        ("today", {}, "Diffusion Models"),
        ("status", {}, "arxiv-ml"),
        ("help", {}, "/paper subscribe"),
        ("subscriptions", {}, "no topics"),
    ],
)
async def test_each_read_only_subcommand_is_answered_by_the_core(
    fake: FakeDiscord,
    running: DiscordAdapter,
    dispatcher: Dispatcher,
    subcommand: str,
    options: dict[str, Any],
    expected: str,
) -> None:
    callback = await interact(fake, subcommand, options)
    same = CommandInvocation(
        "discord", str(p.GUILD_ID), str(p.CHANNEL_ID), str(p.USER_ID), False, subcommand,
        " ".join(str(v) for v in options.values()),
    )  # fmt: skip
    core = await dispatcher(same)
    text = _answer(callback, ephemeral=core.ephemeral)
    assert expected.lower() in text.lower()


async def test_subscribe_list_autocomplete_and_unsubscribe_round_trip(
    fake: FakeDiscord, running: DiscordAdapter
) -> None:
    subscribed = _answer(
        await interact(fake, "subscribe", {"topic": "diffusion video", "mode": "instant"})
    )
    assert "diffusion video" in subscribed.lower()
    listed = _answer(await interact(fake, "subscriptions"))
    assert "instant" in listed.lower()

    suggestion = await interact(fake, "unsubscribe", {"topic": "diff"}, kind=4, focused="topic")
    assert suggestion.body["type"] == 8, "APPLICATION_COMMAND_AUTOCOMPLETE_RESULT"
    (choice,) = suggestion.body["data"]["choices"]
    assert "diffusion video" in choice["name"]

    removed = _answer(await interact(fake, "unsubscribe", {"topic": choice["value"]}))
    assert "diffusion video" in removed.lower()
    assert "no topics" in _answer(await interact(fake, "subscriptions")).lower()


async def test_category_autocomplete_suggests_at_most_25_categories(
    fake: FakeDiscord, running: DiscordAdapter
) -> None:
    callback = await interact(
        fake, "settings", {"categories": "cs."}, kind=4, focused="categories", admin=True
    )
    choices = callback.body["data"]["choices"]
    assert 0 < len(choices) <= 25
    assert all(c["value"].startswith("cs.") for c in choices)


async def test_settings_saves_for_a_manage_channels_member_and_refuses_others(
    fake: FakeDiscord, running: DiscordAdapter
) -> None:
    refused = await interact(fake, "settings", {"time": "08:30"})
    assert NOT_ADMIN in _answer(refused)
    saved = await interact(
        fake, "settings", {"time": "08:30", "top": 3, "paused": True}, admin=True
    )
    text = _answer(saved, ephemeral=False)  # the core announces a change to the channel
    assert "08:30" in text
    assert "paused" in text.lower()


async def test_hostile_input_is_answered_as_text_that_pings_nobody(
    fake: FakeDiscord, running: DiscordAdapter
) -> None:
    callback = await interact(fake, "search", {"query": "@everyone <@&123456789012345678> **x**"})
    _answer(callback)  # check_payload: no mention survives in what Discord receives


async def test_a_slow_command_is_deferred_then_the_answer_fills_it(
    fake: FakeDiscord, make_adapter: Callable[..., DiscordAdapter], handler: RecordingHandler
) -> None:
    adapter = make_adapter(defer_after=0.05)
    handler.gate = asyncio.Event()
    await adapter.start(handler)
    try:
        callback = await interact(fake, "search", {"query": "slow"})
        assert callback.body == {"type": 5, "data": {"flags": EPHEMERAL}}
        handler.gate.set()
        edit = await fake.next_edit()
        assert "ran search slow" in shown(edit)
        assert edit["allowed_mentions"] == {"parse": []}
        assert len(fake.calls("PATCH", f"/webhooks/{p.APP_ID}/token-")) == 1
    finally:
        await adapter.stop()


async def test_a_slow_public_answer_replaces_the_ephemeral_deferral(
    fake: FakeDiscord, make_adapter: Callable[..., DiscordAdapter], handler: RecordingHandler
) -> None:
    adapter = make_adapter(defer_after=0.05)
    handler.gate = asyncio.Event()
    await adapter.start(handler)
    try:
        callback = await interact(fake, "today")  # the recording handler answers it publicly
        assert callback.body["type"] == 5
        handler.gate.set()
        followup = await fake.next_followup()
        assert "ran today" in shown(followup)
        assert not followup.get("flags", 0) & EPHEMERAL
        assert fake.calls("DELETE", f"/webhooks/{p.APP_ID}/{callback.token}/messages/@original")
        assert not fake.calls("PATCH", "/webhooks/")
    finally:
        await adapter.stop()


async def test_respond_follows_up_on_an_open_interaction(
    fake: FakeDiscord, adapter: DiscordAdapter, handler: RecordingHandler
) -> None:
    await adapter.start(handler)
    await interact(fake, "today")
    (invocation,) = handler.invocations
    assert (invocation.platform, invocation.workspace, invocation.channel) == (
        "discord",
        str(p.GUILD_ID),
        str(p.CHANNEL_ID),
    )
    assert invocation.user == str(p.USER_ID)
    assert not invocation.is_admin
    await adapter.respond(invocation, OutboundMessage.text("later news"), ephemeral=True)
    (followup,) = fake.calls("POST", f"/webhooks/{p.APP_ID}/")
    assert "later news" in shown(followup.body)
    assert followup.body["flags"] & EPHEMERAL


async def test_respond_after_the_token_expired_is_a_permanent_error(
    fake: FakeDiscord, adapter: DiscordAdapter, handler: RecordingHandler, clock: Any
) -> None:
    await adapter.start(handler)
    await interact(fake, "help")
    clock.advance(minutes=16)
    with pytest.raises(SendError) as caught:
        await adapter.respond(handler.invocations[0], OutboundMessage.text("too late"))
    assert caught.value.permanent


async def test_an_action_button_runs_its_command(
    fake: FakeDiscord, adapter: DiscordAdapter, handler: RecordingHandler
) -> None:
    await adapter.start(handler)
    await fake.dispatch(
        "INTERACTION_CREATE", p.component(777, "token-777", "paperboy:subscribe:cat:cs.LG")
    )
    callback = await fake.next_callback()
    assert callback.body["type"] == 4
    (invocation,) = handler.invocations
    assert (invocation.command, invocation.arguments) == ("subscribe", "cat:cs.LG")


async def test_an_action_button_in_a_dm_explains_where_it_works(
    fake: FakeDiscord, adapter: DiscordAdapter, handler: RecordingHandler
) -> None:
    await adapter.start(handler)
    click = p.component(778, "token-778", "paperboy:subscribe:cat:cs.LG")
    for key in ("guild_id", "member", "authorizing_integration_owners"):
        click.pop(key)
    click["user"] = p.user(p.USER_ID, "reader")
    click["channel"] = {"id": "970000000000000001", "type": 1, "recipients": [click["user"]]}
    click["channel_id"] = "970000000000000001"
    click["context"] = 1
    await fake.dispatch("INTERACTION_CREATE", click)
    callback = await fake.next_callback()
    assert "server channel" in callback.body["data"]["content"]
    assert callback.body["data"]["flags"] & EPHEMERAL
    assert not handler.invocations


async def test_commands_sync_only_when_their_definition_changed(
    fake: FakeDiscord, make_adapter: Callable[..., DiscordAdapter], handler: RecordingHandler
) -> None:
    for _ in range(2):
        adapter = make_adapter()
        await adapter.start(handler)
        await adapter.stop()
    (put,) = fake.calls("PUT", f"/applications/{p.APP_ID}/commands")
    (paper,) = put.body
    assert paper["name"] == "paper"
    # One subcommand per entry of the dispatcher's command table, in its order.
    assert [o["name"] for o in paper["options"]] == [spec.name for spec in COMMANDS]
    assert len(fake.identifies) == 2
    guilds, reactions = 1 << 0, 1 << 10  # GUILDS, GUILD_MESSAGE_REACTIONS (votes)
    assert fake.identifies[0]["intents"] == guilds | reactions, "nothing privileged"


async def test_guild_ids_sync_to_each_guild_instead_of_globally(
    fake: FakeDiscord, make_adapter: Callable[..., DiscordAdapter], handler: RecordingHandler
) -> None:
    adapter = make_adapter(guild_ids=[p.GUILD_ID])
    await adapter.start(handler)
    await adapter.stop()
    assert adapter.synced == [str(p.GUILD_ID)]
    assert fake.calls("PUT", f"/applications/{p.APP_ID}/guilds/{p.GUILD_ID}/commands")
    assert not fake.calls("PUT", f"/applications/{p.APP_ID}/commands")


async def test_replies_with_buttons_leave_no_view_in_discord_pys_store(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    async def show_review(invocation: CommandInvocation) -> CommandReply:
        return CommandReply(message_of(review()))

    await adapter.start(show_review)
    for paper in ("2511.00001", "2511.00002"):
        callback = await interact(fake, "show", {"paper": paper})
        (row,) = callback.body["data"]["components"]
        labels = [b["label"] for b in row["components"]]
        assert labels == ["Open paper", "PDF", "Subscribe to this topic"]
    client = adapter._client
    assert client is not None
    assert not client._connection._view_store.persistent_views
    assert not client._connection._view_store._views


async def test_a_user_whose_dms_are_closed_is_told_once_at_their_next_command(
    fake: FakeDiscord, adapter: DiscordAdapter, handler: RecordingHandler
) -> None:
    await adapter.start(handler)
    fake.closed_dms.add(str(p.USER_ID))
    with pytest.raises(SendError):
        await adapter.send(
            Target("discord", user=str(p.USER_ID)), OutboundMessage.text("new paper")
        )
    await interact(fake, "help")
    notice = await fake.next_followup()
    assert "direct message" in shown(notice)
    assert notice["flags"] & EPHEMERAL
    await interact(fake, "help")
    await adapter.respond(handler.invocations[-1], OutboundMessage.text("marker"))
    assert "marker" in shown(await fake.next_followup()), "told once, not twice"


async def test_a_guild_the_bot_cannot_manage_fails_start_with_advice(
    fake: FakeDiscord, make_adapter: Callable[..., DiscordAdapter], handler: RecordingHandler
) -> None:
    adapter = make_adapter(guild_ids=[123456789012345678])
    with pytest.raises(DiscordConnectError, match=r"403.*applications\.commands"):
        await adapter.start(handler)
    assert not adapter.is_connected
    assert not fake.identifies
