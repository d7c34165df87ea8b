"""SQLite full-text search: the FTS5 table `papers_fts` (title, abstract, authors_text,
category_tokens; `tokenize='porter unicode61'`, kept in step with `papers` by triggers; see
the migrations 0001 and 0002).

Ranking is bm25 with the title weighted above the authors and the authors above the
abstract (the category tokens weigh nothing), ties going to the newest by arrival (rowid);
highlights come from snippet() over the abstract, for the returned page only. The MATCH
expression is built from `storage.text` tokens only, each piece as an FTS5 phrase string
("tok tok"), so no user text is ever parsed as FTS5 syntax.

Speed on a big table: categories are matched inside FTS5 (each paper's categories are
indexed as tokens no query word can produce, see `category_token`), so `cat:` costs a
doclist merge, not a read of every matching row. Dates and authors need the row: dates
read the narrow index `ix_papers_id_pub_date`, authors the table. With a window, one walk
of the index by rowid, backwards, finds the newest `window` matches meeting everything and
scores each with bm25 as it is found (`_window`); only the page is then sorted out of them.

What bm25 costs at a million papers (benchmarks/README.md, "search"): before scoring the
first row it counts, over the whole table, the rows holding each phrase of the MATCH (its
IDF), and a rare conjunction walks most of the table to fill the window. Both grow with
the table; FTS5 offers no way to hand bm25 cached counts (an auxiliary function is C only).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnClause,
    ColumnElement,
    Select,
    TextClause,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.selectable import NamedFromClause

from storage.base import SearchQuery
from storage.schema import papers
from storage.search import START, STOP, Found, authors, categories, row_filters
from storage.text import Piece, QueryParts
from storage.types import UTCDateTime

WEIGHTS = (10.0, 1.0, 4.0, 0.0)  # bm25 column weights: title, abstract, authors, categories
SNIPPET_TOKENS = 40
TOKEN_MARK = "\ue000"  # private use: storage.text.clean() removes it from user text
DATE_INDEX = "ix_papers_id_pub_date"  # (id, pub_date), migration 0002

_fts = table("papers_fts", column("rowid"))
_FTS: ColumnClause[Any] = literal_column("papers_fts")
# The joined row's columns, by name: the FROM clause naming the row (`found`) is written
# as text in `_window`, since SQLAlchemy has no INDEXED BY for SQLite.
_FOUND_AUTHORS: ColumnClause[Any] = literal_column("found.authors_text")
_FOUND_DATE: ColumnClause[Any] = literal_column("found.pub_date", UTCDateTime())


def category_token(category: str) -> str:
    """The one token a category is indexed as (as migration 0002 computes it in SQL)."""
    return TOKEN_MARK + category.encode().hex() + TOKEN_MARK


def _phrase(piece: Piece) -> str:
    # A token is a run of unicode61 token characters (storage.unicode61), where `"`
    # separates: no token holds the one character an FTS5 string must escape.
    return '"' + " ".join(piece.tokens) + '"'


def match_expression(parts: QueryParts, wanted: Sequence[str] = ()) -> str:
    """The FTS5 query: all positive pieces and any of the `wanted` categories, minus any
    excluded piece."""
    positive = " AND ".join(_phrase(p) for p in parts.positive)
    if wanted:
        tokens = " OR ".join(f'"{category_token(c)}"' for c in wanted)
        positive = f"({positive}) AND ({tokens})"
    if parts.excluded:
        negative = " OR ".join(_phrase(p) for p in parts.excluded)
        return f"({positive}) NOT ({negative})"
    return positive


def _match(name: str, expression: str) -> ColumnElement[bool]:
    return _FTS.op("MATCH")(bindparam(name, expression))


def _window(expression: str, query: SearchQuery) -> CTE:
    """(rowid, bm25) of the newest `query.window` matches of `expression` meeting the row
    filters: FTS5 walks its index by rowid backwards; each match's row (or, for dates
    alone, its entry in the narrow (id, pub_date) index) is checked until `window` of
    them pass, and bm25 scores each as it passes.

    One walk, not two: ranking in a second statement (the words alone, past the window's
    floor) walked the same rowid range again, which for a rare conjunction is most of the
    table. bm25 over the whole expression gives the same scores: an excluded phrase has no
    instance in a matching row and the category column weighs 0, so both add 0 (its cost
    is their IDF counts, cheaper than the second walk: benchmarks/README.md)."""
    conditions = row_filters(query, _FOUND_AUTHORS, _FOUND_DATE)
    if not conditions:
        source: TextClause = text("papers_fts")
    else:
        hint = "" if authors(query) else f" INDEXED BY {DATE_INDEX}"
        source = text(f"papers_fts JOIN papers AS found{hint} ON found.id = papers_fts.rowid")
    rowid: ColumnClause[Any] = literal_column("papers_fts.rowid")
    newest = (
        select(rowid.label("rowid"), func.bm25(_FTS, *WEIGHTS).label("bm25"))
        .select_from(source)
        .where(_match("fts_window", expression), *conditions)
        .order_by(rowid.desc())
        .limit(bindparam("window", query.window, literal_execute=True))
    )
    return newest.cte("newest").prefix_with("MATERIALIZED", dialect="sqlite")


def _ranked(parts: QueryParts, query: SearchQuery) -> Select[Any]:
    """(rowid, bm25) of the matches to rank: the window's, or all those meeting the filters."""
    full = match_expression(parts, categories(query))
    if query.window > 0:
        newest = _window(full, query)
        return select(newest.c.rowid, newest.c.bm25)
    bm25 = func.bm25(_FTS, *WEIGHTS).label("bm25")
    ranked = select(_fts.c.rowid, bm25).select_from(_fts).where(_match("fts_query", full))
    if row_filters(query, papers.c.authors_text, papers.c.pub_date):
        found = papers.alias("found")
        ranked = ranked.join(found, found.c.id == _fts.c.rowid).where(
            *row_filters(query, found.c.authors_text, found.c.pub_date)
        )
    return ranked


class SqliteFullText:
    async def search(
        self, conn: AsyncConnection, parts: QueryParts, query: SearchQuery, limit: int, offset: int
    ) -> list[Found]:
        ranked = _ranked(parts, query).subquery("ranked")
        # LIMIT/OFFSET inline (not `?`): SQLite's planner only sees that `page` is small,
        # and makes it the outer loop of the join below, when it can read the number.
        page = (
            select(ranked)
            .order_by(ranked.c.bm25, ranked.c.rowid.desc())
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
            .where(_match("fts_snippet", match_expression(QueryParts(parts.terms, parts.phrases))))
            .order_by(page.c.bm25, page.c.rowid.desc())
        )
        rows = (await conn.execute(stmt)).mappings().all()
        return [Found(row, -float(row["bm25"]), row["snippet"]) for row in rows]

    def exclusions(self, table: NamedFromClause, parts: QueryParts) -> ColumnElement[bool]:
        expression = " OR ".join(_phrase(p) for p in parts.excluded)
        excluded = select(_fts.c.rowid).where(_match("fts_excluded", expression))
        return table.c.id.not_in(excluded.scalar_subquery())
