"""The command dispatcher of the running bot, wired from the parts `App.build` made: the
store, the reviewer, the scheduler a settings change re-derives, the channel registry, and
the asker over the same full texts."""

from __future__ import annotations

from functools import partial

import httpx

from bot.ask.build import build_asker
from bot.channels.registry import ChannelRegistry
from bot.clock import Clock
from bot.commands.deps import CommandDeps
from bot.commands.dispatcher import Dispatcher
from bot.config import DEFAULT_URLS, Config
from bot.feedback.ports import FeedbackStore
from bot.fulltext.service import FullTexts
from bot.model import DeliveryMode, Paper, Subscription
from bot.ports import ReviewService
from bot.review import review_message
from bot.scheduling.scheduler import Scheduler
from bot.sources import fetch_arxiv_paper
from bot.textindex import Analyzer
from storage.base import Store


def build_dispatcher(
    config: Config,
    db: Store,
    client: httpx.AsyncClient,
    clock: Clock,
    *,
    reviewer: ReviewService,
    scheduler: Scheduler,
    analyzer: Analyzer,
    channels: ChannelRegistry | None,
    fulltexts: FullTexts | None,
) -> Dispatcher:
    async def on_subscribed(subscription: Subscription) -> None:
        # A new digest time needs its job; instant topics are matched after each poll
        # (the command's reply already lists the recent papers a new topic matches).
        if subscription.mode is DeliveryMode.DAILY:
            await scheduler.on_settings_changed(None)

    arxiv_url = next(
        (s.effective_url for s in config.sources if s.kind == "arxiv"), DEFAULT_URLS["arxiv"]
    )

    async def fetch(arxiv_id: str) -> Paper | None:
        return await fetch_arxiv_paper(client, arxiv_id, base_url=arxiv_url, now=clock.now())

    return Dispatcher(
        CommandDeps(
            store=db,
            clock=clock,
            config=config,
            reviewer=reviewer,
            render_review=review_message,
            fetch_paper=fetch,
            schedule=scheduler,
            on_settings_changed=partial(_settings_changed, scheduler),
            on_subscribed=on_subscribed,
            analyzer=analyzer,
            channels=channels,
            asker=build_asker(config, db, client, clock, fulltexts=fulltexts, analyzer=analyzer),
            feedback=db if isinstance(db, FeedbackStore) else None,
        )
    )


async def _settings_changed(scheduler: Scheduler, channel_name: str) -> None:
    await scheduler.on_settings_changed(channel_name)
