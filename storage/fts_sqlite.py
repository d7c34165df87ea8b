"""SQLite full-text search: the FTS5 table `papers_fts` (title, abstract, authors_text;
`tokenize='porter unicode61'`, kept in step with `papers` by triggers; see the migration).

Ranking is bm25 with the title weighted above the authors and the authors above the
abstract; highlights come from snippet() over the abstract. The MATCH expression is built
from `storage.text` token groups only, each as an FTS5 phrase string ("tok tok"), so no
user text is ever parsed as FTS5 syntax.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.selectable import NamedFromClause

from storage.base import SearchQuery
from storage.schema import papers
from storage.search import START, STOP, Ranked, filters
from storage.text import Piece, QueryParts

WEIGHTS = (10.0, 1.0, 4.0)  # bm25 column weights: title, abstract, authors_text
SNIPPET_TOKENS = 40

_fts = table("papers_fts", column("rowid"))
_FTS: ColumnClause[Any] = literal_column("papers_fts")


def _phrase(piece: Piece) -> str:
    # Tokens hold letters and digits only (storage.text.tokens): nothing to escape.
    return '"' + " ".join(piece.tokens) + '"'


def match_expression(parts: QueryParts) -> str:
    """The FTS5 query: all positive groups, minus any excluded group."""
    positive = " AND ".join(_phrase(g) for g in parts.positive)
    if parts.excluded:
        negative = " OR ".join(_phrase(g) for g in parts.excluded)
        return f"({positive}) NOT ({negative})"
    return positive


def _matching_ids(expression: str, name: str) -> Any:
    return (
        select(_fts.c.rowid)
        .where(_FTS.op("MATCH")(bindparam(name, expression)))
        .correlate(None)
        .scalar_subquery()
    )


def _window_floor(expression: str, query: SearchQuery) -> Any:
    """The smallest row id among the newest `query.window` matches (newest by arrival:
    ids grow as papers are stored). FTS5 walks its index in rowid order and stops early,
    and the `rowid >=` bound lets the ranking query score only those rows."""
    inner = _fts.alias("papers_fts")  # same name: MATCH resolves to the nearest table
    newest = papers.alias("newest")
    conditions = filters(newest, query)
    source = inner.join(newest, newest.c.id == inner.c.rowid) if conditions else inner
    window = (
        select(inner.c.rowid.label("rowid"))
        .select_from(source)
        .where(_FTS.op("MATCH")(bindparam("fts_window", expression)), *conditions)
        .order_by(inner.c.rowid.desc())
        .limit(query.window)
        .correlate(None)
        .subquery("window")
    )
    return select(func.min(window.c.rowid)).correlate(None).scalar_subquery()


class SqliteFullText:
    async def rank(
        self, conn: AsyncConnection, parts: QueryParts, query: SearchQuery, limit: int, offset: int
    ) -> list[Ranked]:
        expression = match_expression(parts)
        found = papers.alias("p")
        bm25 = func.bm25(_FTS, *WEIGHTS).label("bm25")
        stmt = (
            select(found.c.id, bm25)
            .select_from(_fts.join(found, found.c.id == _fts.c.rowid))
            .where(_FTS.op("MATCH")(bindparam("fts_query", expression)), *filters(found, query))
        )
        if query.window > 0:
            stmt = stmt.where(_fts.c.rowid >= _window_floor(expression, query))
        stmt = (
            stmt.order_by(bm25, found.c.pub_date.desc(), found.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [Ranked(int(row[0]), -float(row[1])) for row in await conn.execute(stmt)]

    async def snippets(
        self, conn: AsyncConnection, parts: QueryParts, row_ids: Sequence[int]
    ) -> dict[int, str]:
        if not row_ids:
            return {}
        snippet = func.snippet(_FTS, 1, START, STOP, "…", SNIPPET_TOKENS)
        stmt = select(_fts.c.rowid, snippet).where(
            _FTS.op("MATCH")(bindparam("fts_query", match_expression(parts))),
            _fts.c.rowid.in_(row_ids),
        )
        return {int(row[0]): str(row[1]) for row in await conn.execute(stmt)}

    def exclusions(self, table: NamedFromClause, parts: QueryParts) -> ColumnElement[bool]:
        expression = " OR ".join(_phrase(g) for g in parts.excluded)
        return table.c.id.not_in(_matching_ids(expression, "fts_excluded"))
