"""A channel's daily selection, ranked by what its readers voted (and why each paper).

The daily post hands its candidates in the base order (`bot.selection.candidates`);
`ChannelLearning.rank` re-orders them with the channel's votes (every reader's, in that
channel only) and says why each paper is there. A channel nobody voted in keeps the base
order, so its post is what it was before votes existed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from bot.config import ChannelConfig, Config
from bot.feedback.ports import FeedbackStore
from bot.model import Paper
from bot.ranking.score import Ranked, Ranker, Voted
from bot.ranking.why import why_line
from storage.base import PaperStore


class LearningStore(FeedbackStore, PaperStore, Protocol):
    """Votes, and the papers they were cast on."""


class ChannelLearning:
    def __init__(self, config: Config, store: LearningStore, ranker: Ranker) -> None:
        self._config = config
        self._store = store
        self._ranker = ranker

    def platforms(self, channel: ChannelConfig) -> tuple[str, ...]:
        """The names a vote in this channel carries as its platform: the adapter's name,
        and its kind (`slack`, `discord`) when the adapter is named otherwise."""
        kind = self._config.adapter(channel.adapter).kind or channel.adapter
        return tuple(dict.fromkeys((channel.adapter, kind)))

    async def voted(self, channel: ChannelConfig) -> list[Voted]:
        records = await self._store.target_votes(self.platforms(channel), channel.target)
        ids = list(dict.fromkeys(r.paper_id for r in records))
        papers = {p.arxiv_id: p for p in await self._store.get_papers(ids)} if ids else {}
        return [Voted(papers[r.paper_id], r.vote, r.at) for r in records if r.paper_id in papers]

    async def rank(
        self, channel: ChannelConfig, candidates: Sequence[Paper], now: dt.datetime
    ) -> list[Ranked]:
        return self._ranker.rank(candidates, await self.voted(channel), now)


def why_of(ranked: Ranked) -> str | None:
    return why_line(ranked.paper, liked_neighbour=ranked.liked_neighbour)


__all__ = ["ChannelLearning", "LearningStore", "why_of"]
