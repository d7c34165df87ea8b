"""`FullTexts`: the stored full text of a paper version, fetched once when due.

A failure (404, not LaTeXML, truncated, a scan, encrypted, too large, throttled) is
stored with the time of the next attempt (an hour, doubled per consecutive failure, up to
a week) and logged once, at its first occurrence; the caller gets None and the review
rests on the abstract. Nothing here raises on a bad page.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.clock import Clock
from bot.fulltext.document import FullText
from bot.fulltext.errors import FullTextError
from bot.fulltext.fetch import FullTextFetcher
from bot.fulltext.ports import FetchStatus, FullTextStore
from bot.fulltext.settings import FullTextConfig
from bot.model import Paper

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    """What asking for one paper's full text came to (a `PrefetchReport` field each)."""

    STORED = "stored"  # had one already
    FETCHED = "fetched"
    FAILED = "failed"
    SKIPPED = "skipped"  # not an arXiv paper, or a failure whose retry is not due


@dataclass(frozen=True)
class PrefetchReport:
    stored: int = 0  # had one already
    fetched: int = 0
    failed: int = 0
    skipped: int = 0  # not arXiv papers, or a failure whose retry is not due


class FullTexts:
    def __init__(
        self,
        config: FullTextConfig,
        store: FullTextStore,
        fetcher: FullTextFetcher,
        clock: Clock,
    ) -> None:
        self._config = config
        self._store = store
        self._fetcher = fetcher
        self._clock = clock

    async def stored(self, paper: Paper) -> FullText | None:
        """The stored document of this paper version, without fetching."""
        if not self._config.enabled or not paper.is_arxiv:
            return None
        row = await self._store.get_fulltext(paper.arxiv_id, paper.version)
        return row.document if row is not None and row.status is FetchStatus.OK else None

    async def get(self, paper: Paper) -> FullText | None:
        """The stored document, else fetched now when a fetch is due; None: use the abstract."""
        document, _ = await self._get(paper)
        return document

    async def prefetch(self, papers: Iterable[Paper]) -> PrefetchReport:
        """Fetch what is missing for `papers` (the daily post's candidates), one by one."""
        counts: Counter[Outcome] = Counter()
        for paper in papers:
            _, outcome = await self._get(paper)
            counts[outcome] += 1
        return PrefetchReport(
            stored=counts[Outcome.STORED],
            fetched=counts[Outcome.FETCHED],
            failed=counts[Outcome.FAILED],
            skipped=counts[Outcome.SKIPPED],
        )

    async def _get(self, paper: Paper) -> tuple[FullText | None, Outcome]:
        if not self._config.enabled or not paper.is_arxiv:
            return None, Outcome.SKIPPED
        row = await self._store.get_fulltext(paper.arxiv_id, paper.version)
        now = self._clock.now()
        if row is not None and row.status is FetchStatus.OK:
            return row.document, Outcome.STORED
        if row is not None and row.next_attempt is not None and row.next_attempt > now:
            return None, Outcome.SKIPPED
        previous = row.validators if row is not None else None
        try:
            document = await self._fetcher.fetch(paper.arxiv_id, paper.version, validators=previous)
        except FullTextError as exc:
            failures = (row.failures if row is not None else 0) + 1
            hours = min(
                self._config.retry_hours * 2 ** (failures - 1), self._config.max_retry_hours
            )
            retry = now + dt.timedelta(hours=hours)
            if failures == 1:
                log.warning(
                    "no full text, the review rests on the abstract (retried after %s): %s",
                    retry.strftime("%Y-%m-%d %H:%M UTC"),
                    exc,
                    extra={"paper": paper.arxiv_id, "reason": exc.reason.value},
                )
            await self._store.save_fulltext_failure(
                paper.arxiv_id,
                paper.version,
                exc.reason,
                str(exc),
                now,
                retry,
                validators=exc.validators,
            )
            return None, Outcome.FAILED
        await self._store.save_fulltext(document, now)
        return document, Outcome.FETCHED


__all__ = ["FullTexts", "PrefetchReport"]
