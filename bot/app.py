"""The running bot, assembled from its parts: store, HTTP client, sources poller, reviewer,
command dispatcher, chat adapters, scheduler and the outbox sender.

`App.build(config, ...)` is the one wiring point: `paperboy run`, `post`, `demo`, `chat` and
`review` all build the bot through it (handing in what they already have: the adapters a
command talks through, a store or an HTTP client in tests), so a new part is wired once.

`bot/` never imports an adapter: the CLI edge hands in `bot.plugins.adapter_factory`
(kind -> class); each adapter is built as `cls(name, settings, secrets)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import httpx

from bot.channels.ports import InstallAware, WorkspaceAware
from bot.channels.registry import ChannelRegistry
from bot.channels.workspaces import Workspaces
from bot.clock import Clock, SystemClock
from bot.commands import Dispatcher
from bot.commands.build import build_dispatcher
from bot.config import Config
from bot.delivery.alerts import SourceHealth
from bot.delivery.daily import DailyPoster, PostOutcome
from bot.delivery.ratelimit import RateLimiter, limits_of
from bot.delivery.sender import Sender, SendObserver
from bot.delivery.users import UserDeliveries
from bot.feedback.ports import FeedbackStore
from bot.fulltext.service import FullTexts
from bot.http import make_http_client
from bot.metrics import InstrumentedAdapter, Metrics
from bot.plugins import AdapterFactory, adapter_kinds, build_adapters, platform_map
from bot.ports import ChatAdapter, ReviewService
from bot.ranking import Ranker
from bot.ranking.channel import ChannelLearning
from bot.ranking.reader import ReaderLearning
from bot.review import review_message
from bot.review.wiring import build_reviews
from bot.revisions import Revisions
from bot.scheduling.jobs import Jobs
from bot.scheduling.scheduler import Scheduler
from bot.sources import Poller
from bot.textindex import Analyzer
from storage import SqlStore, open_store
from storage.base import Store
from storage.channels import channel_directory
from storage.installations import installation_records

log = logging.getLogger(__name__)

STOP_TIMEOUT = 8.0  # seconds; `paperboy run` must be gone within 10 after SIGTERM


@dataclass
class App:
    config: Config
    store: Store
    clock: Clock
    http: httpx.AsyncClient
    adapters: dict[str, ChatAdapter]
    kinds: dict[str, str]
    sender: Sender
    poster: DailyPoster
    users: UserDeliveries
    jobs: Jobs
    scheduler: Scheduler
    dispatcher: Dispatcher
    reviewer: ReviewService
    metrics: Metrics | None = None  # when set: adapters, reviews, polls, commands counted
    fulltexts: FullTexts | None = None  # fetches full texts ahead of reviews
    channels: ChannelRegistry | None = None  # TOML seeds + channels set up from chat
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    _started: list[ChatAdapter] = field(default_factory=list)
    _owns: tuple[bool, bool] = (True, True)  # close the store / the HTTP client on stop

    @classmethod
    async def build(
        cls,
        config: Config,
        *,
        adapter_factory: AdapterFactory | None = None,
        clock: Clock | None = None,
        store: Store | None = None,
        http: httpx.AsyncClient | None = None,
        adapters: Mapping[str, ChatAdapter] | None = None,
        observers: Sequence[SendObserver] = (),
        worker: str | None = None,
        metrics: Metrics | None = None,
    ) -> App:
        """The bot as `config` describes it. `adapters`: the adapters to use instead of
        those `config` names (e.g. `{}` for `paperboy review`, which sends nothing); else
        each is made by `adapter_factory` (bot.plugins.adapter_factory at the CLI edge)."""
        if adapters is None and adapter_factory is None:
            raise TypeError("App.build needs the adapters or an adapter_factory to make them")
        clock = clock or SystemClock()
        owns = (store is None, http is None)
        db: Store = store if store is not None else await open_store(config.storage.url)
        client = http if http is not None else make_http_client(config.http)
        kinds = adapter_kinds(config)
        if adapters is not None:
            built = dict(adapters)
        else:
            assert adapter_factory is not None  # checked above
            built = build_adapters(config, adapter_factory)
        kinds.update({name: kinds.get(name, name) for name in built})
        # The one pacing layer: each adapter's own statement of its limits, else its kind's.
        limiters = {name: RateLimiter(limits_of(a, kinds[name])) for name, a in built.items()}
        unwrapped = dict(built)
        if metrics is not None:
            built = {name: InstrumentedAdapter(a, metrics) for name, a in built.items()}
        sender = Sender(
            db,
            built,
            clock,
            limiters=limiters,
            adapter_kinds=kinds,
            observers=observers,
            worker=worker,
            lease=config.delivery.lease,
        )
        reviews = build_reviews(config, db, client, clock, metrics)
        reviewer, fulltexts = reviews.reviewer, reviews.fulltexts
        analyzer = Analyzer()
        registry = (  # channels set up from chat live in the SQL store
            ChannelRegistry(
                config,
                channel_directory(db.engine),
                db,
                platforms=platform_map(kinds),
                analyzer=analyzer,
            )
            if isinstance(db, SqlStore)
            else None
        )
        ranker = Ranker(config.ranking.weights())  # [ranking] (bot/ranking)
        poster = DailyPoster(
            config,
            db,
            reviews.posting,
            clock,
            render=review_message,
            on_enqueued=sender.wake,
            channels=registry,
            learning=(  # the channel's votes rank its post (bot/ranking)
                ChannelLearning(config, db, ranker) if isinstance(db, FeedbackStore) else None
            ),
        )
        health = SourceHealth(config, db, clock, on_enqueued=sender.wake)
        users = UserDeliveries(
            db,
            clock,
            adapters_by_platform=platform_map(kinds),
            analyzer=analyzer,
            on_enqueued=sender.wake,
            paused_workspaces=registry.directory.suspended_workspaces if registry else None,
            learning=(  # mutes, votes and why in each reader's DMs (bot/ranking)
                ReaderLearning(db, ranker) if isinstance(db, FeedbackStore) else None
            ),
        )
        on_report = metrics.poll_reported if metrics is not None else None
        # new versions of followed papers: one DM each (bot/revisions.py)
        revisions = Revisions(
            db, clock, adapters_by_platform=platform_map(kinds), on_enqueued=sender.wake
        )
        poller = Poller(
            config.sources, db, client, clock, on_report=on_report, on_stored=revisions.track
        )
        jobs = Jobs(db, clock, poller, poster, health, users)
        scheduler = Scheduler(config, db, clock, jobs, channels=registry)
        if registry is not None:  # a server or workspace leaving pauses its channels
            listener = Workspaces(registry.directory, clock, on_changed=scheduler.refresh_now)
            for name, adapter in unwrapped.items():
                if isinstance(adapter, WorkspaceAware):
                    adapter.on_workspace(listener)
                if isinstance(adapter, InstallAware) and isinstance(db, SqlStore):
                    adapter.use_installations(  # many workspaces: their tokens kept here
                        installation_records(db.engine), partial(registry.workspace_of, name)
                    )

        dispatcher = build_dispatcher(
            config,
            db,
            client,
            clock,
            reviewer=reviewer,
            scheduler=scheduler,
            analyzer=analyzer,
            channels=registry,
            fulltexts=fulltexts,
        )
        return cls(
            config=config,
            store=db,
            clock=clock,
            http=client,
            adapters=built,
            kinds=kinds,
            sender=sender,
            poster=poster,
            users=users,
            jobs=jobs,
            scheduler=scheduler,
            dispatcher=dispatcher,
            reviewer=reviewer,
            metrics=metrics,
            fulltexts=fulltexts,
            channels=registry,
            _owns=owns,
        )

    # -- lifecycle --------------------------------------------------------------------

    async def start_adapters(self) -> None:
        """Connect every adapter to take commands (Socket Mode, gateway, HTTP endpoint,
        terminal). Only `paperboy run` needs this: sending works on an adapter that was
        never started (Slack posts through its Web API client, Discord logs in over REST
        on the first send, the console prints), so one-shot sends such as `paperboy post`
        skip it and open no socket; `stop` closes whatever a send opened."""
        handler = self.dispatcher if self.metrics is None else self.metrics.timed(self.dispatcher)
        for adapter in self.adapters.values():
            await adapter.start(handler)
            self._started.append(adapter)

    async def start(self, *, scheduler: bool = True, sender: bool = True) -> None:
        """`paperboy run`: adapters, then the scheduler and the sender worker."""
        await self.start_adapters()
        if sender:
            self._tasks.append(asyncio.create_task(self.sender.run(self._stopping)))
        if scheduler:
            await self.scheduler.start()

    async def stop(self, grace: float = STOP_TIMEOUT) -> None:
        """Stop taking work, let the sends in flight finish (bounded), disconnect, close."""
        self._stopping.set()
        self.scheduler.shutdown()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=grace * 0.6)
            for task in pending:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        # Every adapter, started or not: one that only sent (`paperboy post`) holds an HTTP
        # session too. The App owns the adapters it was given.
        await asyncio.gather(*(_stop(a, grace * 0.3) for a in self.adapters.values()))
        self._started.clear()
        if self._owns[1]:
            await self.http.aclose()
        if self._owns[0]:
            await self.store.close()

    # -- one-shot: `paperboy post` ----------------------------------------------------

    async def post(
        self, channels: Sequence[str] | None = None, day: dt.date | None = None
    ) -> list[PostOutcome]:
        """Plan the daily post of each channel now, over the outbox (never twice a day)."""
        if channels:
            names = list(channels)
        elif self.channels is not None:
            names = await self.channels.names()
        else:
            names = [c.name for c in self.config.channels]
        return [await self.jobs.post_now(name, day) for name in names]

    async def deliver(self, *, max_wait: float = 60.0) -> int:
        """Send what the outbox holds now, waiting out short retries (up to `max_wait`
        seconds of real time). Returns how many deliveries were handled."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max_wait
        total = await self.sender.drain()
        while await self.store.outbox_depth() > 0 and loop.time() < deadline:
            await asyncio.sleep(min(1.0, max(0.0, deadline - loop.time())))
            total += await self.sender.drain()
        return total


async def _stop(adapter: ChatAdapter, limit: float) -> None:
    try:
        await asyncio.wait_for(adapter.stop(), timeout=limit)
    except Exception:  # shutting down: log and go on to close the rest
        log.exception("adapter did not stop cleanly", extra={"adapter": adapter.name})
