"""The Block Kit renderer: golden files and properties that hold for any text."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack.commands import unescape
from adapters.slack.mrkdwn import split_text
from adapters.slack.render import render_message
from bot.model import Button, Buttons, Fields, Header, LinkBlock, OutboundMessage, Span, Text
from bot.presentation import post_view
from tests.slack.limits import block_problems, mentions
from tests.slack.samples import HOSTILE, digest_message, review, review_message

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

CASES = {
    "review": review_message(review()),
    "review_hostile": OutboundMessage(
        (), HOSTILE, post=post_view(review(title=HOSTILE, hook=HOSTILE))
    ),
    "digest": digest_message(),
    "plain": OutboundMessage.text("No papers today & nothing <new>."),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    rendered = render_message(CASES[name]).payload()
    path = GOLDEN / f"{name}.json"
    if UPDATE:
        path.write_text(json.dumps(rendered, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert rendered == json.loads(path.read_text("utf-8"))


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["text"]] if isinstance(node.get("text"), str) else []
        return own + [t for value in node.values() for t in _texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in _texts(value)]
    return []


hostile_text = st.lists(
    st.sampled_from([*list("ab .!?&<>|*_`@#:\n"), "<!channel>", "&amp;", "<@U1>", "é", "🙂"]),
    max_size=800,
).map("".join)
urls = st.one_of(
    st.none(),
    st.sampled_from(
        ["https://arxiv.org/abs/1", "javascript:alert(1)", "!channel", "https://a.b/x?a=1&b=<2>|x"]
    ),
)


@settings(max_examples=60, deadline=None)
@given(
    title=hostile_text,
    hook=hostile_text,
    body=hostile_text,
    cats=st.lists(hostile_text, max_size=12),
)
def test_no_review_breaks_a_limit_or_its_escaping(
    title: str, hook: str, body: str, cats: list[str]
) -> None:
    from bot.model import ReviewSection

    item = review(
        title=title,
        hook=hook,
        sections=tuple(ReviewSection(f"S{i} {title[:40]}", body) for i in range(8)),
        categories=tuple(cats),
    )
    rendered = render_message(OutboundMessage((), title + hook, post=post_view(item)))

    assert block_problems(list(rendered.blocks)) == []
    assert all(mentions(text) == [] for text in [rendered.text, *_texts(list(rendered.blocks))])


@settings(max_examples=40, deadline=None)
@given(
    spans=st.lists(
        st.builds(Span, hostile_text, st.booleans(), st.booleans(), st.booleans(), urls),
        max_size=6,
    ),
    label=st.one_of(st.none(), hostile_text),
    items=st.lists(st.tuples(hostile_text, hostile_text), max_size=25),
    link_url=urls,
    buttons=st.lists(
        st.builds(Button, hostile_text, urls, st.sampled_from([None, "search"]), hostile_text),
        max_size=30,
    ),
)
def test_no_neutral_message_breaks_a_limit(
    spans: list[Span],
    label: str | None,
    items: list[tuple[str, str]],
    link_url: str | None,
    buttons: list[Button],
) -> None:
    message = OutboundMessage(
        blocks=(
            Header(label or "", link_url),
            Text(tuple(spans), label),
            Fields(tuple(items)),
            LinkBlock(label or "", link_url or ""),
            Buttons(tuple(buttons)),
        ),
        fallback=label or "",
    )
    rendered = render_message(message)

    assert block_problems(list(rendered.blocks)) == []
    assert all(mentions(text) == [] for text in [rendered.text, *_texts(list(rendered.blocks))])
    for block in rendered.blocks:
        for element in block.get("elements", []):
            assert element.get("url", "https://").startswith(("https://", "http://", "mailto:"))


@settings(max_examples=100, deadline=None)
@given(title=st.text(max_size=140))
def test_a_title_that_fits_shows_exactly_as_typed(title: str) -> None:
    header = render_message(review_message(review(title=title))).blocks[0]
    shown = header["text"]["text"]
    normal = " ".join(f"Daily Paper - 23.11.26: {title}".split())
    if len(shown) < 150:
        assert unescape(shown) == normal
    else:
        assert normal.startswith(unescape(shown).removesuffix("…"))


@settings(max_examples=100, deadline=None)
@given(text=hostile_text, limit=st.integers(min_value=8, max_value=400))
def test_split_text_keeps_every_character_within_the_limit(text: str, limit: int) -> None:
    from adapters.slack.mrkdwn import escape

    escaped = escape(text)
    chunks = split_text(escaped, limit)

    assert all(len(chunk) <= limit for chunk in chunks)
    assert re.sub(r"\s", "", "".join(chunks)) == re.sub(r"\s", "", escaped)
    assert all(not re.search(r"&[a-z]{0,3}$", chunk) for chunk in chunks)


def test_sentences_stay_whole_when_they_fit() -> None:
    text = "First sentence here. Second one follows! Third? " * 5
    for chunk in split_text(text, 60):
        assert chunk.endswith((".", "!", "?"))


def test_the_cores_own_review_message_renders_in_the_house_style() -> None:
    from bot.review import review_message as core_review_message

    rendered = render_message(core_review_message(review(emoji="⚡️🚀")))

    assert block_problems(list(rendered.blocks)) == []
    assert rendered.blocks[0]["text"]["text"].startswith("⚡️🚀 Daily Paper - 23.11.26: Mamba")
    assert rendered.text.endswith("&lt;https://arxiv.org/abs/2312.00752&gt;")


def test_neutral_blocks_of_the_cores_review_render_too() -> None:
    from dataclasses import replace

    from bot.review import review_message as core_review_message

    neutral = replace(core_review_message(review()), post=None)
    rendered = render_message(neutral)

    assert block_problems(list(rendered.blocks)) == []
    labels = [e["text"]["text"] for b in rendered.blocks for e in b.get("elements", [])]
    assert "Subscribe to this topic" in labels
