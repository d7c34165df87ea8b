"""The house text format (golden files, one per producer) and the neutral message."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import httpx
import pytest

from bot.clock import FrozenClock
from bot.config import ReviewConfig, ReviewLLMConfig
from bot.model import (
    Buttons,
    Fields,
    Header,
    LinkBlock,
    Review,
    ReviewSection,
    message_from_dict,
    message_to_dict,
)
from bot.review import Reviewer, render_text, review_message
from bot.review.roles import RoleModel
from storage import SqlStore
from tests.review.fake_llm import FakeLLM
from tests.review.samples import article_paper, make_paper

GOLDEN = Path(__file__).parent / "golden"
UPDATE = "PAPERBOY_TEST_UPDATE_GOLDEN"  # set to 1 to rewrite the golden files
CONFIG = ReviewConfig(series="Mike's Daily Paper", emoji="⚡️🚀")


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get(UPDATE) == "1":
        path.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == path.read_text(encoding="utf-8")


async def test_golden_extractive(
    sqlite_store: SqlStore, clock: FrozenClock, role_model: RoleModel
) -> None:
    async with httpx.AsyncClient() as http:
        reviewer = Reviewer(CONFIG, sqlite_store, http, clock, None, classifier=role_model)
        review = await reviewer.review(make_paper(), number=500)
    assert review.producer == "extractive"
    _check_golden("extractive", render_text(review))


async def test_golden_article(sqlite_store: SqlStore, clock: FrozenClock) -> None:
    async with httpx.AsyncClient() as http:
        review = await Reviewer(CONFIG, sqlite_store, http, clock, None).review(article_paper())
    assert review.producer == "article"
    _check_golden("article", render_text(review))


async def test_golden_llm(sqlite_store: SqlStore, clock: FrozenClock, fake_llm: FakeLLM) -> None:
    config = ReviewConfig(
        series="Mike's Daily Paper", emoji="⚡️🚀", llm=ReviewLLMConfig(base_url=fake_llm.url)
    )
    async with httpx.AsyncClient() as http:
        review = await Reviewer(config, sqlite_store, http, clock, "sk-x").review(make_paper())
    assert review.producer == "llm"
    _check_golden("llm", render_text(review))


def _review(**changes: object) -> Review:
    fields: dict[str, object] = {
        "paper_id": "2403.17887",
        "title": "The Unreasonable Ineffectiveness of the Deeper Layers",
        "date": dt.date(2024, 11, 22),
        "hook": "Half the layers can go.",
        "sections": (
            ReviewSection("Key Problem", "Layers are costly."),
            ReviewSection("Results", "Half can go."),
        ),
        "link": "https://arxiv.org/abs/2403.17887",
        "producer": "extractive",
    }
    fields.update(changes)
    return Review(**fields)  # type: ignore[arg-type]


def test_the_plain_text_is_the_house_format() -> None:
    assert render_text(_review()) == (
        "Daily Paper - 22.11.24: The Unreasonable Ineffectiveness of the Deeper Layers\n\n"
        "Half the layers can go.\n\n"
        "Key Problem: Layers are costly.\n\n"
        "Results: Half can go.\n\n"
        "<https://arxiv.org/abs/2403.17887>"
    )
    numbered = render_text(_review(number=12, emoji="⚡️", series="Deep Learning"))
    assert numbered.startswith("⚡️ Deep Learning - 22.11.24: The Unreasonable")
    assert numbered.splitlines()[1] == "Paper Review No. 12"


@pytest.mark.parametrize("producer", ["extractive", "article", "llm"])
async def test_the_message_carries_every_part_of_the_review(
    sqlite_store: SqlStore, clock: FrozenClock, fake_llm: FakeLLM, producer: str
) -> None:
    config = ReviewConfig(llm=ReviewLLMConfig(base_url=fake_llm.url))
    async with httpx.AsyncClient() as http:
        reviewer = Reviewer(config, sqlite_store, http, clock, None)
        paper = article_paper() if producer == "article" else make_paper()
        review = await reviewer.review(paper, producer=producer, number=4)
    assert review.producer == producer
    message = review_message(review)
    view = message.post
    assert view is not None
    assert message.fallback == render_text(review)
    assert view.header.title == review.title
    assert view.header.url == review.link
    assert view.hook == review.hook
    assert [(s.name, s.text) for s in view.sections] == [
        (s.name, s.text) for s in review.sections
    ]
    assert view.number == 4
    assert view.producer == producer
    assert [link.url for link in view.links] == [link.url for link in review.links]
    assert view.link_buttons() == (
        ("Open paper", f"https://arxiv.org/abs/{paper.arxiv_id}"),
        ("PDF", f"https://arxiv.org/pdf/{paper.arxiv_id}"),
    )
    (subscribe,) = view.actions
    assert subscribe.action == "subscribe"
    assert subscribe.value == f"cat:{paper.categories[0]}"
    # the neutral blocks show the same post, for a renderer that does not know posts
    header = message.blocks[0]
    assert isinstance(header, Header)
    assert review.title in header.text
    fields = dict(next(b for b in message.blocks if isinstance(b, Fields)).items)
    assert fields["Date"] == "28.11.24"
    assert fields["Review"] == "No. 4"
    buttons = next(b for b in message.blocks if isinstance(b, Buttons)).buttons
    assert [b.label for b in buttons] == ["Open paper", "PDF", "Subscribe to this topic"]
    links = [b for b in message.blocks if isinstance(b, LinkBlock)]
    assert {link.url for link in links} >= {link.url for link in review.links}
    assert message_from_dict(message_to_dict(message)) == message  # survives the outbox


def test_a_review_without_categories_offers_its_title_as_the_topic() -> None:
    message = review_message(_review(title='"Quoted": A (Small) Model'))
    assert message.post is not None
    assert [a.value for a in message.post.actions] == ["Quoted A Small Model"]
