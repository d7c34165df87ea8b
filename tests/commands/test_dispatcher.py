"""The dispatcher: rate limit on the injected clock, unknown commands, hostile input,
random input (hypothesis): every command answers, none raises, nothing invalid is stored."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import FrozenClock
from bot.commands import COMMANDS, CommandDeps, Dispatcher
from bot.model import CommandInvocation, Owner
from bot.query import format_query, parse_query
from storage import SqlStore, StoreError
from tests.commands.conftest import Invoke, text_of

HOSTILE = [
    "@everyone look",
    "<!channel> diffusion",
    "<@U12345> hi",
    "**bold** _it_ ~~strike~~ `code` [link](http://x)",
    "diff\x00usion\x1b[31m red",
    "\u202eevil\u202c",
    "x" * 10_000,
    '"' * 7,
    "cat:",
    "au:",
    "-",
    "page:abc",
]


async def test_twenty_commands_a_minute_per_user(invoke: Invoke, clock: FrozenClock) -> None:
    for _ in range(20):
        assert "too fast" not in text_of(await invoke("help"))
    refused = text_of(await invoke("search", "diffusion"))
    assert "too fast (at most 20 a minute)" in refused
    assert "Try again in 60 s" in refused
    assert "too fast" not in text_of(await invoke("help", user="someone-else"))
    clock.advance(seconds=59)
    assert "too fast" in text_of(await invoke("help"))
    clock.advance(seconds=2)
    assert "too fast" not in text_of(await invoke("help"))


async def test_unknown_commands_name_the_real_ones(invoke: Invoke) -> None:
    text = text_of(await invoke("serach", "diffusion"))
    assert "Unknown command 'serach'" in text
    assert "search, subscribe" in text
    assert "Example:" in text


async def test_aliases_and_subcommand_in_arguments(invoke: Invoke) -> None:
    assert "Diffusion Models" in text_of(await invoke("", "search diffusion"))
    assert "Diffusion Models" in text_of(await invoke("FIND", "diffusion"))


@pytest.mark.parametrize("command", [spec.name for spec in COMMANDS])
async def test_hostile_input_gets_a_short_clear_answer(
    command: str, invoke: Invoke, filled_store: SqlStore, clock: FrozenClock
) -> None:
    for text in HOSTILE:
        clock.advance(seconds=10)
        reply = await invoke(command, text, admin=True)
        fallback = text_of(reply)
        assert fallback
        assert len(fallback) < 2_000, (command, text[:30])
        assert "@everyone" not in fallback
        assert "<!channel>" not in fallback
        assert "\x1b" not in fallback
        assert "\x00" not in fallback
        assert "something went wrong" not in fallback, (command, text[:30], fallback)
    for sub in await filled_store.all_subscriptions():
        assert format_query(parse_query(sub.query)) == sub.query


class _DiskFullStore:
    """The real store, except that reading subscriptions fails as a broken disk would."""

    def __init__(self, store: SqlStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    async def list_subscriptions(self, owner: Owner) -> list[object]:
        raise StoreError("database disk image is malformed")


async def test_a_failing_store_becomes_a_reply_not_an_exception(
    deps: CommandDeps, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    broken = _DiskFullStore(deps.store)  # type: ignore[arg-type]
    dispatcher = Dispatcher(CommandDeps(broken, clock, deps.config))  # type: ignore[arg-type]
    inv = CommandInvocation("console", "local", "general", "u", False, "subscriptions")
    text = text_of(await dispatcher(inv))
    assert "something went wrong on our side" in text
    assert "malformed" not in text
    assert "command 'subscriptions' failed" in caplog.text
    assert "Diffusion" in text_of(await dispatcher(
        CommandInvocation("console", "local", "general", "u", False, "search", "diffusion")
    ))  # fmt: skip


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    command=st.sampled_from([spec.name for spec in COMMANDS] + ["", "nope"]),
    arguments=st.text(max_size=250)
    | st.sampled_from(HOSTILE)
    | st.lists(
        st.sampled_from(['"', "-", "cat:", "cs.LG", "au:", "x", "since:", "2025-01-01",
                         "page:", "2", "mode:", "instant", "time:", "08:30", " ", "'"]),
        max_size=12,
    ).map("".join),
)  # fmt: skip
async def test_random_text_to_every_command_gets_a_reply(
    command: str, arguments: str, deps: CommandDeps, clock: FrozenClock
) -> None:
    dispatcher = Dispatcher(deps)
    clock.advance(seconds=5)
    inv = CommandInvocation("console", "local", "general", "prop", True, command, arguments)
    reply = await dispatcher(inv)
    assert reply.message.fallback
    assert "something went wrong" not in reply.message.fallback
    for sub in await deps.store.list_subscriptions(Owner("console", "local", "prop")):
        assert format_query(parse_query(sub.query)) == sub.query
        assert len(sub.query) <= 200


async def test_completion_suggests_own_topics_and_categories(
    dispatcher: Dispatcher, invoke: Invoke
) -> None:
    await invoke("subscribe", "diffusion video")
    await invoke("subscribe", "robots", user="someone-else")
    inv = CommandInvocation("console", "local", "general", "u1", False, "unsubscribe", "vid")
    topics = await dispatcher.complete(inv, "topic", "vid")
    assert topics == [("1. diffusion video", "1")]
    categories = await dispatcher.complete(inv, "categories", "cs.LG,stat.m")
    assert ("cs.LG,stat.ME", "cs.LG,stat.ME") in categories
    assert ("cs.LG,stat.ML", "cs.LG,stat.ML") in categories
    assert await dispatcher.complete(inv, "unknown", "x") == []
