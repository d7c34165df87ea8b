"""Votes and privacy: `like`, `dislike`, `feedback reset`, `forget me`, and `more`.

A vote is kept per reader and per channel (a DM is its own channel); voting again
replaces the reader's earlier vote. The reply shows the channel's counts, as the post
itself cannot always be edited.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.commands.common import Context, UsageError, reply, safe_echo
from bot.commands.render import papers_message
from bot.feedback.model import Forgotten, Vote, VoteCounts, channel_key
from bot.feedback.ports import FeedbackStore
from bot.ids import InvalidArxivId, parse_arxiv_id
from bot.model import (
    Button,
    Buttons,
    CommandReply,
    OutboundMessage,
    Paper,
    Text,
    message_from_dict,
)
from bot.presentation import post_message
from bot.presentation.codec import PostFormatError
from bot.ranking import closest

log = logging.getLogger(__name__)
MORE_EXAMPLE = "/paper more 2403.17887"
FORGET_EXAMPLE = "/paper forget me"
FORGET_BUTTON = "Delete everything about me"
MORE_POOL = 2_000  # the newest stored papers `more` compares with
MORE_COUNT = 5
THUMB = {Vote.LIKE: "👍", Vote.DISLIKE: "👎"}


def feedback_store(ctx: Context) -> FeedbackStore:
    if ctx.deps.feedback is None:
        raise UsageError("feedback is not kept by this bot (no store for it)", "/paper help")
    return ctx.deps.feedback


def here(ctx: Context) -> str:
    invocation = ctx.invocation
    return channel_key(invocation.platform, invocation.workspace, invocation.channel)


async def stored_paper(ctx: Context, arguments: str, example: str, *, undone: str) -> Paper:
    """The stored paper an argument names, or a UsageError saying what is wrong: `undone`
    is what the command could not do to an unstored paper ("followed", "saved")."""
    text = arguments.strip().split()[0] if arguments.strip() else ""
    if not text:
        raise UsageError("which paper? Give its arXiv id", example)
    try:
        arxiv_id, _version = parse_arxiv_id(text)
    except InvalidArxivId:
        raise UsageError(f"{safe_echo(text)!r} is not an arXiv id or URL", example) from None
    paper = await ctx.deps.store.get_paper(arxiv_id)
    if paper is None:
        raise UsageError(
            f"paper {arxiv_id} is not stored here, so it cannot be {undone} "
            f"(`/paper show {arxiv_id}` fetches it first)",
            example,
        )
    return paper


POST_OPTION = "post"  # a reaction: the platform's id of the message reacted to
UNDO_OPTION = "undo"  # "true" when the reaction was removed: the vote it gave goes
GONE = (
    "That message is not one of the paper posts I know (it may have been deleted), so the "
    "vote was not kept. Vote by id instead: `/paper {word} 2403.17887`."
)


async def _vote(ctx: Context, arguments: str, vote: Vote) -> CommandReply:
    """A vote by id, or by a reaction on a post (the `post` option: its message id)."""
    store = feedback_store(ctx)
    post = ctx.invocation.option(POST_OPTION)
    if post and not arguments.strip():
        paper_id = await store.post_paper(post)
        if paper_id is None:
            return reply(GONE.format(word=vote.word))
        if ctx.invocation.option(UNDO_OPTION) == "true":
            return await _unvote(ctx, store, paper_id, vote)
        arguments = paper_id
    paper = await stored_paper(ctx, arguments, f"/paper {vote.word} 2403.17887", undone="voted on")
    before = await store.set_vote(ctx.invocation.owner, here(ctx), paper.arxiv_id, vote, ctx.now)
    counts = await store.vote_counts(here(ctx), paper.arxiv_id)
    change = f" (was {THUMB[before]})" if before is not None and before is not vote else ""
    answer = reply(
        f"{THUMB[vote]} Noted: you {vote.word} {paper.arxiv_id}, "
        f"{safe_echo(paper.title, 80)}{change}. Here: {counts.likes} 👍 · "
        f"{counts.dislikes} 👎. What you like ranks papers like it higher."
    )
    return replace(answer, updated_post=await voted_post(store, post, paper.arxiv_id, counts))


async def _unvote(ctx: Context, store: FeedbackStore, paper_id: str, vote: Vote) -> CommandReply:
    """A removed reaction: its vote goes, unless the reader has voted otherwise since."""
    removed = await store.remove_vote(ctx.invocation.owner, here(ctx), paper_id, vote)
    counts = await store.vote_counts(here(ctx), paper_id)
    tally = f"Here: {counts.likes} 👍 · {counts.dislikes} 👎."
    if not removed:
        return reply(f"You had no {THUMB[vote]} vote on {paper_id} here to remove. {tally}")
    answer = reply(f"Removed your {THUMB[vote]} vote on {paper_id}. {tally}")
    post = ctx.invocation.option(POST_OPTION)
    return replace(answer, updated_post=await voted_post(store, post, paper_id, counts))


async def voted_post(
    store: FeedbackStore, message_id: str | None, paper_id: str, counts: VoteCounts
) -> OutboundMessage | None:
    """The post voted on (found by its message id in the outbox), shown again with the
    channel's counts; None when the vote came from elsewhere or the post is not `paper_id`'s."""
    payload = await store.post_payload(message_id) if message_id else None
    try:
        message = message_from_dict(payload) if payload else None
    except (PostFormatError, KeyError, TypeError, ValueError):
        log.warning("a stored post cannot be read back", extra={"message": message_id})
        return None
    view = message.post if message is not None else None
    if message is None or view is None or view.paper_id != paper_id:
        return None
    votes = (counts.likes, counts.dislikes)
    return post_message(replace(view, votes=votes), color_key=message.color_key)


async def like(ctx: Context, arguments: str) -> CommandReply:
    """Like a paper: papers like it rank higher for you and this channel."""
    return await _vote(ctx, arguments, Vote.LIKE)


async def dislike(ctx: Context, arguments: str) -> CommandReply:
    """Dislike a paper: papers like it rank lower for you and this channel."""
    return await _vote(ctx, arguments, Vote.DISLIKE)


async def feedback(ctx: Context, arguments: str) -> CommandReply:
    """`feedback reset`: forget every vote you gave (topics and saved papers stay)."""
    if arguments.strip().lower() != "reset":
        raise UsageError("feedback takes `reset`", "/paper feedback reset")
    count = await feedback_store(ctx).reset_votes(ctx.invocation.owner)
    return reply(f"Deleted your {count} vote(s); rankings no longer learn from them.")


async def forget(ctx: Context, arguments: str) -> CommandReply:
    """`forget me`, then `forget me confirm`: delete everything stored about you."""
    words = arguments.lower().split()
    if words[:1] != ["me"] or words[1:] not in ([], ["confirm"]):
        raise UsageError("forget takes `me`, then `me confirm`", FORGET_EXAMPLE)
    store = feedback_store(ctx)
    if words[1:] != ["confirm"]:
        warning = (
            "This deletes everything stored about you: your topics, votes, saved papers, "
            "mutes, the DMs sent to you and the questions you asked. It cannot be undone. "
            "To go ahead: `/paper forget me confirm`"
        )
        confirm = Button(FORGET_BUTTON, action="forget", value="me confirm")
        return CommandReply(
            OutboundMessage((Text.plain(warning), Buttons((confirm,))), fallback=warning)
        )
    gone = await store.forget_reader(ctx.invocation.owner)
    return reply(forgotten_text(gone))


def forgotten_text(gone: Forgotten) -> str:
    if gone.total == 0:
        return "Nothing was stored about you; nothing was deleted."
    return (
        f"Deleted everything stored about you: {gone.subscriptions} topic(s), "
        f"{gone.votes} vote(s), {gone.saved} saved paper(s), {gone.mutes} mute(s), "
        f"{gone.deliveries} delivery record(s), {gone.questions} question(s)."
    )


async def more(ctx: Context, arguments: str) -> CommandReply:
    """The stored papers closest to one paper (by title and abstract)."""
    paper = await stored_paper(ctx, arguments, MORE_EXAMPLE, undone="compared with other papers")
    pool = await ctx.deps.store.papers_since(None, limit=MORE_POOL)
    found = closest(paper, pool, MORE_COUNT)
    if not found:
        return reply(f"No stored paper is close to {paper.arxiv_id} yet.")
    heading = f"Closest to {paper.arxiv_id}: {safe_echo(paper.title, 120)}"
    return CommandReply(papers_message(heading, [p for p, _ in found]))


__all__ = ["dislike", "feedback", "forget", "here", "like", "more", "stored_paper"]
