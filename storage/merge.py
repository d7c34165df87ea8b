"""How two sightings of one paper merge (pure functions; the store calls them).

- The higher version wins: its non-empty fields are kept, the other fills what it lacks.
  At equal versions the one updated later wins; on a tie the stored one (`old`) wins.
- Sources, categories, links and AI keywords are unions (the winner's order first).
- Upvotes and comment counts take the latest non-null value (the incoming one).
- A feed article given with the incoming paper replaces the stored one.
- `first_seen` is never changed by a merge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar

from bot.model import Paper

T = TypeVar("T")

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _union(first: Iterable[T], second: Iterable[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys([*first, *second]))


def _incoming_wins(old: Paper, new: Paper) -> bool:
    old_version, new_version = old.version or 0, new.version or 0
    if new_version != old_version:
        return new_version > old_version
    return (new.updated or _EPOCH) > (old.updated or _EPOCH)


def merge_paper(old: Paper, new: Paper) -> Paper:
    """`old` (as stored) merged with `new` (as just seen); see the module docstring."""
    win, lose = (new, old) if _incoming_wins(old, new) else (old, new)
    return Paper(
        arxiv_id=old.arxiv_id,
        title=win.title or lose.title,
        abstract=win.abstract or lose.abstract,
        version=win.version if win.version is not None else lose.version,
        authors=win.authors or lose.authors,
        categories=_union(win.categories, lose.categories),
        primary_category=win.primary_category or lose.primary_category,
        published=win.published or lose.published,
        updated=win.updated or lose.updated,
        comment=win.comment or lose.comment,
        journal_ref=win.journal_ref or lose.journal_ref,
        doi=win.doi or lose.doi,
        links=_union(win.links, lose.links),
        upvotes=new.upvotes if new.upvotes is not None else old.upvotes,
        num_comments=new.num_comments if new.num_comments is not None else old.num_comments,
        ai_summary=win.ai_summary or lose.ai_summary,
        ai_keywords=_union(win.ai_keywords, lose.ai_keywords),
        github_repo=win.github_repo or lose.github_repo,
        announce_type=win.announce_type or lose.announce_type,
        sources=old.sources | new.sources,
        article=new.article or old.article,
        first_seen=old.first_seen or new.first_seen,
    )


def merge_batch(papers: Iterable[Paper]) -> dict[str, Paper]:
    """Merge repeated ids within one batch, in order (later sightings count as newer)."""
    merged: dict[str, Paper] = {}
    for paper in papers:
        if not paper.arxiv_id:
            continue
        current = merged.get(paper.arxiv_id)
        merged[paper.arxiv_id] = paper if current is None else merge_paper(current, paper)
    return merged


def with_first_seen(paper: Paper, now: dt.datetime) -> Paper:
    return replace(paper, first_seen=now)
