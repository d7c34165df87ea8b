"""Revisions: record each paper's new versions and tell its followers, once per version.

After a poll stores papers, `Revisions.track` records the current version of each; a
version not seen before, of a paper whose earlier version is recorded, is a revision. Its
followers (`/paper follow ID`, and the owners of topics subscribed with `revisions:on`
that match the paper) get one short DM: "v3 of <title> is out", the abstract's
added and removed sentences, and the comment ("accepted at ICLR 2026", "withdrawn"). The
DM's outbox key names the version, so it is written once whatever reruns. A revision is
never a channel post: the daily selection skips `replace` announcements and only takes
papers first seen since the last post.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from bot.clock import Clock
from bot.lifecycle import abstract_change
from bot.matching import TopicIndex
from bot.model import Header, OutboundMessage, Owner, Paper, Text, message_to_dict
from bot.ports import Target
from bot.textindex import Analyzer
from bot.versions import PaperVersion, VersionStore
from storage.base import (
    DeliveryKind,
    NewDelivery,
    Outbox,
    PaperStore,
    SubscriptionStore,
    delivery_key,
)

log = logging.getLogger(__name__)

MAX_SENTENCES = 3  # per side of the change: a DM stays short


class RevisionStore(VersionStore, PaperStore, SubscriptionStore, Outbox, Protocol):
    """What revisions ask of the store: papers, their versions and followers, topics, the
    outbox."""


def revision_message(paper: Paper, before: PaperVersion, now: PaperVersion) -> OutboundMessage:
    """'v3 of <title> is out': what changed in the abstract, and the comment."""
    title = f"v{now.version} of {now.title} is out"
    blocks: list[Header | Text] = [Header(title, paper.abs_url)]
    lines = [title]
    if now.withdrawn and not before.withdrawn:
        blocks.append(Text.plain("The paper has been withdrawn."))
        lines.append("The paper has been withdrawn.")
    if now.title.strip() != before.title.strip():
        blocks.append(Text.plain(before.title, label="Was titled"))
        lines.append(f"Was titled: {before.title}")
    change = abstract_change(before.abstract, now.abstract)
    for label, sentences in (("Added", change.added), ("Removed", change.removed)):
        if sentences:
            shown = list(sentences[:MAX_SENTENCES])
            if len(sentences) > MAX_SENTENCES:
                shown.append(f"(and {len(sentences) - MAX_SENTENCES} more)")
            blocks.append(Text.plain(" ".join(shown), label=label))
            lines.append(f"{label}: " + " ".join(shown))
    if not change.changed and now.title.strip() == before.title.strip():
        blocks.append(Text.plain("The abstract is unchanged."))
        lines.append("The abstract is unchanged.")
    if now.comment:
        blocks.append(Text.plain(now.comment, label="Comment"))
        lines.append(f"Comment: {now.comment}")
    lines.append(paper.abs_url)
    return OutboundMessage(blocks=tuple(blocks), fallback="\n".join(lines))


class Revisions:
    def __init__(
        self,
        store: RevisionStore,
        clock: Clock,
        *,
        adapters_by_platform: Mapping[str, str],
        on_enqueued: Callable[[], None] = lambda: None,
        analyzer: Analyzer | None = None,
    ) -> None:
        self._store = store
        self._analyzer = analyzer or Analyzer()
        self._clock = clock
        self._adapters = dict(adapters_by_platform)
        self._on_enqueued = on_enqueued

    async def track(self, arxiv_ids: Sequence[str]) -> int:
        """Record the stored papers' versions; DM the followers of each revision. Returns
        the number of DMs written."""
        papers = {
            p.arxiv_id: p for p in await self._store.get_papers(list(arxiv_ids))
            if p.is_arxiv and p.version
        }  # fmt: skip
        known = await self._store.versions_of(list(papers))
        current = [PaperVersion.of(p, self._clock.now()) for p in papers.values()]
        fresh = [
            v for v in current
            if v.version not in {k.version for k in known.get(v.arxiv_id, [])}
        ]  # fmt: skip
        written = 0
        for now in await self._store.record_versions(fresh):
            earlier = [v for v in known.get(now.arxiv_id, []) if v.version < now.version]
            if earlier:  # else: the first version this bot sees
                written += await self._tell(papers[now.arxiv_id], earlier[-1], now)
        if written:
            self._on_enqueued()
        return written

    async def _tell(self, paper: Paper, before: PaperVersion, now: PaperVersion) -> int:
        message = message_to_dict(revision_message(paper, before, now))
        items = []
        owners = [*await self._store.followers(paper.arxiv_id), *await self._topic_owners(paper)]
        for owner in dict.fromkeys(owners):
            target = self._target(owner)
            if target is None:
                continue
            key = delivery_key(DeliveryKind.DM, target.key, f"{paper.arxiv_id}v{now.version}")
            items.append(
                NewDelivery(
                    key=key, adapter=target.adapter, channel="", kind=DeliveryKind.DM,
                    payload=message, user=owner.user, workspace=owner.workspace,
                    paper_id=paper.arxiv_id,
                )
            )  # fmt: skip
        if items:
            await self._store.enqueue(items, self._clock.now())
            log.info("revision DMs", extra={"paper": paper.arxiv_id, "dms": len(items)})
        return len(items)

    async def _topic_owners(self, paper: Paper) -> list[Owner]:
        """Owners of the `revisions:on` topics that match the paper."""
        wanted = await self._store.topic_revision_ids()
        if not wanted:
            return []
        topics = [s for s in await self._store.all_subscriptions() if s.id in wanted]
        matched = TopicIndex(topics, analyzer=self._analyzer).match([paper]).get(paper.arxiv_id)
        return [s.owner for s in topics if matched and s.id in matched]

    def _target(self, owner: Owner) -> Target | None:
        adapter = self._adapters.get(owner.platform)
        if adapter is None:
            log.warning("no adapter for a follower's platform", extra={"platform": owner.platform})
            return None
        return Target(adapter=adapter, user=owner.user, workspace=owner.workspace)
