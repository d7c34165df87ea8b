"""SQLite full-text search: the FTS5 table `papers_fts` (title, abstract, authors_text;
`tokenize='porter unicode61'`, kept in step with `papers` by triggers; see the migration).

Ranking is bm25 with the title weighted above the authors and the authors above the
abstract, ties going to the newest by arrival (rowid); highlights come from snippet() over
the abstract, for the returned page only. The MATCH expression is built from
`storage.text` tokens only, each piece as an FTS5 phrase string ("tok tok"), so no user
text is ever parsed as FTS5 syntax.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Select,
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
from storage.search import START, STOP, Found, filters
from storage.text import Piece, QueryParts

WEIGHTS = (10.0, 1.0, 4.0)  # bm25 column weights: title, abstract, authors_text
SNIPPET_TOKENS = 40

_fts = table("papers_fts", column("rowid"))
_FTS: ColumnClause[Any] = literal_column("papers_fts")


def _phrase(piece: Piece) -> str:
    # Tokens hold letters and digits only (storage.text.tokens): nothing to escape.
    return '"' + " ".join(piece.tokens) + '"'


def match_expression(parts: QueryParts) -> str:
    """The FTS5 query: all positive pieces, minus any excluded piece."""
    positive = " AND ".join(_phrase(p) for p in parts.positive)
    if parts.excluded:
        negative = " OR ".join(_phrase(p) for p in parts.excluded)
        return f"({positive}) NOT ({negative})"
    return positive


def _match(name: str, expression: str) -> ColumnElement[bool]:
    return _FTS.op("MATCH")(bindparam(name, expression))


def _matching(expression: str, query: SearchQuery, name: str) -> Select[Any]:
    """rowids of the matches meeting the filters (joined to `papers` only when needed)."""
    found = papers.alias("found")
    conditions = filters(found, query)
    source = _fts.join(found, found.c.id == _fts.c.rowid) if conditions else _fts
    return select(_fts.c.rowid).select_from(source).where(_match(name, expression), *conditions)


def _window_floor(expression: str, query: SearchQuery) -> Any:
    """The smallest rowid among the newest `query.window` matches (newest by arrival:
    ids grow as papers are stored). FTS5 walks its index by rowid, backwards, and stops
    after `window` matches; the `rowid >=` bound then lets bm25 score only those rows."""
    newest = (
        _matching(expression, query, "fts_window")
        .order_by(_fts.c.rowid.desc())
        .limit(query.window)
        .subquery("newest")
    )
    return select(func.min(newest.c.rowid)).scalar_subquery()


class SqliteFullText:
    async def search(
        self, conn: AsyncConnection, parts: QueryParts, query: SearchQuery, limit: int, offset: int
    ) -> list[Found]:
        expression = match_expression(parts)
        bm25 = func.bm25(_FTS, *WEIGHTS).label("bm25")
        ranked = _matching(expression, query, "fts_query").add_columns(bm25)
        if query.window > 0:
            ranked = ranked.where(_fts.c.rowid >= _window_floor(expression, query))
        # LIMIT/OFFSET inline (not `?`): SQLite's planner only sees that `page` is small,
        # and makes it the outer loop of the join below, when it can read the number.
        page = (
            ranked.order_by(bm25, _fts.c.rowid.desc())
            .limit(bindparam("page_limit", limit, literal_execute=True))
            .offset(bindparam("page_offset", offset, literal_execute=True))
            .cte("page")
            .prefix_with("MATERIALIZED", dialect="sqlite")
        )
        snippet = func.snippet(_FTS, 1, START, STOP, "…", SNIPPET_TOKENS).label("snippet")
        stmt = (
            select(papers, page.c.bm25, snippet)
            .select_from(
                page.join(_fts, _fts.c.rowid == page.c.rowid).join(
                    papers, papers.c.id == page.c.rowid
                )
            )
            .where(_match("fts_snippet", expression))
            .order_by(page.c.bm25, page.c.rowid.desc())
        )
        rows = (await conn.execute(stmt)).mappings().all()
        return [Found(row, -float(row["bm25"]), row["snippet"]) for row in rows]

    def exclusions(self, table: NamedFromClause, parts: QueryParts) -> ColumnElement[bool]:
        expression = " OR ".join(_phrase(p) for p in parts.excluded)
        excluded = select(_fts.c.rowid).where(_match("fts_excluded", expression))
        return table.c.id.not_in(excluded.scalar_subquery())
