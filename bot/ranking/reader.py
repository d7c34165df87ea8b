"""A reader's digest: their mutes applied, their votes (in every channel and DM) ranking
what is left, and why each paper is there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.feedback.mutes import is_muted
from bot.model import Owner, Paper
from bot.ranking.channel import LearningStore
from bot.ranking.score import Ranked, Ranker, Voted


class ReaderLearning:
    def __init__(self, store: LearningStore, ranker: Ranker) -> None:
        self._store = store
        self._ranker = ranker

    async def arrange(
        self, owner: Owner, papers: Sequence[Paper], now: dt.datetime
    ) -> list[Ranked]:
        """`papers` (in the base order) without those the reader muted, ranked by the
        reader's votes (none: the base order kept)."""
        rules = await self._store.mutes(owner)
        kept = [p for p in papers if is_muted(p, rules) is None]
        records = await self._store.reader_votes(owner)
        if owner.workspace:
            # A vote cast in a DM carries no workspace (a Discord DM belongs to no server),
            # while topics are owned per workspace: the reader's DM votes count too.
            in_dms = await self._store.reader_votes(Owner(owner.platform, "", owner.user))
            records = sorted([*records, *in_dms], key=lambda record: record.at)
        ids = list(dict.fromkeys(r.paper_id for r in records))
        found = {p.arxiv_id: p for p in await self._store.get_papers(ids)} if ids else {}
        voted = [Voted(found[r.paper_id], r.vote, r.at) for r in records if r.paper_id in found]
        return self._ranker.rank(kept, voted, now)


__all__ = ["ReaderLearning"]
