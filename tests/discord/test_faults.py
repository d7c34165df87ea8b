"""Malformed interactions (definitions that drifted from the code) still get an answer.

Each case is a real INTERACTION_CREATE through the fake gateway into the real discord.py
command tree; the assertion is what the user sees (an ephemeral answer instead of "The
application did not respond") and, for a changed command, that the definitions are
registered again.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from discord import AppCommandOptionType, app_commands

from adapters.discord import DiscordAdapter
from adapters.discord.faults import (
    BAD_OPTION,
    CHANGED,
    FAILED,
    NOT_ALLOWED,
    UNKNOWN_BUTTON,
    answer_for,
    usage_of,
)
from bot.commands import Dispatcher
from tests.discord import payloads as p
from tests.discord.conftest import RecordingHandler
from tests.discord.fake import Callback, FakeDiscord

EPHEMERAL = 64
_ids = itertools.count(5000)


async def send(fake: FakeDiscord, payload: dict[str, Any]) -> Callback:
    await fake.dispatch("INTERACTION_CREATE", payload)
    return await fake.next_callback()


def command(subcommand: str, options: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    number = next(_ids)
    payload = p.interaction(number, f"token-{number}", subcommand)
    if options is not None:
        payload["data"]["options"][0]["options"] = options
    return payload


def private_text(callback: Callback) -> str:
    assert callback.body["type"] == 4
    data = callback.body["data"]
    assert data["flags"] & EPHEMERAL, "answered privately"
    assert data["allowed_mentions"] == {"parse": []}
    return str(data["content"])


@pytest.fixture
async def core(
    fake: FakeDiscord, make_adapter: Callable[..., DiscordAdapter], dispatcher: Dispatcher
) -> AsyncIterator[DiscordAdapter]:
    adapter = make_adapter()
    await adapter.start(dispatcher)
    yield adapter
    await adapter.stop()


def drift(fake: FakeDiscord) -> None:
    """The registered /paper lost its `search` subcommand (an older deploy's definitions)."""
    (paper,) = fake.commands["global"]
    paper["options"] = [o for o in paper["options"] if o["name"] != "search"]


async def test_an_unknown_subcommand_is_answered_and_the_commands_are_registered_again(
    fake: FakeDiscord, core: DiscordAdapter
) -> None:
    assert len(fake.calls("PUT", f"/applications/{p.APP_ID}/commands")) == 1  # at start
    drift(fake)
    answer = private_text(await send(fake, command("summarize", [])))
    assert answer == CHANGED
    assert core._resyncer is not None
    await core._resyncer.wait()
    assert len(fake.calls("PUT", f"/applications/{p.APP_ID}/commands")) == 2
    assert next(o["name"] for o in fake.commands["global"][0]["options"]) == "search"


@pytest.mark.parametrize(
    "options",
    [
        pytest.param([], id="required option missing"),
        pytest.param([{"name": "q", "type": 3, "value": "diffusion"}], id="unknown option name"),
    ],
)
async def test_a_command_whose_options_do_not_match_gets_an_answer(
    fake: FakeDiscord, core: DiscordAdapter, options: list[dict[str, Any]]
) -> None:
    assert private_text(await send(fake, command("search", options))) == CHANGED


async def test_a_group_invoked_without_a_subcommand_gets_an_answer(
    fake: FakeDiscord, core: DiscordAdapter
) -> None:
    payload = command("search")
    payload["data"]["options"] = []  # an empty options list: "/paper" alone
    assert private_text(await send(fake, payload)) == CHANGED


async def test_re_sync_runs_at_most_once_per_window_however_many_users_hit_the_drift(
    fake: FakeDiscord, core: DiscordAdapter, clock: Any
) -> None:
    drift(fake)
    for _ in range(3):
        assert private_text(await send(fake, command("summarize", []))) == CHANGED
    assert core._resyncer is not None
    await core._resyncer.wait()
    assert core._resyncer.runs == 1
    drift(fake)
    clock.advance(minutes=6)
    private_text(await send(fake, command("summarize", [])))
    await core._resyncer.wait()
    assert core._resyncer.runs == 2
    assert len(fake.calls("PUT", f"/applications/{p.APP_ID}/commands")) == 3


async def test_a_number_sent_for_a_text_option_is_searched_as_text(
    fake: FakeDiscord, core: DiscordAdapter
) -> None:
    answer = await send(fake, command("search", [{"name": "query", "type": 4, "value": 2511}]))
    assert "2511" in str(answer.body["data"])  # the core searched "2511" (no TypeError)
    assert "went wrong" not in str(answer.body["data"]).lower()


@pytest.mark.parametrize("value", [None, [1, 2], {"a": 1}])
async def test_an_option_that_is_not_text_gets_the_usage_and_never_reaches_the_core(
    fake: FakeDiscord,
    make_adapter: Callable[..., DiscordAdapter],
    handler: RecordingHandler,
    value: Any,
) -> None:
    adapter = make_adapter()
    await adapter.start(handler)
    try:
        callback = await send(
            fake, command("search", [{"name": "query", "type": 3, "value": value}])
        )
        assert "/paper help" in private_text(callback)
        assert not handler.invocations
    finally:
        await adapter.stop()


async def test_an_unknown_button_gets_an_answer(fake: FakeDiscord, core: DiscordAdapter) -> None:
    for custom_id in ("legacy:vote:3", "paperboy"):
        number = next(_ids)
        answer = await send(fake, p.component(number, f"token-{number}", custom_id))
        assert private_text(answer) == UNKNOWN_BUTTON


def _search_command() -> app_commands.Command[Any, ..., None]:
    async def search(interaction: Any, query: str) -> None:
        """Search."""

    return app_commands.Command(name="search", description="Search", callback=search)


def test_usage_names_required_and_optional_options() -> None:
    assert usage_of(_search_command()) == "`/search <query>`"


@pytest.mark.parametrize(
    ("error", "expected", "resync"),
    [
        (app_commands.CommandNotFound("x", ["paper"]), CHANGED, True),
        (
            app_commands.TransformerError(
                1, AppCommandOptionType.string, app_commands.Transformer()
            ),
            BAD_OPTION.format(usage="`/paper help`"),
            False,
        ),
        (app_commands.MissingPermissions(["manage_channels"]), NOT_ALLOWED, False),
        (app_commands.NoPrivateMessage(), NOT_ALLOWED, False),
        (app_commands.CommandOnCooldown(app_commands.Cooldown(1, 5), 3.0), NOT_ALLOWED, False),
        (app_commands.CommandInvokeError(_search_command(), RuntimeError()), FAILED, False),
        (app_commands.AppCommandError("other"), FAILED, False),
    ],
)
def test_every_error_type_has_an_answer(
    error: app_commands.AppCommandError, expected: str, resync: bool
) -> None:
    assert answer_for(error, None) == (expected, resync)


async def test_the_dispatcher_refuses_arguments_that_are_not_text(dispatcher: Dispatcher) -> None:
    """Whatever an adapter lets through, the core answers with the usage, never a TypeError."""
    from bot.model import CommandInvocation

    odd: Any = 42
    invocation = CommandInvocation("discord", "g", "c", "u", False, "search", odd)
    reply = await dispatcher(invocation)
    assert "/paper help" in reply.message.fallback
    assert "went wrong" not in reply.message.fallback


async def test_autocomplete_for_an_unknown_subcommand_gets_no_suggestions(
    fake: FakeDiscord, core: DiscordAdapter
) -> None:
    number = next(_ids)
    payload = p.interaction(number, f"token-{number}", "gone-since", {"topic": "x"}, kind=4)
    payload["data"]["options"][0]["options"][0]["focused"] = True
    answer = await send(fake, payload)
    assert answer.body == {"type": 8, "data": {"choices": []}}
