"""The arXiv API (`/api/query`, Atom): parsing, polling newest-first, single-paper lookup.

Facts from arXiv's API manual this follows: `max_results` is at most 2000 per call and
paging stops before `start` 30,000; at most one request every 3 seconds (the source's
`delay`); an error is an Atom feed whose single entry is titled `Error` (served with HTTP
400 today, 200 in the past); throttling is HTTP 429/503 or a plain-text `Rate exceeded.`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx

from bot.ids import parse_arxiv_id
from bot.model import Link, Paper
from bot.sources.base import (
    DEFAULT_API_URL,
    Harvest,
    Parsed,
    PollContext,
    arxiv_entry_head,
    papers_from_entries,
    tidy,
)
from bot.sources.fetch import Fetcher, FetchLimits, ParseError, SourceError
from bot.sources.parsing import read_feed, squash, struct_to_datetime

log = logging.getLogger(__name__)

MAX_START = 30_000  # the API refuses to page past this
RATE_EXCEEDED = b"Rate exceeded."


class ArxivApiError(ParseError):
    """The API answered with its error feed (e.g. a malformed query or id)."""


def parse_api_response(
    data: bytes,
    headers: Mapping[str, str] | None = None,
    *,
    source: str,
    now: dt.datetime | None,
    url: str = "",
) -> Parsed:
    """An arXiv API Atom response -> papers. Pure and blocking (run it in a thread).

    Raises `ArxivApiError` for the API's error feed and `ParseError` for what is no feed.
    """
    if data.lstrip()[: len(RATE_EXCEEDED)] == RATE_EXCEEDED:
        raise SourceError("rate limited by arXiv: Rate exceeded.")
    parsed, warning = read_feed(data, headers or {}, url)
    entries = parsed.entries
    if len(entries) == 1 and squash(entries[0].get("title")) == "Error":
        detail = squash(entries[0].get("summary")) or "no detail given"
        raise ArxivApiError(f"arXiv API error: {detail}")
    total = _int(parsed.feed.get("opensearch_totalresults"))
    return papers_from_entries(
        entries, api_entry_to_paper, source=source, now=now, warning=warning, total=total
    )


def api_entry_to_paper(entry: Mapping[str, Any], source: str, reasons: list[str]) -> Paper | None:
    """One API entry -> a Paper, or None (with the reason appended) when unusable."""
    raw_id = entry.get("id") or entry.get("link") or ""
    head = arxiv_entry_head(raw_id, entry, reasons)
    if head is None:
        return None
    arxiv_id, version, title = head
    categories = tuple(dict.fromkeys(t["term"] for t in entry.get("tags", []) if t.get("term")))
    primary = (entry.get("arxiv_primary_category") or {}).get("term")
    links: list[Link] = [Link("abs", f"https://arxiv.org/abs/{arxiv_id}")]
    for link in entry.get("links", []):
        href, kind = link.get("href", ""), link.get("title")
        if kind == "pdf" and href:
            links.append(Link("pdf", href.replace("http://", "https://", 1)))
        elif kind == "doi" and href:
            links.append(Link("doi", href))
    doi = squash(entry.get("arxiv_doi")) or None
    return Paper(
        arxiv_id=arxiv_id,
        version=version,
        title=title,
        abstract=squash(entry.get("summary")),
        authors=tuple(squash(a.get("name")) for a in entry.get("authors", []) if a.get("name")),
        categories=categories,
        primary_category=primary or (categories[0] if categories else None),
        published=struct_to_datetime(entry.get("published_parsed")),
        updated=struct_to_datetime(entry.get("updated_parsed")),
        comment=squash(entry.get("arxiv_comment")) or None,
        journal_ref=squash(entry.get("arxiv_journal_ref")) or None,
        doi=doi,
        links=tuple(links),
        sources=frozenset({source}),
    )


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


async def fetch_page(
    fetcher: Fetcher,
    url: str,
    params: Mapping[str, str | int],
    *,
    source: str,
    now: dt.datetime | None,
) -> Parsed:
    """One API request, parsed in a worker thread. `Rate exceeded.` is retried like a 429."""
    fetched = await fetcher.get(url, params=params, accept=(400,), throttle_body=RATE_EXCEEDED)
    return await asyncio.to_thread(
        parse_api_response,
        fetched.content,
        fetched.headers,
        source=source,
        now=now,
        url=fetched.url,
    )


def pace_key(url: str) -> str:
    """Requests to one API host share one pace."""
    return "arxiv-api:" + (urlsplit(url).netloc or url)


def query_params(query: str, start: int, max_results: int) -> dict[str, str | int]:
    return {
        "search_query": query,
        "start": start,
        "max_results": max_results,
        "sortBy": "submittedDate",
        "sortOrder": "descending",
    }


async def harvest(ctx: PollContext) -> Harvest:
    """Newest first, page by page, until a page reaches papers this source stored before.

    Waits `delay` seconds between requests. Also stops at the last page, at `max_pages`,
    and before `start` would pass the API's 30,000 limit.
    """
    config = ctx.config
    assert config.query is not None  # the config validator guarantees it
    papers: list[Paper] = []
    seen: set[str] = set()
    skipped = 0
    warnings: list[str] = []
    for page in range(config.max_pages):
        start = page * config.max_results
        if start >= MAX_START:
            break
        params = query_params(config.query, start, config.max_results)
        async with ctx.pacer.slot(pace_key(config.effective_url), config.delay):
            parsed = await fetch_page(
                ctx.fetcher, config.effective_url, params, source=config.name, now=ctx.now
            )
        ids = [p.arxiv_id for p in parsed.papers]
        repeated = bool(ids) and all(i in seen for i in ids)  # a server ignoring `start`
        seen.update(ids)
        papers.extend(parsed.papers)
        skipped += parsed.skipped
        warnings.extend(parsed.warnings)
        if not ids or repeated or await _seen_before(ctx, ids):
            break  # reached what this source brought before (or the end)
        if len(parsed.papers) + parsed.skipped < config.max_results:
            break
        if parsed.total is not None and start + config.max_results >= parsed.total:
            break
    kept, notes = tidy(papers, ctx.now)
    return Harvest(papers=tuple(kept), skipped=skipped, warnings=(*warnings, *notes))


async def _seen_before(ctx: PollContext, ids: Sequence[str]) -> bool:
    """Whether this source stored any of these papers before. A paper another source
    (HF, a blog) stored first does not count: arXiv may still hold older new papers."""
    stored = await ctx.store.get_papers(ids)
    return any(ctx.config.name in paper.sources for paper in stored)


async def fetch_arxiv_paper(
    http: httpx.AsyncClient,
    arxiv_id: str,
    *,
    base_url: str = DEFAULT_API_URL,
    limits: FetchLimits | None = None,
    now: dt.datetime | None = None,
) -> Paper | None:
    """One paper by id (`id_list=`), for `/paper show` of a paper not stored yet.

    Returns None when arXiv has no such paper. Raises `InvalidArxivId` for text that is
    no arXiv id, and `SourceError` when arXiv cannot be reached or answers an error.
    """
    canonical, version = parse_arxiv_id(arxiv_id)
    wanted = canonical + (f"v{version}" if version else "")
    fetcher = Fetcher(http, limits or FetchLimits(timeout=15.0, retries=1))
    parsed = await fetch_page(
        fetcher, base_url, {"id_list": wanted, "max_results": 1}, source="arxiv", now=now
    )
    return next((p for p in parsed.papers if p.arxiv_id == canonical), None)


async def fetch_arxiv_papers(
    fetcher: Fetcher, url: str, ids: Sequence[str], *, source: str, now: dt.datetime
) -> list[Paper]:
    """Several papers by id in one request (at most 2000)."""
    if not ids:
        return []
    params: dict[str, str | int] = {"id_list": ",".join(ids), "max_results": len(ids)}
    parsed = await fetch_page(fetcher, url, params, source=source, now=now)
    return list(parsed.papers)
