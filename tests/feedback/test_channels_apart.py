"""A reader's votes in one channel never change another channel's ranking, and votes
survive a restart (the store is closed and opened again on the same file)."""

from __future__ import annotations

from pathlib import Path

from bot.feedback.model import Vote, channel_key
from bot.model import Owner
from bot.ranking import Ranker, Voted
from bot.selection import rank
from storage import open_store
from tests.commands.conftest import CORPUS, NOW

READER = Owner("slack", "T1", "U1")
A = channel_key("slack", "T1", "C-A")
B = channel_key("slack", "T1", "C-B")


async def _ranking(store_url: str, channel: str) -> list[str]:
    store = await open_store(store_url)
    try:
        votes = await store.channel_votes(channel)
        papers = {p.arxiv_id: p for p in await store.get_papers([v.paper_id for v in votes])}
        voted = [Voted(papers[v.paper_id], v.vote, v.at) for v in votes]
        return [r.paper.arxiv_id for r in Ranker().rank(rank(CORPUS), voted, NOW)]
    finally:
        await store.close()


async def test_votes_stay_in_their_channel_and_survive_a_restart(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'paperboy.db'}"
    store = await open_store(url)
    await store.upsert_papers(list(CORPUS), NOW)
    before_b = await _ranking_open(store, B)
    await store.set_vote(READER, A, "2503.00004", Vote.LIKE, NOW)
    await store.set_vote(READER, A, "2503.00001", Vote.DISLIKE, NOW)
    await store.close()  # the bot restarts
    ranked_a = await _ranking(url, A)
    ranked_b = await _ranking(url, B)
    assert ranked_b == before_b == [p.arxiv_id for p in rank(CORPUS)]
    assert ranked_a != ranked_b
    assert ranked_a[0] == "2503.00004"
    reopened = await open_store(url)
    try:
        votes = await reopened.reader_votes(READER)
        assert {(v.channel, v.paper_id, v.vote) for v in votes} == {
            (A, "2503.00004", Vote.LIKE), (A, "2503.00001", Vote.DISLIKE),
        }  # fmt: skip
    finally:
        await reopened.close()


async def _ranking_open(store: object, channel: str) -> list[str]:
    assert hasattr(store, "channel_votes")
    assert await store.channel_votes(channel) == []
    return [p.arxiv_id for p in rank(CORPUS)]
