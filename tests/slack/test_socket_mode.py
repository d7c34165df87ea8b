"""Socket Mode: the fake hands out a websocket on 127.0.0.1 and commands arrive over it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.slack import SlackAdapter, SlackConfigError
from bot.config import Secrets
from tests.slack.conftest import TinyCore
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack
from tests.slack.payloads import slash_command


async def test_a_slash_command_arrives_over_the_socket_and_is_answered(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], core: TinyCore
) -> None:
    fake.add_user("U0ALICE")
    adapter = make_adapter()  # Socket Mode is the default
    await adapter.start(core)
    try:
        (opened,) = fake.calls_to("apps.connections.open")
        assert opened.token == APP_TOKEN
        envelope = {
            "envelope_id": "env-1",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": slash_command("search mamba", fake.response_url("s1")),
        }
        await fake.socket_send(envelope)
        await fake.wait_for(lambda: bool(fake.socket_acks) and bool(fake.responses))
    finally:
        await adapter.stop()

    assert fake.socket_acks[0]["envelope_id"] == "env-1"
    (invocation,) = core.seen
    assert (invocation.command, invocation.arguments) == ("search", "mamba")
    assert fake.responses[0][1]["text"] == "search: mamba"


async def test_sending_needs_no_socket(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    from bot.model import OutboundMessage
    from bot.ports import Target

    adapter = make_adapter(secrets=Secrets.model_validate({"slack_bot_token": BOT_TOKEN}))
    await adapter.send(Target("slack", channel="C0GENERAL"), OutboundMessage.text("hi"))

    assert fake.calls_to("apps.connections.open") == []
    assert len(fake.messages) == 1


@pytest.mark.parametrize(
    ("extra", "missing"), [({}, "SLACK_APP_TOKEN"), ({"mode": "http"}, "SLACK_SIGNING_SECRET")]
)
async def test_start_without_the_mode_secret_names_it(
    make_adapter: Callable[..., SlackAdapter], core: TinyCore, extra: dict[str, str], missing: str
) -> None:
    adapter = make_adapter(secrets=Secrets.model_validate({"slack_bot_token": BOT_TOKEN}), **extra)
    with pytest.raises(SlackConfigError, match=missing):
        await adapter.start(core)


async def test_home_tab_and_buttons_work_over_the_socket_too(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], core: TinyCore
) -> None:
    from tests.slack.payloads import button_click, home_opened

    fake.add_user("U0ALICE")
    core.topics[5] = "cat:cs.CL"
    adapter = make_adapter()
    await adapter.start(core)
    try:
        await fake.socket_send(
            {"envelope_id": "e1", "type": "events_api", "payload": home_opened()}
        )
        click = button_click(
            "paperboy:subscribe:2", "cat:cs.LG", response_url=fake.response_url("b")
        )
        await fake.socket_send({"envelope_id": "e2", "type": "interactive", "payload": click})
        await fake.wait_for(lambda: len(fake.socket_acks) == 2 and bool(fake.responses))
        await fake.wait_for(lambda: bool(fake.calls_to("views.publish")))
    finally:
        await adapter.stop()

    assert [ack["envelope_id"] for ack in fake.socket_acks] == ["e1", "e2"]
    assert sorted(core.topics.values()) == ["cat:cs.CL", "cat:cs.LG"]
    view = fake.calls_to("views.publish")[0].params["view"]
    assert any(b.get("accessory", {}).get("value") == "5" for b in view["blocks"])


def test_the_adapter_is_a_chat_adapter(make_adapter: Callable[..., SlackAdapter]) -> None:
    from bot.ports import ChatAdapter

    adapter = make_adapter()
    assert isinstance(adapter, ChatAdapter)
    assert adapter.name == "slack"


async def test_a_rejected_app_token_fails_start_with_a_clear_error(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], core: TinyCore
) -> None:
    secrets = Secrets.model_validate(
        {"slack_bot_token": BOT_TOKEN, "slack_app_token": "xapp-1-wrong"}
    )
    adapter = make_adapter(secrets=secrets)
    with pytest.raises(SlackConfigError, match="SLACK_APP_TOKEN") as caught:
        await adapter.start(core)

    assert "invalid_auth" in str(caught.value)
    assert "xapp-1-wrong" not in str(caught.value)


async def test_a_rejected_bot_token_fails_start_naming_it(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], core: TinyCore
) -> None:
    secrets = Secrets.model_validate(
        {"slack_bot_token": "xoxb-wrong", "slack_app_token": APP_TOKEN}
    )
    with pytest.raises(SlackConfigError, match=r"SLACK_BOT_TOKEN was refused .*invalid_auth"):
        await make_adapter(secrets=secrets).start(core)

    assert fake.calls_to("apps.connections.open") == []


async def test_an_unreachable_slack_fails_start_instead_of_hanging(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], core: TinyCore
) -> None:
    from adapters.slack import SlackConnectionError

    fake.fail("apps.connections.open", "internal_error")
    with pytest.raises(SlackConnectionError, match=r"apps\.connections\.open"):
        await make_adapter(connection_retries=0).start(core)
