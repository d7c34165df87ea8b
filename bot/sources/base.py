"""What every source kind shares: the poll context it is handed, the harvest it returns,
and the clean-up applied to every batch of parsed papers (duplicates, future dates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.config import SourceConfig
from bot.ids import InvalidArxivId, parse_arxiv_id
from bot.model import Paper
from bot.sources.fetch import Fetcher, Pacer, Sleep, Validators
from bot.sources.text import plain_text
from storage.base import PaperStore, PollState

DEFAULT_API_URL = "https://export.arxiv.org/api/query"

# A date more than this far ahead of the clock is a bad date, not a scheduled paper.
FUTURE_SLACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class Parsed:
    """What a pure parser made of one response."""

    papers: tuple[Paper, ...]
    skipped: int = 0  # entries dropped (no id, no title, not an arXiv id...)
    warnings: tuple[str, ...] = ()
    total: int | None = None  # arXiv API: opensearch:totalResults


@dataclass(frozen=True)
class PollContext:
    config: SourceConfig
    fetcher: Fetcher
    store: PaperStore
    state: PollState
    now: dt.datetime
    sleep: Sleep
    pacer: Pacer  # shared by every source of one poller
    arxiv_api: str = DEFAULT_API_URL  # where a feed looks up the papers its entries cite


@dataclass(frozen=True)
class Harvest:
    """What one source's poll produced, before the store sees it."""

    papers: tuple[Paper, ...] = ()
    skipped: int = 0
    warnings: tuple[str, ...] = ()
    validators: Validators | None = None  # for the source's main URL
    cursor: dict[str, Any] = field(default_factory=dict)  # merged into PollState.cursor
    not_modified: bool = False
    next_poll: dt.datetime | None = None  # a kind may know better than `interval`


def tidy(papers: Iterable[Paper], now: dt.datetime | None) -> tuple[list[Paper], list[str]]:
    """Merge duplicates within one response and drop impossible future dates.

    Duplicates keep the highest version (the later entry on a tie). Returns the papers in
    first-seen order and the warnings to report. Without `now`, dates are kept as given.
    """
    warnings: list[str] = []
    kept: dict[str, Paper] = {}
    duplicates = 0
    future: list[str] = []
    for paper in papers:
        if now is not None:
            paper = _drop_future_dates(paper, now, future)
        previous = kept.get(paper.arxiv_id)
        if previous is not None:
            duplicates += 1
            if (previous.version or 0) > (paper.version or 0):
                continue
        kept[paper.arxiv_id] = paper
    if duplicates:
        warnings.append(f"{duplicates} duplicate entr{'y' if duplicates == 1 else 'ies'} merged")
    if future:
        warnings.append(f"ignored a date in the future on {', '.join(future[:3])}")
    return list(kept.values()), warnings


def _drop_future_dates(paper: Paper, now: dt.datetime, future: list[str]) -> Paper:
    limit = now + FUTURE_SLACK
    published = paper.published if paper.published and paper.published <= limit else None
    updated = paper.updated if paper.updated and paper.updated <= limit else None
    article = paper.article
    if article is not None and article.published and article.published > limit:
        article = replace(article, published=None)
    if article is not None and article.updated and article.updated > limit:
        article = replace(article, updated=None)
    if (published, updated, article) == (paper.published, paper.updated, paper.article):
        return paper
    future.append(paper.arxiv_id)
    return replace(paper, published=published, updated=updated, article=article)


def skipped_warning(reasons: Sequence[str]) -> tuple[str, ...]:
    """One warning line summarising dropped entries: `skipped 2 entries (no title, no id)`."""
    if not reasons:
        return ()
    unique = ", ".join(dict.fromkeys(reasons))
    count = len(reasons)
    return (f"skipped {count} entr{'y' if count == 1 else 'ies'} ({unique})",)


def state_validators(state: PollState) -> Validators | None:
    """The conditional-GET validators saved from the last successful poll, if any."""
    if state.etag or state.last_modified:
        return Validators(state.etag, state.last_modified)
    return None


# One feed entry -> a Paper, or None with the reason appended to `reasons`.
EntryReader = Callable[[Mapping[str, Any], str, list[str]], Paper | None]


def papers_from_entries(
    entries: Iterable[Mapping[str, Any]],
    read: EntryReader,
    *,
    source: str,
    now: dt.datetime | None,
    warning: str | None = None,
    total: int | None = None,
) -> Parsed:
    """Read every entry with `read`, then tidy the batch; unusable entries are counted and
    summarised in one warning, never fatal."""
    papers: list[Paper] = []
    reasons: list[str] = []
    for entry in entries:
        paper = read(entry, source, reasons)
        if paper is not None:
            papers.append(paper)
    kept, notes = tidy(papers, now)
    warnings = ((warning,) if warning else ()) + skipped_warning(reasons) + tuple(notes)
    return Parsed(tuple(kept), skipped=len(reasons), warnings=warnings, total=total)


def arxiv_entry_head(
    raw_id: str, entry: Mapping[str, Any], reasons: list[str]
) -> tuple[str, int | None, str] | None:
    """The canonical id, version and title of an arXiv entry, or None (with the reason
    appended) when the id is missing or not an arXiv id, or the title is empty."""
    if not raw_id:
        reasons.append("no id")
        return None
    try:
        arxiv_id, version = parse_arxiv_id(raw_id)
    except InvalidArxivId:
        reasons.append(f"not an arXiv id: {raw_id[:60]}")
        return None
    title = plain_text(entry.get("title"))
    if not title:
        reasons.append("no title")
        return None
    return arxiv_id, version, title
