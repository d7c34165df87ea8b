"""Per-user deliveries: the papers matching each user's topics, as direct messages.

`instant` subscriptions get one DM right after a poll that brings matches; `daily` ones
one digest at the user's time. Each DM holds at most ten papers ("and N more" with a search
hint). A user never gets the same paper twice, whichever topic or source matched it: the
store's seen records say which papers are new to the user.

Instant DMs are planned from every paper first seen in the last INSTANT_LOOKBACK (and after
the subscription was made), not only from one poll's new papers: a run cut short (the
scheduler holder killed while writing intents for hundreds of users) is finished by the
next run, here or in the process that takes the scheduler over (`Scheduler.catch_up` runs
one at start); the seen records keep the users already served from a second DM.

No window remains between "seen" and the DM's intent: `Store.enqueue_for_user` marks the
papers seen and writes the intent (built from the papers that were new) in one
transaction, so a crash at any point leaves either both or neither; a user not yet served
when the process died is served by the next run. (The sending side has its own, smaller
window: see bot.delivery.sender.)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.delivery.messages import Match, user_digest
from bot.matching import TopicIndex
from bot.model import DeliveryMode, Owner, Paper, Subscription, message_to_dict
from bot.ports import Target
from bot.ranking.reader import ReaderLearning
from bot.ranking.why import why_line
from bot.selection import rank
from bot.textindex import Analyzer
from storage.base import (
    DeliveryKey,
    DeliveryKind,
    NewDelivery,
    Outbox,
    PaperStore,
    SubscriptionStore,
    UserOutbox,
    delivery_key,
)

log = logging.getLogger(__name__)

DIGEST_LOOKBACK = dt.timedelta(hours=26)  # a day, and a margin for a late poll
# Instant DMs: papers first seen this recently are still "new" to a subscriber who has
# not had them (a run cut short by a crash is finished by the next one within this).
INSTANT_LOOKBACK = dt.timedelta(hours=26)
RECENT_LIMIT = 2000  # papers considered per run (newest first)


class UserDeliveryStore(PaperStore, SubscriptionStore, UserOutbox, Outbox, Protocol):
    """What DMs ask of the store: new papers, subscriptions, the DM ledger."""


class UserDeliveries:
    def __init__(
        self,
        store: UserDeliveryStore,
        clock: Clock,
        *,
        adapters_by_platform: Mapping[str, str],
        analyzer: Analyzer | None = None,
        on_enqueued: Callable[[], None] = lambda: None,
        learning: ReaderLearning | None = None,
        paused_workspaces: Callable[[], Awaitable[set[tuple[str, str]]]] | None = None,
    ) -> None:
        self._store = store
        # (adapter, workspace) the bot was removed from: their users' DMs wait meanwhile
        self._paused_workspaces = paused_workspaces
        self._held_back = False  # the last run left some users' DMs for later
        self._learning = learning  # None: no mutes, the base order, the topic as the why
        self._clock = clock
        self._adapters = dict(adapters_by_platform)
        self._analyzer = analyzer or Analyzer()
        self._on_enqueued = on_enqueued
        self._instant_runs = asyncio.Lock()  # one instant run at a time in this process
        # Papers first seen before this were all planned by a run that completed here,
        # so a later run need not try them again, user by user; None: look back
        # INSTANT_LOOKBACK (a fresh process, maybe after a crash). A poll passes its own
        # new papers in, so a concurrent poll's papers, committed just after a run's
        # query, are covered by that poll's run.
        self._planned_until: dt.datetime | None = None

    async def instant(self, paper_ids: Sequence[str] = ()) -> int:
        """After a poll (and at the scheduler's start): DM each instant subscriber the
        papers matching their topics that were first seen in the last INSTANT_LOOKBACK,
        after they subscribed, and not sent to them before. `paper_ids` (a poll's new
        papers) are considered too, however many recent papers there are.
        Returns the number of DMs written to the outbox."""
        async with self._instant_runs:
            subscriptions = [
                s for s in await self._store.all_subscriptions() if s.mode is DeliveryMode.INSTANT
            ]
            if not subscriptions:
                return 0
            started = self._clock.now()
            since = started - INSTANT_LOOKBACK
            if self._planned_until is not None:
                since = max(since, self._planned_until)
            papers = await self._store.papers_since(since, limit=RECENT_LIMIT)
            recent = {p.arxiv_id for p in papers}
            missing = [i for i in dict.fromkeys(paper_ids) if i not in recent]
            if missing:
                papers += await self._store.get_papers(missing)
            self._held_back = False
            written = await self._deliver(subscriptions, papers, day=None)
            if not self._held_back:  # else a later run looks back again for the held DMs
                self._planned_until = started  # not reached when the run fails partway
            return written

    async def daily(self, time: dt.time, timezone: str, day: dt.date | None = None) -> int:
        """The digests of the daily subscribers who chose `time` in `timezone`, for `day`
        (default: today there). At most one digest per user and day, however often run."""
        subscriptions = [
            s
            for s in await self._store.all_subscriptions()
            if s.mode is DeliveryMode.DAILY
            and s.timezone == timezone
            and s.digest_time.replace(second=0, microsecond=0) == time
        ]
        if not subscriptions:
            return 0
        since = self._clock.now() - DIGEST_LOOKBACK
        papers = await self._store.papers_since(since, limit=2000)
        day = day or self._clock.now().astimezone(ZoneInfo(timezone)).date()
        return await self._deliver(subscriptions, papers, day=day)

    async def _deliver(
        self, subscriptions: Sequence[Subscription], papers: Sequence[Paper], *, day: dt.date | None
    ) -> int:
        """`day` names a daily digest (one per user and day); None: an instant delivery."""
        index = TopicIndex(subscriptions, analyzer=self._analyzer)
        matched = index.match(papers)
        if not matched:
            return 0
        by_id = {s.id: s for s in subscriptions}
        per_owner: dict[Owner, list[tuple[Match, int]]] = {}
        for paper in rank(p for p in papers if p.arxiv_id in matched):
            owners_done: set[Owner] = set()
            for sub_id in sorted(matched[paper.arxiv_id]):
                subscription = by_id[sub_id]
                if subscription.owner in owners_done:
                    continue  # one paper once per user, under its first matching topic
                if day is None and _before(paper, subscription):
                    continue  # instant: only papers that arrived after the subscription
                owners_done.add(subscription.owner)
                per_owner.setdefault(subscription.owner, []).append(
                    (Match(paper, subscription.query), sub_id)
                )
        written = 0
        counts: dict[int, int] = {}
        paused = await self._paused_workspaces() if self._paused_workspaces is not None else set()
        for owner, found in per_owner.items():
            if (self._adapters.get(owner.platform), owner.workspace) in paused:
                self._held_back = True  # the bot is out of that workspace: a later run
                continue
            if await self._deliver_one(owner, found, day=day, counts=counts):
                written += 1
        if counts:
            await self._store.add_matches(counts)
        return written

    async def _deliver_one(
        self,
        owner: Owner,
        found: list[tuple[Match, int]],
        *,
        day: dt.date | None,
        counts: dict[int, int],
    ) -> bool:
        daily = day is not None
        adapter = self._adapters.get(owner.platform)
        if adapter is None:
            log.warning("no adapter for the platform %s", owner.platform)
            return False
        if self._learning is not None:
            found = await self._arrange(owner, found)
            if not found:
                return False  # every match is muted
        target = Target(adapter=adapter, user=owner.user, workspace=owner.workspace)
        now = self._clock.now()
        key: DeliveryKey | None = None
        if day is not None:
            key = delivery_key(DeliveryKind.DIGEST, target.key, day)
            if await self._store.get_delivery(key) is not None:
                return False  # today's digest was already written (a rerun of the job)
        sent: list[tuple[Match, int]] = []

        def build(fresh: list[str]) -> NewDelivery:
            """The DM of the papers new to the user (inside the store's transaction)."""
            new = set(fresh)
            sent[:] = [(m, sub_id) for m, sub_id in found if m.paper.arxiv_id in new]
            dm_key = key or delivery_key(DeliveryKind.DM, target.key, _digest_id(new))
            message = user_digest([m for m, _ in sent], daily=daily)
            return NewDelivery(
                key=dm_key,
                adapter=adapter,
                channel="",
                kind=DeliveryKind.DIGEST if daily else DeliveryKind.DM,
                payload=message_to_dict(message),
                user=owner.user,
                workspace=owner.workspace,
            )

        ids = [m.paper.arxiv_id for m, _ in found]
        if await self._store.enqueue_for_user(owner, ids, now, build) is None:
            return False
        for _, sub_id in sent:
            counts[sub_id] = counts.get(sub_id, 0) + 1
        self._on_enqueued()
        return True

    async def _arrange(
        self, owner: Owner, found: list[tuple[Match, int]]
    ) -> list[tuple[Match, int]]:
        """The reader's mutes applied and their votes ranking the rest, each with its why."""
        assert self._learning is not None
        papers = [m.paper for m, _ in found]
        ranked = await self._learning.arrange(owner, papers, self._clock.now())
        by_id = {m.paper.arxiv_id: (m, sub_id) for m, sub_id in found}
        arranged = []
        for r in ranked:
            match, sub_id = by_id[r.paper.arxiv_id]
            why = why_line(r.paper, topic=match.topic, liked_neighbour=r.liked_neighbour)
            arranged.append((Match(match.paper, match.topic, why), sub_id))
        return arranged


def _digest_id(paper_ids: set[str]) -> str:
    """A short stable id for a set of papers (an instant DM's key)."""
    return hashlib.sha256(" ".join(sorted(paper_ids)).encode()).hexdigest()[:16]


def _before(paper: Paper, subscription: Subscription) -> bool:
    """The paper was first seen before the subscription was made (the `subscribe` reply
    lists such recent matches; instant DMs bring only what arrives later)."""
    return paper.first_seen is not None and paper.first_seen < subscription.created
