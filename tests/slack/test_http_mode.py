"""HTTP mode: signed requests through the real bolt app behind the adapter's aiohttp server."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from adapters.slack import SlackAdapter
from bot.clock import FrozenClock
from bot.model import CommandInvocation, CommandReply, OutboundMessage
from tests.slack.conftest import SIGNING_SECRET, TinyCore
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.payloads import (
    button_click,
    form_body,
    home_opened,
    interaction_body,
    signed,
    slash_command,
    view_submission,
)

SUBCOMMANDS = ["search", "subscribe", "unsubscribe", "subscriptions", "today", "show",
               "status", "settings", "help"]  # fmt: skip


class Server:
    """The started adapter, and a client that posts to it as Slack would."""

    def __init__(self, adapter: SlackAdapter, fake: FakeSlack, core: TinyCore) -> None:
        self.adapter = adapter
        self.fake = fake
        self.core = core

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.adapter.http_port}/slack/events"

    async def post(self, body: str, headers: dict[str, str]) -> tuple[int, str]:
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.url, data=body.encode(), headers=headers) as response,
        ):
            return response.status, await response.text()

    async def command(self, text: str, rid: str = "r1", **kw: Any) -> tuple[int, str]:
        body = form_body(slash_command(text, self.fake.response_url(rid), **kw))
        return await self.post(body, signed(body, SIGNING_SECRET))

    async def interact(self, payload: dict[str, Any]) -> tuple[int, str]:
        body = interaction_body(payload)
        return await self.post(body, signed(body, SIGNING_SECRET))

    async def event(self, payload: dict[str, Any]) -> tuple[int, str]:
        body = json.dumps(payload)
        return await self.post(body, signed(body, SIGNING_SECRET, content_type="application/json"))

    async def responses(self, count: int) -> list[dict[str, Any]]:
        await self.fake.wait_for(lambda: len(self.fake.responses) >= count)
        return [body for _, body in self.fake.responses]


@pytest.fixture
async def server(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], core: TinyCore
) -> AsyncIterator[Server]:
    fake.add_user("U0ALICE", tz="Europe/Berlin")
    fake.add_user("U0ADMIN", admin=True)
    fake.add_user("U0OWNER", owner=True)
    adapter = make_adapter(mode="http", host="127.0.0.1", port=0)
    await adapter.start(core)
    try:
        yield Server(adapter, fake, core)
    finally:
        await adapter.stop()


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
async def test_every_subcommand_is_acked_then_answered_through_response_url(
    server: Server, subcommand: str
) -> None:
    status, body = await server.command(f"{subcommand} diffusion  models")

    assert status == 200
    assert body == ""  # an empty ack: the answer follows through response_url
    (reply,) = await server.responses(1)
    assert reply["text"] == server.core.replies[0].message.fallback
    assert reply["response_type"] == ("in_channel" if subcommand == "today" else "ephemeral")
    assert reply["unfurl_links"] is False
    (seen,) = server.core.seen
    assert (seen.platform, seen.workspace, seen.channel, seen.user) == (
        "slack",
        TEAM,
        "C0GENERAL",
        "U0ALICE",
    )
    assert (seen.command, seen.arguments, seen.user_timezone) == (
        subcommand,
        "diffusion  models",
        "Europe/Berlin",
    )
    assert seen.is_admin is False


async def test_bare_paper_and_typed_entities_reach_the_core_as_typed(server: Server) -> None:
    await server.command("")
    await server.command("SEARCH &lt;b&gt; &amp;amp; x", rid="r2")
    await server.responses(2)

    bare, typed = server.core.seen
    assert (bare.command, bare.arguments) == ("", "")
    assert (typed.command, typed.arguments) == ("search", "<b> &amp; x")


@pytest.mark.parametrize(
    ("user", "admin"),
    [("U0ADMIN", True), ("U0OWNER", True), ("U0LISTED", True), ("U0ALICE", False)],
)
async def test_admins_are_workspace_admins_owners_or_listed(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], user: str, admin: bool
) -> None:
    fake.add_user("U0ALICE")
    fake.add_user("U0ADMIN", admin=True)
    fake.add_user("U0OWNER", owner=True)
    fake.add_user("U0LISTED")
    core = TinyCore()
    adapter = make_adapter(mode="http", host="127.0.0.1", port=0, admins=["U0LISTED"])
    await adapter.start(core)
    try:
        await Server(adapter, fake, core).command("settings time 08:00", user=user)
        await fake.wait_for(lambda: len(fake.responses) == 1)
    finally:
        await adapter.stop()
    assert core.seen[0].is_admin is admin


async def test_the_ack_does_not_wait_for_slow_work(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    fake.add_user("U0ALICE")
    release = asyncio.Event()

    async def slow_core(invocation: CommandInvocation) -> CommandReply:
        await release.wait()
        return CommandReply(OutboundMessage.text("done at last"))

    adapter = make_adapter(mode="http", host="127.0.0.1", port=0)
    await adapter.start(slow_core)
    try:
        server = Server(adapter, fake, TinyCore())
        status, _ = await server.command("search everything")
        assert status == 200  # acked while the core is still working
        assert fake.responses == []
        release.set()
        (reply,) = await server.responses(1)
    finally:
        await adapter.stop()
    assert reply["text"] == "done at last"


async def test_a_failing_core_gets_a_short_apology(server: Server) -> None:
    status, _ = await server.command("boom")

    assert status == 200
    (reply,) = await server.responses(1)
    assert reply["text"].startswith("Sorry")
    assert "broke" not in json.dumps(reply)


async def test_a_forged_signature_is_rejected_before_any_command(server: Server) -> None:
    body = form_body(slash_command("search x", server.fake.response_url("r1")))
    status, _ = await server.post(body, signed(body, "not-the-secret"))

    assert status == 401
    assert server.core.seen == []


async def test_a_stale_timestamp_is_rejected_before_any_command(server: Server) -> None:
    body = form_body(slash_command("search x", server.fake.response_url("r1")))
    status, _ = await server.post(
        body, signed(body, SIGNING_SECRET, timestamp=int(time.time()) - 600)
    )

    assert status == 401
    assert server.core.seen == []


async def test_subscribe_button_on_a_review_subscribes_through_the_core(server: Server) -> None:
    click = button_click(
        "paperboy:subscribe:2", "cat:cs.LG", response_url=server.fake.response_url("b")
    )
    status, _ = await server.interact(click)

    assert status == 200
    (reply,) = await server.responses(1)
    assert reply["text"] == "Subscribed to `cat:cs.LG`."
    assert reply["replace_original"] is False  # the review clicked on stays as it was
    assert reply["response_type"] == "ephemeral"
    assert server.core.topics == {1: "cat:cs.LG"}
    assert server.core.seen[0].channel == "C0GENERAL"


async def test_link_buttons_are_acknowledged_and_run_nothing(server: Server) -> None:
    status, _ = await server.interact(button_click("paperboy:link:0", "", response_url="x"))

    assert status == 200
    assert server.core.seen == []


async def test_response_url_expired_falls_back_to_an_ephemeral_message(server: Server) -> None:
    server.fake.expired_response_urls.add("old")
    await server.command("status", rid="old")
    await server.fake.wait_for(lambda: bool(server.fake.calls_to("chat.postEphemeral")))

    (call,) = server.fake.calls_to("chat.postEphemeral")
    assert (call.params["channel"], call.params["user"]) == ("C0GENERAL", "U0ALICE")
    assert call.params["text"] == "status:"


# -- App Home ------------------------------------------------------------------------------


async def _published(server: Server, count: int) -> dict[str, Any]:
    await server.fake.wait_for(lambda: len(server.fake.calls_to("views.publish")) >= count)
    call = server.fake.calls_to("views.publish")[count - 1]
    assert call.params["user_id"] == "U0ALICE"
    view: dict[str, Any] = call.params["view"]
    return view


def _remove_buttons(view: dict[str, Any]) -> dict[str, str]:
    """Each listed topic's text -> the value of its Remove button."""
    return {
        block["text"]["text"]: block["accessory"]["value"]
        for block in view["blocks"]
        if block.get("accessory", {}).get("text", {}).get("text") == "Remove"
    }


async def test_home_tab_lists_subscriptions_with_a_remove_button_each(server: Server) -> None:
    server.core.topics.update({3: "cat:cs.LG", 7: '"state space" <!channel>'})
    status, _ = await server.event(home_opened())

    assert status == 200
    view = await _published(server, 1)
    assert view["type"] == "home"
    assert _remove_buttons(view) == {
        "3. cat:cs.LG · instant · 0 matches so far": "3",
        '7. "state space" &lt;!channel&gt; · instant · 0 matches so far': "7",
    }
    labels = [e["text"]["text"] for e in view["blocks"][-1]["elements"]]
    assert labels == ["Add topic", "Remove topic"]
    assert server.core.seen[0].command == "subscriptions"


async def test_remove_on_the_home_tab_unsubscribes_and_refreshes_it(server: Server) -> None:
    server.core.topics.update({3: "cat:cs.LG", 7: "diffusion"})
    await server.event(home_opened())
    view = await _published(server, 1)
    action_id = next(b["accessory"]["action_id"] for b in view["blocks"] if "accessory" in b)

    await server.interact(button_click(action_id, "3", home=True))

    refreshed = await _published(server, 2)
    assert server.core.topics == {7: "diffusion"}
    assert list(_remove_buttons(refreshed).values()) == ["7"]
    assert refreshed["blocks"][1]["elements"][0]["text"] == "Unsubscribed from `cat:cs.LG`."


async def test_add_topic_opens_a_modal_whose_submission_subscribes(server: Server) -> None:
    await server.interact(button_click("paperboy_home:add_topic", "", home=True))
    await server.fake.wait_for(lambda: bool(server.fake.calls_to("views.open")))
    modal = server.fake.calls_to("views.open")[0].params["view"]
    assert modal["callback_id"] == "paperboy_add_topic"

    status, _ = await server.interact(
        view_submission("paperboy_add_topic", "  mixture of  experts ")
    )

    assert status == 200
    view = await _published(server, 1)
    assert server.core.topics == {1: "mixture of experts"}
    assert list(_remove_buttons(view).values()) == ["1"]
    subscribe = next(i for i in server.core.seen if i.command == "subscribe")
    assert (subscribe.user, subscribe.workspace, subscribe.arguments) == (
        "U0ALICE",
        TEAM,
        "mixture of experts",
    )


async def test_an_empty_topic_keeps_the_modal_open_with_an_error(server: Server) -> None:
    status, body = await server.interact(view_submission("paperboy_add_topic", None))

    assert status == 200
    assert json.loads(body) == {
        "response_action": "errors",
        "errors": {"topic": "Type a topic first."},
    }
    assert server.core.seen == []


async def test_remove_topic_modal_unsubscribes_by_id_or_text(server: Server) -> None:
    server.core.topics.update({3: "cat:cs.LG", 7: "diffusion"})
    await server.interact(button_click("paperboy_home:remove_topic", "", home=True))
    await server.fake.wait_for(lambda: bool(server.fake.calls_to("views.open")))
    assert server.fake.calls_to("views.open")[0].params["view"]["callback_id"] == (
        "paperboy_remove_topic"
    )

    await server.interact(view_submission("paperboy_remove_topic", "diffusion"))

    view = await _published(server, 1)
    assert server.core.topics == {3: "cat:cs.LG"}
    assert list(_remove_buttons(view).values()) == ["3"]


# -- follow-ups through adapter.respond ----------------------------------------------------


async def test_respond_follows_up_through_the_commands_response_url(server: Server) -> None:
    await server.command("search slow", rid="late")
    await server.responses(1)

    await server.adapter.respond(server.core.seen[0], OutboundMessage.text("3 more results"),
                                 ephemeral=False)  # fmt: skip

    rid, body = server.fake.responses[1]
    assert rid == "late"
    assert (body["text"], body["response_type"]) == ("3 more results", "in_channel")


async def test_respond_without_a_response_url_uses_the_web_api(server: Server) -> None:
    elsewhere = CommandInvocation("slack", TEAM, "C0GENERAL", "U0ALICE", False, "status")
    in_dm = CommandInvocation("slack", TEAM, "", "U0ALICE", False, "status")

    await server.adapter.respond(elsewhere, OutboundMessage.text("only you see this"))
    await server.adapter.respond(in_dm, OutboundMessage.text("<!channel> hi"), ephemeral=False)

    (ephemeral,) = server.fake.calls_to("chat.postEphemeral")
    assert ephemeral.params["text"] == "only you see this"
    (posted,) = server.fake.messages
    assert (posted.channel, posted.text) == ("DU0ALICE", "&lt;!channel&gt; hi")


async def test_stop_lets_an_acked_command_finish(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    fake.add_user("U0ALICE")
    started, release = asyncio.Event(), asyncio.Event()

    async def slow_core(invocation: CommandInvocation) -> CommandReply:
        started.set()
        await release.wait()
        return CommandReply(OutboundMessage.text("finished"))

    adapter = make_adapter(mode="http", host="127.0.0.1", port=0)
    await adapter.start(slow_core)
    await Server(adapter, fake, TinyCore()).command("search slow")
    await started.wait()

    stopping = asyncio.create_task(adapter.stop())
    await asyncio.sleep(0)  # let stop() close the server and start draining
    assert not stopping.done()
    release.set()
    await stopping

    assert [body["text"] for _, body in fake.responses] == ["finished"]


async def test_users_info_is_looked_up_once_per_user_for_five_minutes(
    server: Server, clock: FrozenClock
) -> None:
    await server.command("status", rid="a")
    await server.command("today", rid="b")
    await server.responses(2)
    assert len(server.fake.calls_to("users.info")) == 1

    clock.advance(minutes=6)
    await server.command("status", rid="c")
    await server.responses(3)
    assert len(server.fake.calls_to("users.info")) == 2


async def test_the_events_url_answers_slacks_verification_challenge(server: Server) -> None:
    status, body = await server.event(
        {"token": "legacy-unused", "type": "url_verification", "challenge": "c4a11en9e"}
    )

    assert status == 200
    assert json.loads(body) == {"challenge": "c4a11en9e"}
