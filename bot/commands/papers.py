"""`today` (this channel's papers of the day) and `show` (one paper's full review)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.commands.common import Context, UsageError, reply, safe_echo
from bot.commands.render import papers_message
from bot.commands.settings import here
from bot.ids import InvalidArxivId, parse_arxiv_id
from bot.model import (
    CommandReply,
    Header,
    LinkBlock,
    OutboundMessage,
    Paper,
    Review,
    Text,
)
from bot.presentation import post_message, post_view
from bot.sources.fetch import SourceError

SHOW_EXAMPLE = "/paper show 2403.17887"
NEWEST = 5


async def today(ctx: Context, arguments: str) -> CommandReply:
    """The papers selected for this channel today (or the newest papers)."""
    store = ctx.deps.store
    channel = await here(ctx)  # a TOML channel or one set up from chat
    if channel is not None:
        state = await store.get_channel_state(channel.name)
        zone = ZoneInfo((state.timezone if state and state.timezone else None) or channel.timezone)
        day = ctx.now.astimezone(zone).date()
        deliveries = await store.deliveries(channel_name=channel.name, day=day, limit=100)
        posted = sorted(deliveries, key=lambda d: (d.created, d.id))  # in posting order
        ids = list(dict.fromkeys(d.paper_id for d in posted if d.paper_id))
        if ids:
            found = {p.arxiv_id: p for p in await store.get_papers(ids)}
            papers = [found[i] for i in ids if i in found]
            heading = f"Today's papers in #{channel.name} ({day.isoformat()})"
            return CommandReply(papers_message(heading, papers))
        categories = (state.categories if state and state.categories is not None else None) or (
            channel.categories
        )
        sources = (state.sources if state and state.sources is not None else None) or (
            channel.sources
        )
        newest = await store.papers_since(
            None, sources=sources or None, categories=categories or None, limit=NEWEST * 10
        )
        note = f"No daily post in #{channel.name} yet today; the newest papers instead."
    else:
        newest = await store.papers_since(None, limit=NEWEST * 10)
        note = "This channel has no daily post; the newest papers instead."
    newest = sorted(newest, key=_published, reverse=True)[:NEWEST]
    if not newest:
        return reply("No papers are stored yet. They arrive with the next poll of the sources.")
    return CommandReply(papers_message("Newest papers", newest, note))


def _published(paper: Paper) -> dt.datetime:
    return paper.published or paper.first_seen or dt.datetime.min.replace(tzinfo=dt.UTC)


def _basic_review_message(review: Review) -> OutboundMessage:
    """Used when no review renderer was handed in (bot.review.review_message is the real one)."""
    return post_message(post_view(review))


def _abstract_message(paper: Paper) -> OutboundMessage:
    url = paper.abs_url
    blocks = (Header(paper.title, url=url or None), Text.plain(paper.abstract or "(no abstract)"))
    fallback = f"{paper.title}\n\n{paper.abstract}\n\n<{url}>"
    return OutboundMessage(
        blocks=blocks + ((LinkBlock("Paper", url),) if url else ()), fallback=fallback
    )


async def show(ctx: Context, arguments: str) -> CommandReply:
    """The full house-style review of one paper, by arXiv id or URL."""
    text = arguments.strip()
    if not text:
        raise UsageError("show needs an arXiv id or URL", SHOW_EXAMPLE)
    try:
        arxiv_id, _version = parse_arxiv_id(text)
    except InvalidArxivId:
        raise UsageError(f"{safe_echo(text)!r} is not an arXiv id or URL", SHOW_EXAMPLE) from None
    store = ctx.deps.store
    paper = await store.get_paper(arxiv_id)
    if paper is None:
        if ctx.deps.fetch_paper is None:
            return reply(f"Paper {arxiv_id} is not stored here (fetching from arXiv is off).")
        try:
            paper = await ctx.deps.fetch_paper(arxiv_id)
        except SourceError as exc:
            return reply(
                f"arXiv could not be reached for {arxiv_id} ({safe_echo(str(exc), 80)}); "
                "please try again later."
            )
        if paper is None:
            return reply(f"arXiv has no paper {arxiv_id}. Check the id, e.g. `{SHOW_EXAMPLE}`.")
        await store.upsert_papers([paper], ctx.now)
        paper = await store.get_paper(arxiv_id) or paper
    if ctx.deps.reviewer is None:
        return CommandReply(_abstract_message(paper))
    review = await ctx.deps.reviewer.review(paper)
    render = ctx.deps.render_review or _basic_review_message
    return CommandReply(render(review))
