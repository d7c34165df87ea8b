"""The daily selection for a channel, and a channel's effective settings.

Selection: papers first seen since the channel's last post, from its sources and
categories, not yet posted to it, ranked by Hugging Face upvotes, then by whether a
human review (a feed article) exists, then by recency; the top N.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from bot.config import ChannelConfig
from bot.model import Paper
from bot.versions import is_withdrawn
from storage.base import ChannelState, Outbox, PaperStore

# Re-announcements of old papers (a new version) are not news for a daily post.
_NOT_NEW = frozenset({"replace", "replace-cross"})
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

# How far back a channel that has never posted looks.
FIRST_POST_LOOKBACK = dt.timedelta(days=1)


def effective_channel(config: ChannelConfig, state: ChannelState | None) -> ChannelConfig:
    """The configured channel with the settings changed at run time (`/paper settings`)."""
    if state is None:
        return config
    update: dict[str, Any] = {}
    for name in ("time", "timezone", "sources", "categories", "top"):
        value = getattr(state, name)
        if value is not None:
            update[name] = value
    if state.paused:
        update["paused"] = True
    return config.model_copy(update=update) if update else config


def rank_key(paper: Paper) -> tuple[int, int, dt.datetime]:
    """Sort key, best first when sorted in reverse: upvotes, has an article, recency."""
    when = paper.published or paper.first_seen or _EPOCH
    return (paper.upvotes or 0, 1 if paper.article is not None else 0, when)


def rank(papers: Iterable[Paper]) -> list[Paper]:
    """Best first. Ties keep the id order, so the same input always gives the same post."""
    ordered = sorted(papers, key=lambda p: p.arxiv_id)
    return sorted(ordered, key=rank_key, reverse=True)


def is_candidate(paper: Paper) -> bool:
    """A paper a daily post may carry: new (not a new version of an old one), not withdrawn."""
    return (paper.announce_type or "new") not in _NOT_NEW and not is_withdrawn(paper)


def candidates(papers: Sequence[Paper], posted: set[str]) -> list[Paper]:
    """Every paper the post may carry (not posted, new, not withdrawn), in the base order
    (bot.ranking re-orders them by a channel's votes)."""
    return rank(p for p in papers if p.arxiv_id not in posted and is_candidate(p))


def choose(papers: Sequence[Paper], posted: set[str], top: int) -> list[Paper]:
    """The pure part of the selection: drop what was posted, is not new or is withdrawn,
    rank, cut."""
    return candidates(papers, posted)[:top]


def selection_since(state: ChannelState | None, now: dt.datetime) -> dt.datetime:
    """Papers first seen at or after this time are candidates."""
    if state is not None and state.last_post_at is not None:
        return state.last_post_at
    return now - FIRST_POST_LOOKBACK


class SelectionStore(PaperStore, Outbox, Protocol):
    """What selection reads: new papers, and what a channel was sent already."""


async def select_for_channel(
    store: SelectionStore, channel: ChannelConfig, since: dt.datetime, *, scan: int = 500
) -> list[Paper]:
    """Today's papers for `channel` (its effective settings), best first, at most `top`."""
    papers, posted = await _read(store, channel, since, scan)
    return choose(papers, posted, channel.top)


async def channel_candidates(
    store: SelectionStore, channel: ChannelConfig, since: dt.datetime, *, scan: int = 500
) -> list[Paper]:
    """Every candidate of `channel`'s post, in the base order, not cut to `top`."""
    papers, posted = await _read(store, channel, since, scan)
    return candidates(papers, posted)


async def _read(
    store: SelectionStore, channel: ChannelConfig, since: dt.datetime, scan: int
) -> tuple[list[Paper], set[str]]:
    papers = await store.papers_since(
        since,
        sources=list(channel.sources) or None,
        categories=list(channel.categories) or None,
        limit=scan,
    )
    posted = await store.posted_paper_ids(channel.adapter, channel.target)
    return papers, posted
