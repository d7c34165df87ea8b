"""Full-text search, shared part: filters, windowing, snippets; the backend-specific
matching, ranking and highlighting are in `storage.fts_sqlite` / `storage.fts_postgres`.

Ordering: relevance (best first), then the newest first. With `window` > 0 only the
newest `window` matches are ranked, so a very broad query stays fast on a big table;
"newest" there means newest by arrival (the row id, which grows as papers are stored),
because both indexes can walk ids backwards and stop after `window` matches. A match
counts towards the window only when it meets every filter (categories, authors, dates,
exclusions), so a filter never empties a page that older papers could fill.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.selectable import NamedFromClause

from storage.base import SearchHit, SearchQuery
from storage.codec import paper_from_row
from storage.engine import read_transaction
from storage.ops import Ops, json_contains_any, like_escape
from storage.schema import papers
from storage.text import MAX_PIECE_CHARS, QueryParts, clean, query_parts
from storage.unicode61 import Unicode61

START, STOP = "\x02", "\x03"  # highlight markers handed to snippet() / ts_headline()


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def categories(query: SearchQuery) -> list[str]:
    """The query's categories, cleaned (any of them must be among a paper's categories)."""
    return [c for c in (clean(c, 64) for c in query.categories) if c]


def filters(table: NamedFromClause, query: SearchQuery) -> list[ColumnElement[bool]]:
    """Conditions for everything but the words: categories, authors, dates."""
    conditions: list[ColumnElement[bool]] = []
    wanted = categories(query)
    if wanted:
        conditions.append(json_contains_any(table.c.categories, wanted))
    return conditions + row_filters(query, table.c.authors_text, table.c.pub_date)


def authors(query: SearchQuery) -> list[str]:
    """The query's author names, cleaned (each must be in a paper's author list)."""
    return [a for a in (clean(a, MAX_PIECE_CHARS) for a in query.authors) if a]


def row_filters(
    query: SearchQuery, authors_text: ColumnElement[Any], pub_date: ColumnElement[Any]
) -> list[ColumnElement[bool]]:
    """Conditions on authors and dates, on these columns of the row: the part of the
    filters that full-text indexes cannot answer."""
    conditions: list[ColumnElement[bool]] = [
        authors_text.ilike(f"%{like_escape(author)}%", escape="\\") for author in authors(query)
    ]
    if query.since is not None:
        conditions.append(pub_date >= _day_start(query.since))
    if query.before is not None:
        conditions.append(pub_date < _day_start(query.before))
    return conditions


def split_snippet(text: str | None) -> tuple[tuple[str, bool], ...]:
    """`a \\x02b\\x03 c` -> (("a ", False), ("b", True), (" c", False))."""
    if not text:
        return ()
    runs: list[tuple[str, bool]] = []
    for index, part in enumerate(text.split(START)):
        if index == 0:
            if part:
                runs.append((part.replace(STOP, ""), False))
            continue
        marked, _, rest = part.partition(STOP)
        if marked:
            runs.append((marked, True))
        if rest:
            runs.append((rest, False))
    return tuple(runs)


@dataclass(frozen=True)
class Found:
    row: Mapping[Any, Any]  # a `papers` row
    score: float  # higher is better
    snippet: str | None = None  # START/STOP mark the matched words


class FullText(Protocol):
    """A backend's full-text part: one statement that ranks the matches and returns the
    page asked for, with each paper's row, score and highlighted abstract extract."""

    async def search(
        self, conn: AsyncConnection, parts: QueryParts, query: SearchQuery, limit: int, offset: int
    ) -> list[Found]:
        """Rows matching `parts.positive` (and none of `parts.excluded`) and `filters`,
        best first, then newest (by arrival) first."""
        ...

    def exclusions(self, table: NamedFromClause, parts: QueryParts) -> ColumnElement[bool]:
        """Rows of `table` matching none of `parts.excluded`."""
        ...


class SearchOps(Ops):
    _fulltext: FullText
    _tokenizer: Unicode61

    async def search(
        self, query: SearchQuery, *, limit: int = 5, offset: int = 0
    ) -> list[SearchHit]:
        """Best first. Never raises for any query text (see `storage.text`)."""
        parts = query_parts(query, self._tokenizer)
        if limit <= 0 or not (
            parts.has_text or query.categories or any(clean(a) for a in query.authors)
        ):
            return []
        async with read_transaction(self._engine) as conn:
            if parts.has_text:
                found = await self._fulltext.search(conn, parts, query, limit, max(offset, 0))
            else:
                found = await self._listing(conn, query, parts, limit, max(offset, 0))
        return [SearchHit(paper_from_row(f.row), f.score, split_snippet(f.snippet)) for f in found]

    async def _listing(
        self, conn: AsyncConnection, query: SearchQuery, parts: QueryParts, limit: int, offset: int
    ) -> list[Found]:
        """No words to match: the newest papers meeting the filters (minus excluded words)."""
        conditions = filters(papers, query)
        if parts.excluded:
            conditions.append(self._fulltext.exclusions(papers, parts))
        stmt = (
            select(papers)
            .where(*conditions)
            .order_by(papers.c.pub_date.desc(), papers.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [Found(row, 0.0) for row in (await conn.execute(stmt)).mappings()]
