"""The daily post of a channel: select, review, number, and write the intents.

Nothing is sent here: every message becomes an outbox intent with a unique key
(`post:<target>:<paper>`, `digest:<target>:<date>`, `note:<target>:<date>`), and the
sender worker sends them. The outbox rows of a day are also the record that the day's
post was planned: a second `post` for the same day (a restart, `paperboy post` twice)
finds them and plans nothing, so it never picks a second set of papers.

Remaining gap, by design: a crash after numbering but before the intents are written
skips those review numbers (a gap in "No. N"); nothing is posted twice or lost.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.calendar.notice import quiet_day_note
from bot.calendar.report import quiet_reasons
from bot.clock import Clock
from bot.config import ChannelConfig, Config
from bot.delivery import messages
from bot.delivery.outcome import PostOutcome, PostStatus, already_outcome, is_missed_record
from bot.model import OutboundMessage, Paper, Review, message_to_dict
from bot.ports import ReviewService, Target
from bot.ranking.channel import ChannelLearning, why_of
from bot.ranking.post import with_feedback
from bot.selection import (
    SelectionStore,
    channel_candidates,
    effective_channel,
    select_for_channel,
    selection_since,
)
from storage.base import (
    ChannelState,
    ChannelStates,
    Delivery,
    DeliveryKey,
    DeliveryKind,
    DeliveryStatus,
    NewDelivery,
    PollStates,
    delivery_key,
)

log = logging.getLogger(__name__)

DAY_KINDS = frozenset(
    {
        DeliveryKind.POST,
        DeliveryKind.DIGEST,
        DeliveryKind.THREAD,
        DeliveryKind.NOTE,
        DeliveryKind.MISSED,
    }
)


def channel_target(channel: ChannelConfig) -> Target:
    return Target(adapter=channel.adapter, channel=channel.target)


def local_day(channel: ChannelConfig, when: dt.datetime) -> dt.date:
    """The calendar day in the channel's time zone."""
    return when.astimezone(ZoneInfo(channel.timezone)).date()


class ChannelSource(Protocol):
    """Where channels come from when some are set up from chat (bot.channels.registry)."""

    async def base(self, name: str) -> ChannelConfig | None: ...

    async def select(
        self, store: SelectionStore, channel: ChannelConfig, since: dt.datetime
    ) -> list[Paper]: ...


SCAN = 500  # candidates read for a post (bot.selection's scan)

class DailyStore(ChannelStates, SelectionStore, PollStates, Protocol):
    """What the daily post asks of the store: channel state, new papers, the outbox, and
    the sources' poll states (to say why a day is quiet)."""


class DailyPoster:
    def __init__(
        self,
        config: Config,
        store: DailyStore,
        reviewer: ReviewService,
        clock: Clock,
        *,
        render: Callable[[Review], OutboundMessage],
        on_enqueued: Callable[[], None] = lambda: None,
        learning: ChannelLearning | None = None,
        channels: ChannelSource | None = None,
    ) -> None:
        self._config = config
        self._channels = channels  # None: only the TOML channels
        self._store = store
        self._reviewer = reviewer
        self._clock = clock
        self._render = render
        self._on_enqueued = on_enqueued
        self._learning = learning  # None: the base order, no why line, no vote buttons
        # One plan at a time in this process (a scheduled post and a catch-up, or a
        # command, for the same day). Across processes the outbox keys keep it to one post.
        self._planning = asyncio.Lock()

    async def channel(self, name: str) -> tuple[ChannelConfig, ChannelState | None]:
        """The channel's effective settings (config + `/paper settings`) and its state."""
        state = await self._store.get_channel_state(name)
        base = await self._channels.base(name) if self._channels is not None else None
        return effective_channel(base or self._config.channel(name), state), state

    async def day_deliveries(self, name: str, day: dt.date) -> list[Delivery]:
        found = await self._store.deliveries(channel_name=name, day=day, limit=500)
        return [d for d in found if d.kind in DAY_KINDS]

    async def post(self, name: str, day: dt.date | None = None) -> PostOutcome:
        """Plan the daily post of channel `name` for `day` (default: today there)."""
        async with self._planning:
            return await self._post(name, day)

    async def _post(self, name: str, day: dt.date | None) -> PostOutcome:
        channel, state = await self.channel(name)
        now = self._clock.now()
        day = day or local_day(channel, now)
        if channel.paused:
            return PostOutcome(name, day, PostStatus.PAUSED)
        existing = await self.day_deliveries(name, day)
        if existing:
            self._on_enqueued()  # anything left over from a crash is sent now
            return already_outcome(name, day, existing)
        if state is not None and state.last_post_day == day:
            return PostOutcome(name, day, PostStatus.ALREADY)
        since = selection_since(state, now)
        papers, whys = await self._select(channel, since, now)
        target = channel_target(channel)
        if not papers:
            items = []
            if channel.quiet_day == "notice":  # once a day: the note's key is per day
                why = await quiet_reasons(self._config, self._store, channel, since, now)
                note = quiet_day_note(self._config.review.series, day, why)
                key = delivery_key(DeliveryKind.NOTE, target.key, day)
                items.append(self._intent(key, DeliveryKind.NOTE, channel, day, note))
            await self._enqueue(items)
            await self._save_posted(name, state, day, now)
            return PostOutcome(name, day, PostStatus.EMPTY if items else PostStatus.SKIPPED)
        reviews = []
        for paper in papers:
            number = await self._store.next_review_number(name) if channel.numbered else None
            reviews.append(await self._reviewer.review(paper, number=number))
        await self._enqueue(self._post_intents(channel, day, reviews, whys))
        await self._save_posted(name, state, day, now)
        log.info(
            "daily post planned", extra={"channel": name, "day": str(day), "papers": len(reviews)}
        )
        return PostOutcome(name, day, PostStatus.PLANNED, tuple(p.arxiv_id for p in papers))

    async def record_missed(self, name: str, day: dt.date, scheduled: dt.datetime) -> bool:
        """Record that the post of `day` was missed (past the grace window). Returns False
        when that day already has a post (or a missed record). A record left PENDING by a
        crash between its two writes is finished (else it would count in the outbox depth
        for ever)."""
        channel, state = await self.channel(name)
        existing = await self.day_deliveries(name, day)
        if any(not _unfinished_missed(d) for d in existing):
            return False
        if not existing and state is not None and state.last_post_day == day:
            return False
        key = delivery_key(DeliveryKind.MISSED, channel_target(channel).key, day)
        note = OutboundMessage.text(f"daily post missed (was due {scheduled.isoformat()})")
        # Never due: the record must not be claimed and sent before it is marked MISSED.
        record = dataclasses.replace(
            self._intent(key, DeliveryKind.MISSED, channel, day, note),
            not_before=self._clock.now() + dt.timedelta(days=3650),
        )
        await self._store.enqueue([record], self._clock.now())
        delivery = await self._store.get_delivery(key)
        if delivery is not None and delivery.status is DeliveryStatus.PENDING:
            reason = (
                f"the bot was not running at {scheduled.isoformat()} and the grace window "
                f"({self._config.scheduler.grace}) had passed at start"
            )
            # MISSED, not FAILED: never claimed, and not counted as a failed send.
            await self._store.mark_missed(delivery.id, reason, self._clock.now())
        log.warning("daily post missed", extra={"channel": name, "day": str(day)})
        return True

    async def _select(
        self, channel: ChannelConfig, since: dt.datetime, now: dt.datetime
    ) -> tuple[list[Paper], dict[str, str | None]]:
        """The selection; with learning, every candidate re-ranked by the channel's votes
        (bot.ranking: none cast keeps the base order) and why each paper is there."""
        if self._learning is None:
            return await self._base_selection(channel, since), {}
        if self._channels is not None:  # a chat-made channel's topic filter applies first
            wide = channel.model_copy(update={"top": SCAN})  # every candidate, base order
            pool = await self._channels.select(self._store, wide, since)
        else:
            pool = await channel_candidates(self._store, channel, since)
        ranked = (await self._learning.rank(channel, pool, now))[: channel.top]
        return [r.paper for r in ranked], {r.paper.arxiv_id: why_of(r) for r in ranked}

    async def _base_selection(self, channel: ChannelConfig, since: dt.datetime) -> list[Paper]:
        if self._channels is not None:  # applies a chat-made channel's topic filter
            return await self._channels.select(self._store, channel, since)
        return await select_for_channel(self._store, channel, since)

    def _post_intents(
        self,
        channel: ChannelConfig,
        day: dt.date,
        reviews: list[Review],
        whys: dict[str, str | None] | None = None,
    ) -> list[NewDelivery]:
        target = channel_target(channel)
        items: list[NewDelivery] = []
        parent: DeliveryKey | None = None
        kind = DeliveryKind.POST
        if channel.mode == "digest":
            parent = delivery_key(DeliveryKind.DIGEST, target.key, day)
            header = messages.daily_digest(self._config.review.series, day, reviews)
            items.append(self._intent(parent, DeliveryKind.DIGEST, channel, day, header))
            kind = DeliveryKind.THREAD
        for review in reviews:
            # the key is the paper's post, whether it goes in the channel or a thread
            key = delivery_key(DeliveryKind.POST, target.key, review.paper_id)
            message = self._render(review)
            if self._learning is not None:  # why this paper, and like / dislike / save
                message = with_feedback(message, (whys or {}).get(review.paper_id))
            items.append(
                self._intent(
                    key, kind, channel, day, message, paper_id=review.paper_id, parent=parent
                )
            )
        return items

    def _intent(
        self,
        key: DeliveryKey,
        kind: DeliveryKind,
        channel: ChannelConfig,
        day: dt.date,
        message: OutboundMessage,
        *,
        paper_id: str | None = None,
        parent: DeliveryKey | None = None,
    ) -> NewDelivery:
        return NewDelivery(
            key=key,
            adapter=channel.adapter,
            channel=channel.target,
            kind=kind,
            payload=message_to_dict(message),
            paper_id=paper_id,
            day=day,
            channel_name=channel.name,
            parent_key=parent,
        )

    async def _enqueue(self, items: list[NewDelivery]) -> None:
        if items:
            await self._store.enqueue(items, self._clock.now())
            self._on_enqueued()

    async def _save_posted(
        self, name: str, state: ChannelState | None, day: dt.date, now: dt.datetime
    ) -> None:
        # Re-read: next_review_number changed the counter since `state` was read.
        current = await self._store.get_channel_state(name) or state or ChannelState(name=name)
        await self._store.save_channel_state(
            dataclasses.replace(current, last_post_day=day, last_post_at=now)
        )


def _unfinished_missed(delivery: Delivery) -> bool:
    return delivery.kind is DeliveryKind.MISSED and delivery.status is DeliveryStatus.PENDING


__all__ = [  # PostOutcome, PostStatus and is_missed_record live in bot.delivery.outcome
    "ChannelSource",
    "DailyPoster",
    "DailyStore",
    "PostOutcome",
    "PostStatus",
    "channel_target",
    "is_missed_record",
    "local_day",
]
