"""Every renderer, golden-tested from the same PostViews (tests/presentation/views.py).

Set PAPERBOY_TEST_UPDATE_GOLDEN=1 to rewrite the files after a deliberate change, then
read the diff: it is what readers will see change on each platform.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from adapters.discord.render import render as render_discord
from adapters.slack.render import render_message
from bot.presentation import PostView, post_message, render_text
from tests.discord.limits import check_all
from tests.presentation.views import VIEWS, hostile
from tests.slack.limits import block_problems, mentions

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PAPERBOY_TEST_UPDATE_GOLDEN") == "1"


def _text(view: PostView) -> str:
    return render_text(view) + "\n"


def _slack(view: PostView) -> str:
    payload = render_message(post_message(view)).payload()
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _discord(view: PostView) -> str:
    parts = [asdict(part) for part in render_discord(post_message(view))]
    parts = [{k: v for k, v in p.items() if k != "attachment" or v is not None} for p in parts]
    return json.dumps(parts, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"txt": _text, "slack.json": _slack, "discord.json": _discord}


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_golden(name: str, renderer: str) -> None:
    shown = RENDERERS[renderer](VIEWS[name]())
    path = GOLDEN / f"{name}.{renderer}"
    if UPDATE:
        path.write_text(shown, encoding="utf-8")
    assert shown == path.read_text(encoding="utf-8")


def _slack_texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["text"]] if isinstance(node.get("text"), str) else []
        return own + [t for value in node.values() for t in _slack_texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in _slack_texts(value)]
    return []


def _discord_texts(view: PostView) -> list[str]:
    texts: list[str] = []
    for part in render_discord(post_message(view)):
        texts += [button.label for button in part.buttons]
        for embed in part.embeds:
            texts += [embed.get("title", ""), embed.get("description", "")]
            texts.append(embed.get("footer", {}).get("text", ""))
            texts.append(embed.get("author", {}).get("name", ""))
            texts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", ())]
    return texts


def test_every_platform_shows_the_same_labels_date_and_buttons() -> None:
    view = VIEWS["full"]()
    text = render_text(view)
    slack = "\n".join(_slack_texts(render_message(post_message(view)).payload()["blocks"]))
    discord = "\n".join(_discord_texts(view))
    same_everywhere = ["28.11.24", "Why this paper", "Sources", "Key Problem", "Methodology"]
    for word in same_everywhere:
        assert word in text
        assert word in slack
        assert word in discord
    on_chat = ["Paper Review No. 5", "Open paper", "PDF", "Subscribe to this topic",
               "▲ 42 upvotes", "by article"]  # fmt: skip
    for word in on_chat:
        assert word in slack
        assert word in discord
    assert "Blog review" in discord  # the link labels
    assert "Code" in discord
    assert "2024-11-28" not in slack + discord  # one date format


@pytest.mark.parametrize("size", [0, 10_000])
def test_hostile_text_stays_inert_and_within_every_limit(size: int) -> None:
    view = hostile(size)
    slack = render_message(post_message(view))
    assert block_problems(list(slack.blocks)) == []
    assert all(mentions(t) == [] for t in [slack.text, *_slack_texts(list(slack.blocks))])
    parts = render_discord(post_message(view))
    check_all(parts)
    assert any(part.buttons for part in parts)
    text = render_text(view)
    assert text.count("Sentence.") == 2 * view.hook.count("Sentence.")  # nothing cut
