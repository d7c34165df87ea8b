"""The poller: runs each configured source, stores what it found, remembers how it went.

A poll never raises for a source's failure: the cause goes to the store's `PollState`
(last error, consecutive failures, the next poll after an exponential backoff), to one
log line naming the source, and to the returned `PollReport`. One source failing never
stops the others.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from types import MappingProxyType
from typing import Any, Protocol

import httpx

from bot.calendar.explain import FAILING_SINCE
from bot.clock import Clock
from bot.config import SourceConfig
from bot.sources import arxiv, arxiv_listing, feed, hf_daily
from bot.sources.base import DEFAULT_API_URL, Harvest, PollContext
from bot.sources.fetch import Fetcher, FetchLimits, Pacer, Sleep, SourceError
from storage.base import PaperStore, PollState, PollStates

log = logging.getLogger(__name__)

MAX_BACKOFF = dt.timedelta(days=1)
# `next_poll` is when the next poll is welcome. A scheduler firing every `interval` fires
# a hair before `now + interval` (its tick started before our `now`), so leave it room.
MAX_SLACK = dt.timedelta(minutes=5)


def welcome_after(now: dt.datetime, delay: dt.timedelta) -> dt.datetime:
    """`now + delay`, less a little slack (a tenth of the delay, at most five minutes)."""
    return now + delay - min(delay / 10, MAX_SLACK)


Harvester = Callable[[PollContext], Awaitable[Harvest]]
HARVESTERS: Mapping[str, Harvester] = MappingProxyType(
    {
        "arxiv": arxiv.harvest,
        "arxiv_listing": arxiv_listing.harvest,
        "hf_daily": hf_daily.harvest,
        "feed": feed.harvest,
    }
)


class UnknownSource(KeyError):
    """No configured source has this name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown source"


@dataclass(frozen=True)
class PollReport:
    """How one source's poll went. `error` is set when `failed`; `warnings` otherwise
    tell what was skipped or repaired (malformed feed, entries without a title...)."""

    source: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: bool = False
    error: str | None = None
    new_ids: tuple[str, ...] = ()
    updated_ids: tuple[str, ...] = ()
    skipped: int = 0
    warnings: tuple[str, ...] = ()
    not_modified: bool = False  # the server answered 304: nothing was parsed

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["new_ids"] = list(self.new_ids)
        data["updated_ids"] = list(self.updated_ids)
        data["warnings"] = list(self.warnings)
        return data


def backoff_delay(interval: dt.timedelta, failures: int) -> dt.timedelta:
    """After `failures` consecutive failures: interval, 2x, 4x, ... capped at a day
    (or at the interval itself when that is longer)."""
    exponent = min(max(failures - 1, 0), 16)
    delay: dt.timedelta = interval * (2**exponent)
    return min(delay, max(MAX_BACKOFF, interval))


class PollerStore(PaperStore, PollStates, Protocol):
    """What polling asks of the store: papers, and each source's poll state."""


class Poller:
    """Polls configured sources into a store over one shared HTTP client."""

    def __init__(
        self,
        sources: Sequence[SourceConfig],
        store: PollerStore,
        http: httpx.AsyncClient,
        clock: Clock,
        *,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        on_report: Callable[[PollReport], None] | None = None,
        arxiv_api: str | None = None,
        on_stored: Callable[[Sequence[str]], Awaitable[object]] | None = None,
    ) -> None:
        """`on_report` sees every report (e.g. `Metrics.poll_reported`). `arxiv_api` is
        where feeds look up the papers their entries cite: by default the URL of the first
        configured `arxiv` source (enabled or not), else arXiv's public API."""
        # `on_stored` sees the ids of the papers a poll stored or changed (e.g.
        # `Revisions.track`: new versions for their followers).
        configured = next((s.effective_url for s in sources if s.kind == "arxiv"), None)
        self._arxiv_api = arxiv_api or configured or DEFAULT_API_URL
        self._on_report = on_report
        self._on_stored = on_stored
        self._sources = {source.name: source for source in sources}
        self._store = store
        self._http = http
        self._clock = clock
        self._sleep = sleep
        self._pacer = Pacer(sleep)
        self._rng = rng or random.Random()

    @property
    def names(self) -> list[str]:
        return list(self._sources)

    def source(self, name: str) -> SourceConfig:
        try:
            return self._sources[name]
        except KeyError:
            known = ", ".join(self._sources) or "none configured"
            raise UnknownSource(f"no source named {name!r} (known: {known})") from None

    async def due(self) -> list[str]:
        """Enabled sources whose next poll time has come (or that were never polled)."""
        now = self._clock.now()
        states = {state.source: state for state in await self._store.all_poll_states()}
        due: list[str] = []
        for name, config in self._sources.items():
            state = states.get(name)
            next_poll = state.next_poll if state else None
            if config.enabled and (next_poll is None or next_poll <= now):
                due.append(name)
        return due

    async def poll_all(self, names: Sequence[str] | None = None) -> list[PollReport]:
        """Poll the named sources (default: every enabled one), one after another."""
        chosen = (
            list(names)
            if names is not None
            else [name for name, config in self._sources.items() if config.enabled]
        )
        for name in chosen:
            self.source(name)  # unknown names fail before any polling
        return [await self.poll(name) for name in chosen]

    async def poll(self, name: str) -> PollReport:
        """Poll one source now. Raises only `UnknownSource`; a source failure is reported."""
        report = await self._poll(self.source(name))
        if self._on_report is not None:
            self._on_report(report)
        return report

    async def _poll(self, config: SourceConfig) -> PollReport:
        name = config.name
        now = self._clock.now()
        state = await self._store.get_poll_state(name) or PollState(source=name)
        fetcher = Fetcher(
            self._http,
            FetchLimits(timeout=config.timeout, max_bytes=config.max_bytes, retries=config.retries),
            sleep=self._sleep,
            rng=self._rng,
        )
        context = PollContext(
            config, fetcher, self._store, state, now, self._sleep, self._pacer, self._arxiv_api
        )
        try:
            harvest = await HARVESTERS[config.kind](context)
            papers = harvest.papers
            result = await self._store.upsert_papers(papers, now) if papers else None
        except SourceError as exc:
            return await self._failed(config, state, now, str(exc), exc.retry_after)
        except Exception as exc:  # the poll loop's boundary: a bug must not stop other sources
            log.exception("poll crashed", extra={"source": name})
            error = f"internal error: {type(exc).__name__}: {exc}"
            return await self._failed(config, state, now, error, None)
        report = PollReport(
            source=name,
            new=len(result.new) if result else 0,
            updated=len(result.updated) if result else 0,
            unchanged=len(result.unchanged) if result else 0,
            new_ids=result.new if result else (),
            updated_ids=result.updated if result else (),
            skipped=harvest.skipped,
            warnings=harvest.warnings,
            not_modified=harvest.not_modified,
        )
        validators = harvest.validators
        await self._store.save_poll_state(
            replace(
                state,
                etag=validators.etag if validators else state.etag,
                last_modified=validators.last_modified if validators else state.last_modified,
                last_success=now,
                consecutive_failures=0,
                alerted=False,
                next_poll=harvest.next_poll or welcome_after(now, config.interval),
                cursor={**state.cursor, **harvest.cursor},
            )
        )
        if self._on_stored is not None and (report.new_ids or report.updated_ids):
            try:
                await self._on_stored([*report.new_ids, *report.updated_ids])
            except Exception:  # the poll loop's boundary: the papers are stored already
                log.exception("after-poll hook failed", extra={"source": name})
        if harvest.warnings:
            log.warning("poll warning: %s", "; ".join(harvest.warnings), extra={"source": name})
        log.info(
            "polled: %d new, %d updated, %d unchanged%s",
            report.new,
            report.updated,
            report.unchanged,
            " (not modified)" if report.not_modified else "",
            extra={"source": name},
        )
        return report

    async def _failed(
        self,
        config: SourceConfig,
        state: PollState,
        now: dt.datetime,
        error: str,
        retry_after: float | None,
    ) -> PollReport:
        failures = state.consecutive_failures + 1
        next_poll = welcome_after(now, backoff_delay(config.interval, failures))
        if retry_after is not None:
            next_poll = max(next_poll, now + dt.timedelta(seconds=retry_after))
        log.warning("poll failed: %s", error, extra={"source": config.name})
        await self._store.save_poll_state(
            replace(
                state,
                last_error=error,
                last_error_at=now,
                consecutive_failures=failures,
                next_poll=next_poll,
                # when this run of failures began, for `status` ("failed since 06:10")
                cursor={**state.cursor, FAILING_SINCE: _failing_since(state, now)},
            )
        )
        return PollReport(source=config.name, failed=True, error=error)


def _failing_since(state: PollState, now: dt.datetime) -> str:
    started = state.cursor.get(FAILING_SINCE)
    if state.consecutive_failures > 0 and isinstance(started, str):
        return started
    return now.isoformat()
