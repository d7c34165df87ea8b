"""`/paper search <query>`: full-text search over every stored paper, 5 results a page."""

from __future__ import annotations

import re

from bot.commands.common import Context, UsageError, reply, safe_echo
from bot.commands.render import hits_message
from bot.model import Button, CommandReply
from bot.query import format_query, paper_first, paper_id_of, parse_query

PAGE_SIZE = 5
MAX_PAGE = 50
# A very broad query ranks (bm25) only its newest 5,000 matches that meet its filters:
# fast on a million papers (ranking costs ~1.5-5 us a match), and still 20 times the
# deepest result a user can page to (MAX_PAGE x PAGE_SIZE = 250).
SEARCH_WINDOW = 5_000
EXAMPLE = '/paper search diffusion "state space" cat:cs.LG since:2025-01-01'
_PAGE = re.compile(r"(?:^|\s)page:(\S*)\s*$")


def split_page(arguments: str, option: str | None) -> tuple[str, int]:
    """The query without a trailing `page:N`, and the page (1 when not given)."""
    raw = option
    match = _PAGE.search(arguments)
    if match:
        raw = match.group(1)
        arguments = arguments[: match.start()]
    if raw is None:
        return arguments, 1
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise UsageError(f"page: takes a number from 1 to {MAX_PAGE}", EXAMPLE + " page:2")
    return arguments, int(raw)


async def search(ctx: Context, arguments: str) -> CommandReply:
    """Search stored papers: words, "exact phrases", cat:, au:"Name", since:, before:, -word."""
    text, page = split_page(arguments, ctx.invocation.option("page"))
    if not text.strip():
        raise UsageError("search needs something to look for", EXAMPLE)
    limits = ctx.deps.config.limits
    query = parse_query(
        text, max_chars=limits.max_query_chars, window=SEARCH_WINDOW, analyzer=ctx.analyzer
    )
    offset = (page - 1) * PAGE_SIZE
    hits = await ctx.deps.store.search(query, limit=PAGE_SIZE + 1, offset=offset)
    paper_id = paper_id_of(text)
    if paper_id is not None and page == 1:  # a query that is an id finds that paper first
        hits = paper_first(hits, await ctx.deps.store.get_paper(paper_id))
    shown = format_query(query)  # the canonical form: what the next page searches again
    said = safe_echo(text, 80)  # the reader's own words, as typed (not sorted or stemmed)
    if not hits:
        if page > 1:
            return reply(f"No more results for `{said}` (page {page}).")
        return reply(
            f"No papers match `{said}`. Try a broader query: fewer words, "
            "no quotes around a phrase, or without a filter."
        )
    more = None
    if len(hits) > PAGE_SIZE:
        more = Button("Next page", action="search", value=f"{shown} page:{page + 1}")
    heading = f"Results for {said}" + (f" (page {page})" if page > 1 else "")
    return CommandReply(hits_message(heading, hits[:PAGE_SIZE], first_number=offset + 1, more=more))
