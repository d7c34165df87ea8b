"""Sending through the real slack_sdk client to the fake Web API."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.slack import SlackAdapter, SlackConfigError
from adapters.slack.delivery import EVENT_TYPE
from bot.config import AdapterConfig, Secrets
from bot.model import OutboundMessage
from bot.ports import SendError, Target
from bot.presentation import post_view
from tests.slack.fake_slack import FakeSlack
from tests.slack.limits import block_problems, mentions
from tests.slack.samples import HOSTILE, digest_message, review, review_message

CHANNEL = Target("slack", channel="C0GENERAL")


async def test_daily_post_is_block_kit_within_every_limit(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter()
    ref = await adapter.send(CHANNEL, review_message(review()), idempotency_key="day:C0GENERAL:1")

    (call,) = fake.calls_to("chat.postMessage")
    (posted,) = fake.messages
    assert (ref.adapter, ref.channel, ref.message_id) == ("slack", "C0GENERAL", posted.ts)
    assert block_problems(posted.blocks) == []
    kinds = [b["type"] for b in posted.blocks]
    assert kinds[0] == "header"
    assert kinds[-2:] == ["context", "actions"]
    assert posted.blocks[0]["text"]["text"] == (
        "Daily Paper - 23.11.26: Mamba: Linear-Time Sequence Modeling"
    )
    assert posted.blocks[-3]["text"]["text"] == (
        "<https://arxiv.org/abs/2312.00752|https://arxiv.org/abs/2312.00752>"
    )  # the house style's link last, without an unfurled preview
    context = " ".join(e["text"] for e in posted.blocks[-2]["elements"])
    for shown in ("23.11.26", "cs.LG", "128 upvotes", "Review No. 42", "extractive"):
        assert shown in context
    buttons = posted.blocks[-1]["elements"]
    assert [b["text"]["text"] for b in buttons] == ["Open paper", "PDF", "Subscribe to this topic"]
    assert buttons[1]["url"] == "https://arxiv.org/pdf/2312.00752"
    assert buttons[2]["value"] == "cat:cs.LG"
    assert posted.text.startswith("Mamba")
    assert call.params["unfurl_links"] is False
    assert call.params["unfurl_media"] is False
    assert posted.metadata == {
        "event_type": EVENT_TYPE,
        "event_payload": {"key": "day:C0GENERAL:1"},
    }


async def test_a_hostile_title_notifies_nobody(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    item = review(title=HOSTILE, hook=HOSTILE)
    await make_adapter().send(CHANNEL, OutboundMessage((), HOSTILE, post=post_view(item)))

    (posted,) = fake.messages
    texts = [posted.text, *_texts(posted.blocks)]
    assert all(mentions(text) == [] for text in texts)
    assert posted.blocks[0]["text"]["text"].startswith(
        "Daily Paper - 23.11.26: &lt;!channel&gt; @everyone &lt;https"
    )
    assert block_problems(posted.blocks) == []


async def test_a_long_review_is_split_at_sentences_and_capped_at_50_blocks(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    from bot.model import ReviewSection

    sentence = "State spaces select what to remember & forget. "
    sections = tuple(ReviewSection(f"Part {i}", sentence * 200) for i in range(20))
    await make_adapter().send(CHANNEL, review_message(review(sections=sections, title="T" * 400)))

    (posted,) = fake.messages
    assert block_problems(posted.blocks) == []
    assert len(posted.blocks) == 50
    # the date line and the buttons survive the cut, after a note saying it was cut
    assert [b["type"] for b in posted.blocks[-3:]] == ["context", "context", "actions"]
    assert "shortened" in posted.blocks[-3]["elements"][0]["text"]
    assert posted.blocks[-2]["elements"][0]["text"] == "Paper Review No. 42"
    assert len(posted.blocks[0]["text"]["text"]) <= 150
    for block in posted.blocks[2:-3]:
        assert block["text"]["text"].rstrip().endswith(("forget.", "forget._", "forget.*"))


async def test_digest_threads_each_review_under_the_digest_a_second_apart(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], sleeps: list[float]
) -> None:
    adapter = make_adapter()
    target = Target("slack", channel="C0DIGEST")
    parent = await adapter.send(target, digest_message(), idempotency_key="digest:C0DIGEST:d")
    for number in range(3):
        threaded = Target("slack", channel="C0DIGEST", thread=parent.message_id)
        await adapter.send(
            threaded, review_message(review(number=number)), idempotency_key=f"t{number}"
        )

    first, *replies = fake.messages
    assert first.thread_ts is None
    assert block_problems(first.blocks) == []
    assert [m.thread_ts for m in replies] == [parent.message_id] * 3
    assert sleeps == []  # the outbox sender paces (tests/adapters/test_slack_pacing.py)
    link = next(b for b in first.blocks if "example.org/today" in b.get("text", {}).get("text", ""))
    assert link["text"]["text"] == "<https://example.org/today?a=1&amp;b=2|All of today's papers>"
    found = await adapter.find_sent(
        Target("slack", channel="C0DIGEST", thread=parent.message_id), "t1"
    )
    assert found is not None
    assert found.message_id == replies[1].ts


async def test_direct_message_opens_the_dm_channel(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    fake.add_user("U0ALICE")
    ref = await make_adapter().send(Target("slack", user="U0ALICE"), review_message(review()))

    assert fake.calls_to("conversations.open")[0].params["users"] == "U0ALICE"
    assert ref.channel == "DU0ALICE"
    assert fake.messages[0].channel == "DU0ALICE"


async def test_429_is_waited_out_then_the_post_succeeds(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], sleeps: list[float]
) -> None:
    fake.rate_limit("chat.postMessage", retry_after=3)
    ref = await make_adapter().send(CHANNEL, OutboundMessage.text("hello"))

    assert len(fake.calls_to("chat.postMessage")) == 2
    assert sleeps == [3.0]
    assert ref.message_id == fake.messages[0].ts


async def test_429_beyond_the_retries_is_handed_back_with_retry_after(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], sleeps: list[float]
) -> None:
    fake.rate_limit("chat.postMessage", retry_after=2, times=5)
    with pytest.raises(SendError) as caught:
        await make_adapter(rate_limit_retries=2).send(CHANNEL, OutboundMessage.text("hello"))

    assert caught.value.retry_after == 2
    assert not caught.value.permanent
    assert not caught.value.global_limit
    assert sleeps == [2.0, 2.0]
    assert len(fake.calls_to("chat.postMessage")) == 3


async def test_a_long_retry_after_is_not_waited_in_place(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], sleeps: list[float]
) -> None:
    fake.rate_limit("chat.postMessage", retry_after=600)
    with pytest.raises(SendError) as caught:
        await make_adapter().send(CHANNEL, OutboundMessage.text("hello"))

    assert caught.value.retry_after == 600
    assert sleeps == []


@pytest.mark.parametrize(
    ("channel", "reason"), [("C0OUTSIDE", "not_in_channel"), ("C0NOPE", "channel_not_found")]
)
async def test_a_channel_the_bot_cannot_post_to_is_a_permanent_failure(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], channel: str, reason: str
) -> None:
    with pytest.raises(SendError) as caught:
        await make_adapter().send(Target("slack", channel=channel), OutboundMessage.text("hi"))

    assert caught.value.permanent
    assert caught.value.reason == reason


async def test_a_server_error_is_transient(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    fake.fail("chat.postMessage", "internal_error", status=200)
    with pytest.raises(SendError) as caught:
        await make_adapter().send(CHANNEL, OutboundMessage.text("hi"))

    assert caught.value.reason == "internal_error"
    assert not caught.value.permanent


async def test_a_bad_token_is_permanent_and_not_shown(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter(secrets=Secrets.model_validate({"slack_bot_token": "xoxb-wrong-999"}))
    with pytest.raises(SendError) as caught:
        await adapter.send(CHANNEL, OutboundMessage.text("hi"))

    assert caught.value.permanent
    assert caught.value.reason == "invalid_auth"
    assert "xoxb" not in str(caught.value)


async def test_find_sent_finds_the_message_by_its_key_after_a_crash(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter()
    await adapter.send(CHANNEL, OutboundMessage.text("other"), idempotency_key="post:a")
    sent = await adapter.send(CHANNEL, OutboundMessage.text("mine"), idempotency_key="post:b")
    await adapter.send(CHANNEL, OutboundMessage.text("no key"))

    assert await adapter.find_sent(CHANNEL, "post:b") == sent
    assert await adapter.find_sent(CHANNEL, "post:never") is None
    history = fake.calls_to("conversations.history")[0].params
    assert history["include_all_metadata"] in ("1", "true", True)


def test_missing_bot_token_fails_fast_naming_the_variable() -> None:
    with pytest.raises(SlackConfigError, match="SLACK_BOT_TOKEN"):
        SlackAdapter("slack", AdapterConfig(), Secrets())


def test_bad_settings_name_the_key() -> None:
    settings = AdapterConfig.model_validate({"mode": "carrier-pigeon", "prot": 80})
    with pytest.raises(SlackConfigError) as caught:
        SlackAdapter("slack", settings, Secrets.model_validate({"slack_bot_token": "xoxb-1-a"}))

    assert "adapters.slack.mode" in str(caught.value)
    assert "adapters.slack.prot: unknown key" in str(caught.value)


def _texts(blocks: list[dict[str, object]]) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found
