"""The embed renderer: golden outputs, every Discord limit, escaping, sentence splitting."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord.packing import MAX_TOTAL, embed_size
from adapters.discord.render import Rendered, color_for, render
from adapters.discord.text import escape, split_text, truncate
from bot.model import (
    Block,
    Button,
    Buttons,
    Fields,
    Header,
    LinkBlock,
    OutboundMessage,
    ReviewSection,
    Span,
    Text,
)
from tests.discord.limits import MENTION, check_all
from tests.discord.samples import message_of, review

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PAPERBOY_TEST_UPDATE_GOLDEN") == "1"


def _golden(name: str, parts: tuple[Rendered, ...]) -> None:
    dicts = [asdict(part) for part in parts]  # a part with no file: as before files
    kept = [{k: v for k, v in d.items() if k != "attachment" or v is not None} for d in dicts]
    data = json.loads(json.dumps(kept))
    path = GOLDEN / f"{name}.json"
    if UPDATE or not path.exists():
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert data == json.loads(path.read_text(encoding="utf-8"))


def test_golden_review_fits_in_one_embed_with_the_sections_as_description() -> None:
    parts = render(message_of(review()))
    _golden("review_short", parts)
    (part,) = parts
    (embed,) = part.embeds
    assert embed["title"] == "Parameter-Efficient Fine-Tuning with Discrete Fourier Transform"
    assert embed["url"] == "https://arxiv.org/abs/2405.03003"
    assert "**Key Problem**" in embed["description"]
    assert embed["footer"]["text"] == "Paper Review No. 5 · 23.11.26 · ▲ 42 upvotes · by extractive"
    assert [b.label for b in part.buttons] == ["Open paper", "PDF", "Subscribe to this topic"]
    assert part.buttons[2].custom_id == "paperboy:subscribe:cat:cs.LG"


def test_golden_long_review_becomes_fields_split_at_sentences() -> None:
    parts = render(message_of(review(section_chars=2500)))
    _golden("review_long", parts)
    check_all(parts)
    fields = [f for part in parts for e in part.embeds for f in e.get("fields", ())]
    names = [f["name"] for f in fields]
    assert "Methodology" in names
    assert "Methodology (cont.)" in names
    for item in fields:
        if item["name"].startswith(("Key", "Method", "Results", "Signif")):
            assert item["value"].endswith("margin."), "a chunk ends at a sentence boundary"


def test_golden_generic_message_blocks() -> None:
    message = OutboundMessage(
        blocks=(
            Header("Results for diffusion", url="https://example.org/q"),
            Text((Span("A "), Span("bold", bold=True), Span(" and "), Span("code*", code=True))),
            Text((Span("Paper title", url="https://arxiv.org/abs/2401.00001"),), label="1."),
            Fields((("Date", "2026-11-23"), ("Categories", "cs.LG"))),
            LinkBlock("More", "https://example.org/more"),
            Buttons((Button("Subscribe", action="subscribe", value="diffusion"),)),
        ),
        fallback="Results for diffusion",
    )
    parts = render(message)
    _golden("generic", parts)
    (embed,) = parts[0].embeds
    assert embed["title"] == "Results for diffusion"
    assert "A **bold** and `code*`" in embed["description"]
    assert "[Paper title](https://arxiv.org/abs/2401.00001)" in embed["description"]


def test_plain_text_reply_is_one_embed_and_a_message_without_blocks_uses_the_fallback() -> None:
    (part,) = render(OutboundMessage.text("Saved."))
    assert part.embeds[0]["description"] == "Saved."
    assert part.content is None
    (empty,) = render(OutboundMessage(blocks=(), fallback="@everyone hi"))
    assert empty.content == "@\u200beveryone hi"


def test_hostile_title_shows_as_text_and_pings_nobody() -> None:
    title = "**bold** @everyone <@&123456789012345678> <@123456789012345678> @here [x](http://e)"
    parts = render(message_of(review(title=title)))
    check_all(parts)
    shown = parts[0].embeds[0]["title"]
    assert shown.startswith(r"\*\*bold\*\*")
    assert "@\u200beveryone" in shown
    assert "<\u200b@&123456789012345678>" in shown


def test_a_huge_review_is_split_over_messages_and_embeds_within_every_limit() -> None:
    big = review(section_chars=20_000)
    parts = render(message_of(big))
    check_all(parts)
    assert len(parts) > 1
    assert all(len(p.embeds) <= 10 for p in parts)
    assert parts[0].embeds[0]["title"]
    assert "footer" in parts[-1].embeds[-1]
    assert parts[-1].buttons
    assert not parts[0].buttons
    shown = " ".join(f["value"] for p in parts for e in p.embeds for f in e.get("fields", ()))
    for section in big.sections:
        for sentence in re.split(r"(?<=\.) ", section.text):
            assert sentence in shown


def test_colour_is_stable_per_source() -> None:
    assert color_for("arxiv") == color_for("arxiv-ml") == 0xB31B1B
    assert color_for("hf_daily") == 0xFFD21E
    assert color_for("blog-a") == color_for("blog-a")
    assert color_for(None) != color_for("arxiv")


def test_split_text_prefers_sentence_then_word_boundaries() -> None:
    text = "One two three. Four five six. " * 10
    chunks = split_text(text, 40)
    assert all(len(c) <= 40 for c in chunks)
    assert all(c.endswith(".") for c in chunks)
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_truncate_never_leaves_a_dangling_escape() -> None:
    escaped = escape("a" * 8 + "*" * 10)
    for limit in range(2, len(escaped)):
        cut = truncate(escaped, limit)
        assert len(cut) <= limit
        body = cut.removesuffix("…")
        assert (len(body) - len(body.rstrip("\\"))) % 2 == 0


PIECES = [*"ab *_~`|>#-[]()<>@&!:\\\n.", "@everyone", "<@&123456789012345678>", "@here", "<#1>"]
hostile = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(max_examples=150, deadline=None)
@given(title=st.one_of(st.text(max_size=600), hostile), hook=st.text(max_size=300))
def test_no_generated_title_breaks_a_limit_or_pings(title: str, hook: str) -> None:
    item = replace(review(), title=title, hook=hook)
    parts = render(message_of(item))
    check_all(parts)
    assert parts[0].embeds[0]["title"]


@settings(max_examples=60, deadline=None)
@given(
    sections=st.lists(
        st.tuples(
            st.sampled_from(["Key Problem", "Methodology", "Results"]), st.text(max_size=7000)
        ),
        max_size=6,
    ),
    categories=st.lists(
        st.one_of(st.text(min_size=1, max_size=300), st.sampled_from(["\x01", " ", "\u202a"])),
        max_size=8,
    ),
)
def test_no_generated_review_breaks_a_limit(
    sections: list[tuple[str, str]], categories: list[str]
) -> None:
    item = replace(
        review(),
        sections=tuple(ReviewSection(n, t) for n, t in sections),
        categories=tuple(categories),
    )
    parts = render(message_of(item))
    check_all(parts)
    assert sum(embed_size(e) for p in parts for e in p.embeds) > 0


@settings(max_examples=80, deadline=None)
@given(
    texts=st.lists(st.one_of(st.text(max_size=3000), hostile), min_size=1, max_size=8),
    header=st.one_of(st.none(), hostile),
)
def test_no_generated_message_breaks_a_limit_or_pings(texts: list[str], header: str | None) -> None:
    blocks: list[Block] = [Header(header)] if header is not None else []
    blocks += [Text((Span(t, bold=i % 2 == 0),)) for i, t in enumerate(texts)]
    blocks.append(Fields(tuple((t[:50] or "k", t) for t in texts)))
    parts = render(OutboundMessage(blocks=tuple(blocks), fallback=texts[0]))
    check_all(parts)
    assert sum(embed_size(e) for e in parts[0].embeds) <= MAX_TOTAL


@pytest.mark.parametrize(
    "text", ["@everyone", "@here", "<@&123456789012345678>", "<#123456789012345678>"]
)
def test_escape_neutralises_each_mention(text: str) -> None:
    assert not MENTION.search(escape(text))


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab .!?\"')\n\\*")), max_size=600),
    limit=st.integers(2, 80),
)
def test_split_text_keeps_every_character_in_order_within_the_limit(text: str, limit: int) -> None:
    chunks = split_text(text, limit)
    assert all(0 < len(c) <= limit for c in chunks)
    assert "".join("".join(chunks).split()) == "".join(text.split())


def test_split_text_keeps_closing_quotes_with_their_sentence() -> None:
    assert split_text('He said "yes." Then he left.', 16) == ['He said "yes."', "Then he left."]
