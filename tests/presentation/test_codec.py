"""A post survives the outbox: its view round-trips as JSON, and rows stored before posts
had a view (with a "review") still load and render as they did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.discord.render import render as render_discord
from adapters.slack.render import render_message
from bot.model import OutboundMessage, message_from_dict, message_to_dict
from bot.presentation import PostFormatError, post_message, render_text
from tests.discord.limits import check_all
from tests.presentation.views import VIEWS
from tests.slack.limits import block_problems

OLD_ROW = Path(__file__).parent / "data" / "outbox_row_with_review.json"


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_a_post_comes_back_from_the_outbox_unchanged(name: str) -> None:
    message = post_message(VIEWS[name]())
    stored = json.loads(json.dumps(message_to_dict(message)))
    assert message_from_dict(stored) == message


def test_a_row_stored_with_a_review_still_loads_and_renders_as_before() -> None:
    row = json.loads(OLD_ROW.read_text(encoding="utf-8"))
    assert "review" in row
    assert "post" not in row
    message = message_from_dict(row)
    view = message.post
    assert view is not None
    assert render_text(view) == row["fallback"]  # the house text, character for character
    assert view.number == 5
    assert [a.value for a in view.actions] == ["cat:cs.LG"]
    slack = render_message(message)
    assert block_problems(list(slack.blocks)) == []
    header = slack.blocks[0]["text"]["text"]
    assert header == "⚡️🚀 Mike's Daily Paper - 28.11.24: " + view.header.title
    parts = render_discord(message)
    check_all(parts)
    assert [b.label for b in parts[-1].buttons][-1] == "Subscribe to this topic"


def test_a_damaged_post_is_refused_with_a_clear_error() -> None:
    stored = message_to_dict(post_message(VIEWS["minimal"]()))
    del stored["post"]["header"]["date"]
    with pytest.raises(PostFormatError, match="date"):
        message_from_dict(stored)


def test_an_action_from_a_newer_version_is_left_out() -> None:
    stored = message_to_dict(post_message(VIEWS["full"]()))
    stored["post"]["actions"].insert(0, {"action": "remind", "value": "2405.03003"})
    view = message_from_dict(stored).post
    assert view is not None
    assert [a.action.value for a in view.actions] == ["subscribe"]


def test_a_plain_message_has_no_post() -> None:
    message = OutboundMessage.text("No papers today.")
    assert message_from_dict(message_to_dict(message)).post is None
