"""What every source kind shares: the poll context it is handed, the harvest it returns,
and the clean-up applied to every batch of parsed papers (duplicates, future dates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.config import SourceConfig
from bot.model import Paper
from bot.sources.fetch import Fetcher, Pacer, Sleep, Validators
from storage.base import PollState, Store

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
    store: Store
    state: PollState
    now: dt.datetime
    sleep: Sleep
    pacer: Pacer  # shared by every source of one poller


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


def merge_parsed(parts: Sequence[Parsed]) -> Parsed:
    papers = tuple(p for part in parts for p in part.papers)
    return Parsed(
        papers=papers,
        skipped=sum(part.skipped for part in parts),
        warnings=tuple(w for part in parts for w in part.warnings),
    )


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
