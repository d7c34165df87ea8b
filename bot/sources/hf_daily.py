"""Hugging Face Daily Papers (`/api/daily_papers?date=YYYY-MM-DD`, a JSON list).

Real answers put `upvotes`, `ai_summary`, `ai_keywords` and `githubRepo` under `paper` and
`numComments` at the top level; some clients and mirrors put them elsewhere, so each field
is read from `paper` first, then from the top level. A day HF has not published yet is an
empty list: "nothing yet", not an error. Each poll reads today and yesterday (UTC), since
upvotes keep growing after the day's list goes out.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping
from typing import Any

from bot.ids import InvalidArxivId, parse_arxiv_id
from bot.model import Link, Paper
from bot.sources.base import Harvest, Parsed, PollContext, skipped_warning, tidy
from bot.sources.fetch import ParseError, Validators
from bot.sources.parsing import iso_to_datetime, read_json, squash
from bot.sources.text import plain_text


def parse_daily_papers(data: bytes, *, source: str, now: dt.datetime | None) -> Parsed:
    """A daily_papers JSON answer -> papers with upvotes. Pure and blocking."""
    payload = read_json(data)
    if isinstance(payload, Mapping) and "error" in payload:
        raise ParseError(f"Hugging Face answered an error: {str(payload['error'])[:200]}")
    if not isinstance(payload, list):
        raise ParseError(f"expected a JSON list of papers, got a JSON {type(payload).__name__}")
    papers: list[Paper] = []
    reasons: list[str] = []
    for item in payload:
        paper = daily_item_to_paper(item, source, reasons)
        if paper is not None:
            papers.append(paper)
    kept, notes = tidy(papers, now)
    return Parsed(
        tuple(kept), skipped=len(reasons), warnings=skipped_warning(reasons) + tuple(notes)
    )


def _field(item: Mapping[str, Any], paper: Mapping[str, Any], name: str) -> Any:
    value = paper.get(name)
    return value if value is not None else item.get(name)


def daily_item_to_paper(item: object, source: str, reasons: list[str]) -> Paper | None:
    if not isinstance(item, Mapping):
        reasons.append("not a JSON object")
        return None
    inner = item.get("paper")
    paper: Mapping[str, Any] = inner if isinstance(inner, Mapping) else {}
    raw_id = _field(item, paper, "id")
    if not raw_id:
        reasons.append("no id")
        return None
    try:
        arxiv_id, version = parse_arxiv_id(str(raw_id))
    except InvalidArxivId:
        reasons.append(f"not an arXiv id: {str(raw_id)[:60]}")
        return None
    title = plain_text(_field(item, paper, "title"))
    if not title:
        reasons.append("no title")
        return None
    authors = tuple(
        squash(a.get("name"))
        for a in paper.get("authors") or ()
        if isinstance(a, Mapping) and a.get("name")
    )
    keywords = _field(item, paper, "ai_keywords") or ()
    repo = _field(item, paper, "githubRepo")
    links = [Link("hf", f"https://huggingface.co/papers/{arxiv_id}")]
    if isinstance(repo, str) and repo:
        links.append(Link("github", repo))
    return Paper(
        arxiv_id=arxiv_id,
        version=version,
        title=title,
        abstract=squash(_field(item, paper, "summary")),
        authors=authors,
        published=iso_to_datetime(_field(item, paper, "publishedAt")),
        links=tuple(links),
        upvotes=_count(_field(item, paper, "upvotes")),
        num_comments=_count(_field(item, paper, "numComments")),
        ai_summary=squash(_field(item, paper, "ai_summary")) or None,
        ai_keywords=tuple(str(k) for k in keywords if k) if isinstance(keywords, list) else (),
        github_repo=repo if isinstance(repo, str) and repo else None,
        sources=frozenset({source}),
    )


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return max(0, int(value))


def days_to_poll(now: dt.datetime) -> list[dt.date]:
    today = now.astimezone(dt.UTC).date()
    return [today, today - dt.timedelta(days=1)]


async def harvest(ctx: PollContext) -> Harvest:
    """Today's and yesterday's lists, each with its own conditional-GET validators."""
    config = ctx.config
    saved: dict[str, Any] = dict(ctx.state.cursor.get("validators", {}))
    fresh: dict[str, Any] = {}
    papers: list[Paper] = []
    skipped = 0
    warnings: list[str] = []
    unchanged = 0
    for day in days_to_poll(ctx.now):
        key = day.isoformat()
        old = saved.get(key) or {}
        validators = Validators(old.get("etag"), old.get("last_modified"))
        fetched = await ctx.fetcher.get(
            config.effective_url, params={"date": key}, validators=validators
        )
        if fetched.not_modified:
            fresh[key] = old
            unchanged += 1
            continue
        fresh[key] = {
            "etag": fetched.validators.etag,
            "last_modified": fetched.validators.last_modified,
        }
        parsed = await asyncio.to_thread(
            parse_daily_papers, fetched.content, source=config.name, now=ctx.now
        )
        papers.extend(parsed.papers)
        skipped += parsed.skipped
        warnings.extend(parsed.warnings)
    kept, notes = tidy(papers, ctx.now)
    return Harvest(
        papers=tuple(kept),
        skipped=skipped,
        warnings=(*warnings, *notes),
        cursor={"validators": fresh},
        not_modified=unchanged == len(fresh),
    )
