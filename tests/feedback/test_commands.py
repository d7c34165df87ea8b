"""Votes, saves, mutes and forgetting through the real dispatcher and a real store."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from adapters.discord.render import render as discord_render
from adapters.slack.render import render_message as slack_render
from bot.commands import Dispatcher
from bot.feedback.model import Mute, MuteKind, Vote, channel_key
from bot.model import (
    CommandInvocation,
    DeliveryMode,
    Owner,
    message_from_dict,
    message_to_dict,
)
from bot.presentation import post_message, post_view
from bot.ranking.post import with_feedback
from storage import SqlStore
from storage.base import DeliveryKind, NewDelivery
from tests.commands.conftest import NOW
from tests.feedback.conftest import Invoke
from tests.feedback.test_buttons import review_of

READER = Owner("console", "local", "u1")
HERE = channel_key("console", "local", "general")


async def test_like_then_dislike_replaces_the_vote(invoke: Invoke, filled_store: SqlStore) -> None:
    first = await invoke("like", "2503.00001")
    assert "you like 2503.00001" in first
    assert "1 👍 · 0 👎" in first
    again = await invoke("dislike", "https://arxiv.org/abs/2503.00001v2")
    assert "was 👍" in again
    assert "0 👍 · 1 👎" in again
    votes = await filled_store.reader_votes(READER)
    assert [(v.paper_id, v.vote) for v in votes] == [("2503.00001", Vote.DISLIKE)]


async def test_counts_are_per_channel(invoke: Invoke, filled_store: SqlStore) -> None:
    await invoke("like", "2503.00002", user="u1")
    await invoke("like", "2503.00002", user="u2")
    elsewhere = await invoke("dislike", "2503.00002", user="u3", channel="other")
    assert "0 👍 · 1 👎" in elsewhere
    assert await filled_store.vote_counts(HERE, "2503.00002") == (
        await filled_store.vote_counts(HERE, "2503.00002")
    )
    counts = await filled_store.vote_counts(HERE, "2503.00002")
    assert (counts.likes, counts.dislikes) == (2, 0)


async def test_unknown_paper_and_bad_id_get_a_clear_answer(
    invoke: Invoke, filled_store: SqlStore
) -> None:
    unknown = await invoke("like", "2401.99999")
    assert "2401.99999 is not stored here" in unknown
    assert "/paper show 2401.99999" in unknown
    bad = await invoke("dislike", "not-an-id")
    assert "is not an arXiv id" in bad
    assert "Example: `/paper dislike" in bad
    empty = await invoke("save", "")
    assert "which paper?" in empty
    assert await filled_store.reader_votes(READER) == []
    assert await filled_store.saved_papers(READER) == []


async def test_saved_and_exports(invoke: Invoke, filled_store: SqlStore) -> None:
    assert "no saved papers" in await invoke("saved")
    assert "Saved 2503.00002" in await invoke("save", "2503.00002")
    assert "saved already" in await invoke("save", "2503.00002")
    await invoke("save", "2503.00004")
    listed = await invoke("saved")
    assert listed.index("State Space Models") < listed.index("Graph Neural Networks")
    bib = await invoke("export", "bibtex")
    assert "@misc{gu2025_250300002," in bib
    assert "eprint = {2503.00002}" in bib
    assert "archivePrefix = {arXiv}" in bib
    assert "primaryClass = {q-bio.BM}" in bib
    assert "author = {Albert Gu and Tri Dao}" in bib
    assert "url = {https://arxiv.org/abs/2503.00004}" in bib
    assert "year = {2025}" in bib
    ris = await invoke("export", "ris")
    assert ris.count("TY  - ") == 2
    assert "AU  - Marie Curie" in ris
    assert "ER  - " in ris
    assert "takes `bibtex` or `ris`" in await invoke("export", "endnote")


async def test_mute_and_unmute(invoke: Invoke, filled_store: SqlStore) -> None:
    assert "Muted: author:Albert Gu" in await invoke("mute", 'author:"Albert Gu"')
    assert "Muted: cat:cs.CV" in await invoke("mute", "cat:cs.CV")
    assert 'Muted: "survey"' in await invoke("mute", '"survey"')
    assert "Already muted" in await invoke("mute", "cat:cs.CV")
    assert await filled_store.mutes(READER) == [
        Mute(MuteKind.AUTHOR, "Albert Gu"), Mute(MuteKind.CATEGORY, "cs.CV"),
        Mute(MuteKind.WORD, "survey"),
    ]  # fmt: skip
    assert "Lifted the mute cat:cs.CV" in await invoke("unmute", "cat:cs.CV")
    assert "no mute cat:cs.CV" in await invoke("unmute", "cat:cs.CV")
    assert "Lifted 2 mute(s)" in await invoke("unmute")
    assert "needs a value" in await invoke("mute", "author:")


async def test_feedback_reset_keeps_saves(invoke: Invoke, filled_store: SqlStore) -> None:
    await invoke("like", "2503.00001")
    await invoke("dislike", "2503.00003")
    await invoke("save", "2503.00001")
    assert "Deleted your 2 vote(s)" in await invoke("feedback", "reset")
    assert await filled_store.reader_votes(READER) == []
    assert await filled_store.saved_papers(READER) == ["2503.00001"]


async def test_forget_me_asks_first_then_deletes_everything(
    invoke: Invoke, filled_store: SqlStore
) -> None:
    await filled_store.add_subscription(READER, "diffusion", DeliveryMode.DAILY, NOW)
    other = Owner("console", "local", "u2")
    await filled_store.add_subscription(other, "diffusion", DeliveryMode.DAILY, NOW)
    await invoke("like", "2503.00001")
    await invoke("like", "2503.00001", user="u2")
    await invoke("save", "2503.00001")
    await invoke("mute", "cat:cs.RO")
    warning = await invoke("forget", "me")
    assert "cannot be undone" in warning
    assert "/paper forget me confirm" in warning
    assert len(await filled_store.list_subscriptions(READER)) == 1  # nothing deleted yet
    done = await invoke("forget", "me confirm")
    counts = dict((k, int(n)) for n, k in re.findall(r"(\d+) (topic|vote|saved|mute)", done))
    assert counts == {"topic": 1, "vote": 1, "saved": 1, "mute": 1}
    assert await filled_store.list_subscriptions(READER) == []
    assert await filled_store.reader_votes(READER) == []
    assert await filled_store.saved_papers(READER) == []
    assert await filled_store.mutes(READER) == []
    assert len(await filled_store.list_subscriptions(other)) == 1  # another reader keeps theirs
    assert len(await filled_store.reader_votes(other)) == 1
    assert "Nothing was stored about you" in await invoke("forget", "me confirm")


async def test_more_lists_the_closest_papers(invoke: Invoke) -> None:
    found = await invoke("more", "2503.00001")
    assert found.startswith("Closest to 2503.00001")
    assert "2503.00001" not in found.split("\n", 1)[1]
    titles = [t for t in ("A Survey of Diffusion", "Robot Learning", "Graph Neural") if t in found]
    assert titles[0] == "A Survey of Diffusion"  # shares "diffusion" and "models" with it
    assert found.index("A Survey of Diffusion") < found.index("Robot Learning")


async def test_an_export_is_a_file_that_keeps_its_lines_everywhere(
    dispatcher: Dispatcher, filled_store: SqlStore
) -> None:
    for paper_id in ("2503.00002", "2503.00004"):
        await filled_store.save_paper(READER, paper_id, NOW)
    reply = await dispatcher(
        CommandInvocation("console", "local", "general", "u1", False, "export", "ris")
    )
    message = reply.message
    assert message.attachment is not None
    assert (message.attachment.filename, message.attachment.mime) == (
        "saved-papers.ris", "application/x-research-info-systems",
    )  # fmt: skip
    assert message.attachment.content.count("\nER  - ") == 2
    assert "2 saved paper(s) as saved-papers.ris" in message.fallback
    assert message_from_dict(message_to_dict(message)) == message  # the outbox keeps the file
    assert discord_render(message)[-1].attachment == message.attachment
    slack_text = json.dumps(slack_render(message).payload(), ensure_ascii=False)
    assert "2503.00002 · 2503.00004" in slack_text  # the file itself goes by upload


async def test_a_vote_on_a_post_shows_that_post_again_with_the_counts(
    dispatcher: Dispatcher, filled_store: SqlStore
) -> None:
    post = with_feedback(post_message(post_view(review_of("2503.00002"))), None)
    item = NewDelivery(key="post:console:general:2503.00002", adapter="console",
                       channel="general", kind=DeliveryKind.POST,
                       payload=message_to_dict(post), paper_id="2503.00002")  # fmt: skip
    await filled_store.enqueue([item], NOW)
    (claimed,) = await filled_store.claim("w1", NOW)
    await filled_store.mark_sent(claimed.id, "m-42", NOW)

    def vote(user: str, command: str, **options: str) -> CommandInvocation:
        return CommandInvocation("console", "local", "general", user, False, command,
                                 options=tuple(options.items()))  # fmt: skip

    await dispatcher(vote("u2", "like", post="m-42"))
    reply = await dispatcher(vote("u1", "dislike", post="m-42"))
    assert reply.updated_post is not None
    assert reply.updated_post.post is not None
    assert reply.updated_post.post.votes == (1, 1)  # both readers, from the store
    assert reply.updated_post.post.actions == post.post.actions  # the same post, buttons kept
    by_id = await dispatcher(replace(vote("u3", "like"), arguments="2503.00002"))
    assert by_id.updated_post is None  # not voted on a post: nothing to show again
