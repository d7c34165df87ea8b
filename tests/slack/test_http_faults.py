"""HTTP mode under bad requests and bursts: signature first, every request answered,
each reply on its own request's response_url, one users.info per user, a clear limit."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from urllib.parse import urlencode

import pytest

from adapters.slack import SlackAdapter
from adapters.slack.fallbacks import CHANGED_FORM, FAILED, UNKNOWN
from adapters.slack.gate import MAX_COMMAND_TEXT
from adapters.slack.interactions import BUSY, NO_USER
from bot.clock import FrozenClock
from bot.model import CommandInvocation, CommandReply, OutboundMessage
from tests.slack.conftest import SIGNING_SECRET, TinyCore
from tests.slack.fake_slack import FakeSlack
from tests.slack.payloads import (
    button_click,
    form_body,
    interaction_body,
    signed,
    slash_command,
    view_submission,
)
from tests.slack.test_http_mode import Server


@pytest.fixture
async def server(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], core: TinyCore
) -> AsyncIterator[Server]:
    fake.add_user("U0ALICE", tz="Europe/Berlin")
    adapter = make_adapter(mode="http", host="127.0.0.1", port=0)
    await adapter.start(core)
    try:
        yield Server(adapter, fake, core)
    finally:
        await adapter.stop()


async def post_raw(server: Server, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    import aiohttp

    async with (
        aiohttp.ClientSession() as session,
        session.post(server.url, data=body, headers=headers) as response,
    ):
        return response.status, await response.text()


def sign_bytes(body: bytes) -> dict[str, str]:
    """Slack's signature over raw bytes (the helper in payloads signs text)."""
    import hashlib
    import hmac
    import time

    ts = str(int(time.time()))
    mac = hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": "v0=" + mac.hexdigest(),
        "Content-Type": "application/x-www-form-urlencoded",
    }


MALFORMED = {
    "invalid UTF-8": b"payload=%7B%7D&text=\xff\xfe\xfa",
    "payload null": urlencode({"payload": "null"}).encode(),
    "payload list": urlencode({"payload": "[1,2]"}).encode(),
    "truncated JSON": urlencode({"payload": '{"type": "block_actions", "user": {'}).encode(),
}


@pytest.mark.parametrize("name", list(MALFORMED))
async def test_a_malformed_unsigned_body_gets_401_and_one_log_line(
    server: Server, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    caplog.set_level(logging.INFO)
    status, _ = await post_raw(
        server, MALFORMED[name], {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 401
    assert server.core.seen == []
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 1
    assert not any(r.exc_info for r in caplog.records), "no traceback"


@pytest.mark.parametrize("name", list(MALFORMED))
async def test_a_malformed_signed_body_gets_400_without_a_traceback(
    server: Server, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    status, _ = await post_raw(server, MALFORMED[name], sign_bytes(MALFORMED[name]))
    assert status == 400
    assert server.core.seen == []
    assert not any(r.exc_info for r in caplog.records)


async def test_a_huge_command_is_answered_at_once_and_never_reaches_the_core(
    server: Server,
) -> None:
    status, body = await server.command("search " + "x" * 1_000_000)
    assert status == 200
    answer = json.loads(body)
    assert answer["response_type"] == "ephemeral"
    assert f"{MAX_COMMAND_TEXT:,}" in answer["text"]
    assert server.core.seen == []


async def test_a_command_at_the_limit_is_run(server: Server) -> None:
    text = "search " + "x" * (MAX_COMMAND_TEXT - len("search "))
    status, _ = await server.command(text)
    assert status == 200
    await server.responses(1)
    assert len(server.core.seen[0].arguments) == MAX_COMMAND_TEXT - len("search ")


async def test_a_signed_command_without_user_id_gets_a_clear_answer_at_once(
    server: Server,
) -> None:
    fields = slash_command("search x", server.fake.response_url("r1"))
    del fields["user_id"]
    body = form_body(fields)
    status, text = await server.post(body, signed(body, SIGNING_SECRET))
    assert status == 200
    assert text == NO_USER  # the ack's body: Slack shows it to the user
    assert server.core.seen == []


async def test_identical_concurrent_commands_each_answer_on_their_own_response_url(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    fake.add_user("U0ALICE")
    release = asyncio.Event()

    async def slow_core(invocation: CommandInvocation) -> CommandReply:
        await release.wait()
        return CommandReply(OutboundMessage.text("result"))

    adapter = make_adapter(mode="http", host="127.0.0.1", port=0)
    await adapter.start(slow_core)
    try:
        server = Server(adapter, fake, TinyCore())
        rids = [f"same-{n}" for n in range(20)]
        for rid in rids:  # the same user, channel and text: equal invocations, all pending
            assert (await server.command("search same words", rid=rid))[0] == 200
        release.set()
        await server.responses(20)
    finally:
        await adapter.stop()
    assert sorted(rid for rid, _ in fake.responses) == sorted(rids)
    assert not fake.calls_to("chat.postEphemeral")


async def test_concurrent_first_commands_of_one_user_share_one_users_info(
    server: Server,
) -> None:
    results = await asyncio.gather(*(server.command("status", rid=f"c{n}") for n in range(10)))
    assert all(status == 200 for status, _ in results)
    await server.responses(10)
    assert len(server.fake.calls_to("users.info")) == 1


async def test_past_the_concurrency_limit_a_command_is_told_to_retry(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    fake.add_user("U0ALICE")
    release = asyncio.Event()

    async def slow_core(invocation: CommandInvocation) -> CommandReply:
        await release.wait()
        return CommandReply(OutboundMessage.text("done"))

    adapter = make_adapter(mode="http", host="127.0.0.1", port=0)
    await adapter.start(slow_core)
    try:
        assert adapter._in_flight is not None
        adapter._in_flight.limit = 2
        server = Server(adapter, fake, TinyCore())
        first = [await server.command("search a", rid=f"ok{n}") for n in range(2)]
        status, body = await server.command("search b", rid="busy")
        release.set()
        await server.responses(2)
    finally:
        await adapter.stop()
    assert [s for s, _ in first] == [200, 200]
    assert (status, body) == (200, BUSY)
    assert sorted(rid for rid, _ in fake.responses) == ["ok0", "ok1"]


async def test_follow_ups_reach_the_response_url_for_30_minutes_however_many_came_after(
    server: Server, clock: FrozenClock
) -> None:
    await server.command("search first", rid="first")
    await server.responses(1)
    first = server.core.seen[0]
    invocations = server.adapter._invocations
    for n in range(600):  # more than the 512 once remembered
        await invocations.build(
            team="T0001",
            channel="C0GENERAL",
            user="U0ALICE",
            command="search",
            arguments=f"other {n}",
            response_url=server.fake.response_url(f"o{n}"),
        )
    clock.advance(minutes=29)
    await server.adapter.respond(first, OutboundMessage.text("more results"))
    assert server.fake.responses[-1][0] == "first"
    clock.advance(minutes=2)
    await server.adapter.respond(first, OutboundMessage.text("too late for the url"))
    assert len(server.fake.calls_to("chat.postEphemeral")) == 1
    await invocations.build(
        team="T0001", channel="C0GENERAL", user="U0ALICE", command="x", arguments="",
        response_url=server.fake.response_url("new"),
    )  # fmt: skip
    assert invocations.pending == 1, "expired URLs are forgotten"


# -- every interaction answered ----------------------------------------------------------


async def test_an_unknown_button_is_acknowledged_and_explained(server: Server) -> None:
    click = button_click("legacy_vote:3", "3", response_url=server.fake.response_url("b1"))
    status, _ = await server.interact(click)
    assert status == 200
    (reply,) = await server.responses(1)
    assert reply["text"] == UNKNOWN
    assert reply["response_type"] == "ephemeral"
    assert server.core.seen == []


async def test_an_unknown_shortcut_opens_a_notice(server: Server) -> None:
    shortcut = {
        "type": "shortcut",
        "callback_id": "old_shortcut",
        "trigger_id": "1337.42.sh",
        "team": {"id": "T0001"},
        "user": {"id": "U0ALICE", "team_id": "T0001"},
        "token": "legacy-unused",
    }
    status, _ = await server.interact(shortcut)
    assert status == 200
    await server.fake.wait_for(lambda: bool(server.fake.calls_to("views.open")))
    view = server.fake.calls_to("views.open")[0].params["view"]
    assert UNKNOWN in json.dumps(view)


async def test_an_unknown_form_is_replaced_by_a_notice(server: Server) -> None:
    status, body = await server.interact(view_submission("old_form", "x"))
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "update"
    assert CHANGED_FORM in json.dumps(answer["view"])


async def test_a_listener_that_fails_before_its_ack_still_answers_200(server: Server) -> None:
    broken = view_submission("paperboy_add_topic", "x")
    broken["view"]["state"] = []  # the real listener raises reading it, before its ack
    status, body = await server.interact(broken)
    assert status == 200
    assert FAILED in body


async def test_an_unsigned_interaction_is_refused(server: Server) -> None:
    body = interaction_body(button_click("legacy:1", "1", response_url="x"))
    status, _ = await server.post(body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 401
