"""What the commands need, handed in by constructor (see bot/app.py for the assembly).

The small Protocols here are implemented elsewhere: the reviewer (bot.review.Reviewer),
the scheduler (next runs) and the sources package (fetching one paper from arXiv).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from bot.ask.ports import AskService
from bot.channels.registry import ChannelRegistry
from bot.clock import Clock
from bot.config import Config
from bot.feedback.ports import FeedbackStore
from bot.model import OutboundMessage, Paper, Review, Subscription
from bot.ports import ReviewService
from bot.textindex import Analyzer
from bot.versions import VersionStore
from storage.base import (
    ChannelStates,
    Outbox,
    PaperStore,
    PollStates,
    SearchIndex,
    SubscriptionStore,
)


class ScheduleInfo(Protocol):
    def next_post(self, channel_name: str) -> dt.datetime | None:
        """When the channel's next daily post is due, or None (paused, not scheduled)."""
        ...

    def next_poll(self, source_name: str) -> dt.datetime | None:
        """When the source is polled next, or None."""
        ...


FetchPaper = Callable[[str], Awaitable[Paper | None]]
RenderReview = Callable[[Review], OutboundMessage]
OnSettingsChanged = Callable[[str], Awaitable[None]]
OnSubscribed = Callable[[Subscription], Awaitable[None]]


class CommandStore(
    PaperStore,
    SearchIndex,
    SubscriptionStore,
    ChannelStates,
    PollStates,
    Outbox,
    VersionStore,
    Protocol,
):
    """What commands ask of the store (never its claims, reviews or DM ledger)."""


@dataclass(frozen=True)
class CommandDeps:
    """Everything a command may use. Only `store`, `clock` and `config` are required."""

    store: CommandStore
    clock: Clock
    config: Config
    reviewer: ReviewService | None = None
    render_review: RenderReview | None = None  # bot.review.review_message
    fetch_paper: FetchPaper | None = None  # bot.sources.fetch_arxiv_paper, bound to a client
    schedule: ScheduleInfo | None = None
    on_settings_changed: OnSettingsChanged | None = None
    on_subscribed: OnSubscribed | None = None  # e.g. deliver instant matches at once
    analyzer: Analyzer | None = None  # shared tokenizer cache; one is made when None
    asker: AskService | None = None  # bot.ask.service.Asker: /paper ask
    channels: ChannelRegistry | None = None  # /paper setup: channels set up from chat
    feedback: FeedbackStore | None = None  # votes, saved papers, mutes (bot/feedback)


__all__ = [
    "CommandDeps",
    "FetchPaper",
    "OnSettingsChanged",
    "OnSubscribed",
    "RenderReview",
    "ReviewService",
    "ScheduleInfo",
]
