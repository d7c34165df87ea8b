"""Any RSS or Atom feed, e.g. a Jekyll blog of paper reviews.

Each entry keeps its HTML, link, author, tags and dates as a `FeedArticle`. The entry is
attached to the arXiv paper it cites (first from its links, then its HTML and summary:
`arxiv.org/abs/...`, `/pdf/...`, `arXiv:2510.18874`, `10.48550/arXiv.2510.18874`); an
entry that cites none is stored under its own stable id (`feed:<hash>` of its id).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.ids import feed_paper_id, find_arxiv_ids
from bot.model import FeedArticle, Link, Paper
from bot.sources.base import (
    Harvest,
    Parsed,
    PollContext,
    papers_from_entries,
    state_validators,
    tidy,
)
from bot.sources.parsing import read_feed, squash, struct_to_datetime


def parse_feed_entries(
    data: bytes, headers: Mapping[str, str] | None = None, *, source: str, now: dt.datetime | None
) -> Parsed:
    """An RSS/Atom feed -> one paper per entry, each carrying the entry as its article."""
    parsed, warning = read_feed(data, headers or {})
    return papers_from_entries(
        parsed.entries, entry_to_paper, source=source, now=now, warning=warning
    )


def entry_to_paper(entry: Mapping[str, Any], source: str, reasons: list[str]) -> Paper | None:
    link = entry.get("link") or ""
    entry_id = entry.get("id") or link
    if not entry_id:
        reasons.append("no id")
        return None
    title = squash(entry.get("title"))
    if not title:
        reasons.append("no title")
        return None
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else ""
    summary = entry.get("summary") or ""
    article = FeedArticle(
        feed=source,
        entry_id=entry_id,
        url=link,
        title=title,
        html=html or summary,
        author=squash(entry.get("author")) or None,
        tags=tuple(dict.fromkeys(t["term"] for t in entry.get("tags", []) if t.get("term"))),
        published=struct_to_datetime(entry.get("published_parsed") or entry.get("updated_parsed")),
        updated=struct_to_datetime(entry.get("updated_parsed")),
    )
    hrefs = " ".join(str(item.get("href", "")) for item in entry.get("links", []))
    cited = find_arxiv_ids(hrefs) or find_arxiv_ids(f"{html}\n{summary}\n{title}")
    links = (Link("blog", link),) if link else ()
    if cited:
        arxiv_id = cited[0]
        links = (Link("abs", f"https://arxiv.org/abs/{arxiv_id}"), *links)
    else:
        arxiv_id = feed_paper_id(entry_id)
    return Paper(
        arxiv_id=arxiv_id,
        title=title,
        published=None if cited else article.published,  # a blog's date is not the paper's
        links=links,
        sources=frozenset({source}),
        article=article,
    )


async def harvest(ctx: PollContext) -> Harvest:
    """One conditional GET. Entries about papers already stored keep the stored title
    (the blog's headline is not the paper's title)."""
    config = ctx.config
    url = config.effective_url
    validators = state_validators(ctx.state)
    fetched = await ctx.fetcher.get(url, validators=validators)
    if fetched.not_modified:
        return Harvest(not_modified=True, validators=validators)
    parsed = await asyncio.to_thread(
        parse_feed_entries, fetched.content, fetched.headers, source=config.name, now=ctx.now
    )
    cited = [p.arxiv_id for p in parsed.papers if p.is_arxiv]
    stored = {p.arxiv_id: p for p in await ctx.store.get_papers(cited)} if cited else {}
    papers = tuple(
        replace(p, title=stored[p.arxiv_id].title) if p.arxiv_id in stored else p
        for p in parsed.papers
    )
    kept, notes = tidy(papers, ctx.now)
    return Harvest(
        papers=tuple(kept),
        skipped=parsed.skipped,
        warnings=(*parsed.warnings, *notes),
        validators=fetched.validators,
    )
