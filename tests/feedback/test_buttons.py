"""A post can carry like / dislike / save buttons; each runs its `/paper` command with the
paper's id, as the Slack and Discord adapters run every core button."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.commands import Dispatcher
from bot.delivery.messages import Match, user_digest
from bot.feedback.model import Vote
from bot.model import (
    Button,
    Buttons,
    CommandInvocation,
    Owner,
    Paper,
    Review,
    ReviewSection,
)
from bot.presentation import post_from_dict, post_message, post_to_dict, post_view
from bot.presentation.build import FEEDBACK_ACTIONS
from storage import SqlStore


def review_of(paper_id: str) -> Review:
    return Review(
        paper_id=paper_id, number=None, title="Diffusion Models for Video Generation",
        date=dt.date(2025, 3, 10), hook="Video diffusion.",
        sections=(ReviewSection("Key Problem", "Video."),), link="", producer="extractive",
    )  # fmt: skip


async def test_feedback_buttons_run_their_commands(
    dispatcher: Dispatcher, filled_store: SqlStore
) -> None:
    view = post_view(review_of("2503.00001"), actions=FEEDBACK_ACTIONS)
    assert post_from_dict(post_to_dict(view)) == view  # crosses the outbox intact
    buttons = [
        b for block in post_message(view).blocks if isinstance(block, Buttons)
        for b in block.buttons if b.action
    ]  # fmt: skip
    assert [(b.label, b.action, b.value) for b in buttons] == [
        ("👍 More like this", "like", "2503.00001"),
        ("👎 Less like this", "dislike", "2503.00001"),
        ("Save", "save", "2503.00001"),
    ]
    for button in _clicks(buttons, "dislike", "like", "save"):
        reply = await dispatcher(
            CommandInvocation("slack", "T1", "C1", "U1", False, button.action or "", button.value)
        )
        assert "2503.00001" in reply.message.fallback
    reader = Owner("slack", "T1", "U1")
    assert [v.vote for v in await filled_store.reader_votes(reader)] == [Vote.LIKE]
    assert await filled_store.saved_papers(reader) == ["2503.00001"]


def test_a_feed_post_has_no_vote_buttons() -> None:
    assert post_view(review_of("feed:blog:1"), actions=FEEDBACK_ACTIONS).actions == ()


def _clicks(buttons: list[Button], *actions: str) -> list[Button]:
    return [next(b for b in buttons if b.action == action) for action in actions]


def test_a_dm_digest_carries_vote_buttons_for_each_arxiv_paper() -> None:
    papers = [Paper(arxiv_id=f"2612.0000{n}", title=f"Paper {n}", abstract="X.") for n in (1, 2)]
    blog = Paper(arxiv_id="feed:abc", title="A blog post", abstract="")
    message = user_digest([Match(p, "diffusion") for p in [*papers, blog]], daily=True)
    rows = [b.buttons for b in message.blocks if isinstance(b, Buttons)]
    assert [[(b.label, b.action, b.value) for b in row] for row in rows] == [
        [("👍 2612.00001", "like", "2612.00001"), ("👎 2612.00001", "dislike", "2612.00001")],
        [("👍 2612.00002", "like", "2612.00002"), ("👎 2612.00002", "dislike", "2612.00002")],
    ]  # the blog post (no arXiv id) cannot be voted on


def test_a_posts_counts_survive_the_outbox_and_old_rows_have_none() -> None:
    view = replace(post_view(review_of("2503.00002")), votes=(3, 1))
    assert post_from_dict(post_to_dict(view)) == view
    old = post_to_dict(view)
    del old["votes"]  # a row written before posts showed votes
    assert post_from_dict(old).votes is None
