"""Paging back through the arXiv API to a date: `paperboy backfill --source NAME --since`.

Each page is stored as soon as it is parsed, so an interrupted backfill keeps what it got
and a rerun only re-reads pages. Waits the source's `delay` between requests and stops at
the API's 30,000-result paging limit.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from bot.clock import Clock
from bot.config import SourceConfig
from bot.sources.arxiv import MAX_START, fetch_page, pace_key, query_params
from bot.sources.fetch import Fetcher, FetchLimits, Pacer, Sleep
from storage.base import PaperStore


class BackfillError(ValueError):
    """The backfill cannot run as asked (wrong source kind, a date in the future...)."""


@dataclass(frozen=True)
class BackfillProgress:
    done: int  # results read so far
    total: int | None  # what the API says matches the query
    new: int
    oldest: dt.date | None


@dataclass(frozen=True)
class BackfillReport:
    source: str
    pages: int
    read: int
    new: int
    updated: int
    unchanged: int
    total: int | None
    stopped: str  # why it stopped, in words


def check_backfill(source: SourceConfig, since: dt.date, now: dt.datetime) -> None:
    """Raise `BackfillError` unless `source` can be backfilled from `since`."""
    if source.kind != "arxiv" or not source.query:
        raise BackfillError(
            f"source {source.name!r} is of kind {source.kind!r}: backfill pages the arXiv API, "
            'so it needs a source of kind "arxiv"'
        )
    if since > now.date():
        raise BackfillError(f"--since {since.isoformat()} is in the future")


def backfill_query(query: str, since: dt.date, now: dt.datetime) -> str:
    return f"({query}) AND submittedDate:[{since:%Y%m%d}0000 TO {now:%Y%m%d%H%M}]"


async def backfill(
    source: SourceConfig,
    store: PaperStore,
    http: httpx.AsyncClient,
    clock: Clock,
    *,
    since: dt.date,
    sleep: Sleep = asyncio.sleep,
    progress: Callable[[BackfillProgress], None] | None = None,
) -> BackfillReport:
    """Store every paper of an `arxiv` source submitted on or after `since`.

    Raises `BackfillError` for a source of another kind, `SourceError` when arXiv fails
    (after the fetcher's retries); pages stored before the failure stay stored.
    """
    now = clock.now()
    check_backfill(source, since, now)
    assert source.query is not None  # checked above
    fetcher = Fetcher(
        http,
        FetchLimits(timeout=source.timeout, max_bytes=source.max_bytes, retries=source.retries),
        sleep=sleep,
    )
    pacer = Pacer(sleep)
    query = backfill_query(source.query, since, now)
    size = source.max_results
    start = pages = new = updated = unchanged = 0
    total: int | None = None
    oldest: dt.date | None = None
    stopped = "reached the end of the results"
    while True:
        if start >= MAX_START:
            stopped = f"stopped at arXiv's paging limit of {MAX_START:,} results"
            break
        params = query_params(query, start, size)
        async with pacer.slot(pace_key(source.effective_url), source.delay):
            parsed = await fetch_page(
                fetcher, source.effective_url, params, source=source.name, now=now
            )
        pages += 1
        total = parsed.total if parsed.total is not None else total
        if parsed.papers:
            result = await store.upsert_papers(parsed.papers, clock.now())
            new += len(result.new)
            updated += len(result.updated)
            unchanged += len(result.unchanged)
            dates = [p.published.date() for p in parsed.papers if p.published]
            oldest = min([*dates, oldest] if oldest else dates) if dates else oldest
        read = len(parsed.papers) + parsed.skipped
        start += read
        if progress is not None:
            progress(BackfillProgress(done=start, total=total, new=new, oldest=oldest))
        if read == 0 or read < size or (total is not None and start >= total):
            break
        if oldest is not None and oldest < since:
            stopped = f"reached papers older than {since.isoformat()}"
            break
    return BackfillReport(
        source=source.name,
        pages=pages,
        read=start,
        new=new,
        updated=updated,
        unchanged=unchanged,
        total=total,
        stopped=stopped,
    )
