"""PostgreSQL full-text search: the generated column `papers.tsv` (title weight A, authors
B, abstract C, `english` configuration) with a GIN index; see the migration.

Each cleaned query piece from `storage.text` becomes `phraseto_tsquery('english', :piece)`,
the text as a bound parameter, AND-ed with `&&`; excluded pieces are OR-ed and negated.
Ranking is ts_rank (A=1.0, B=0.4, C=0.2 by default), ties going to the newest by arrival
(id); highlights come from ts_headline over the abstract, for the returned page only.

The window (the newest `window` matches meeting the filters) is found by probing the
newest rows first (`_window`): a GIN index returns its matches unordered, so "the newest
5,000 matches" in one statement fetched and sorted every match of the table (3.4 s p95
at 1M papers, benchmarks/README.md). Each probe asks for the matches among the newest
`span` rows (the GIN bitmap AND-ed with a range of the primary key), and the next probe
looks as far back as the matches found so far say the window needs (within `GALLOP`),
until the window is full or the table is covered: a
broad word is done in one probe over a few thousand rows, a rare one in a few cheap ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    func,
    literal,
    literal_column,
    not_,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.selectable import NamedFromClause

from storage.base import SearchQuery
from storage.schema import papers
from storage.search import START, STOP, Found, filters
from storage.text import Piece, QueryParts

CONFIG: ColumnClause[Any] = literal_column("'english'::regconfig")
HEADLINE = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=40, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def _tsquery(pieces: Sequence[Piece], operator: str) -> Any:
    query: Any = None
    for piece in pieces:
        part = func.phraseto_tsquery(CONFIG, literal(piece.text))
        query = part if query is None else query.op(operator)(part)
    return query


def _tsv(table: NamedFromClause) -> Any:
    return literal_column(f"{table.name}.tsv")


def _excluding(table: NamedFromClause, parts: QueryParts) -> ColumnElement[bool]:
    matched: ColumnElement[bool] = _tsv(table).op("@@")(_tsquery(parts.excluded, "||"))
    return not_(matched)


def _matches(table: NamedFromClause, parts: QueryParts) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [_tsv(table).op("@@")(_tsquery(parts.positive, "&&"))]
    if parts.excluded:
        conditions.append(_excluding(table, parts))
    return conditions


FIRST_SPAN = 4  # the first probe reads the newest `window * FIRST_SPAN` rows
GALLOP = (2, 64)  # a further probe reaches 2 to 64 times further back: as far as the
# matches found so far say the window needs (x 1.25), each probe rereading the GIN list


async def _window(conn: AsyncConnection, parts: QueryParts, query: SearchQuery) -> list[int]:
    """The ids of the newest `query.window` matches meeting the filters (all of them, when
    fewer), newest first."""
    bottom, top = (await conn.execute(select(func.min(papers.c.id), func.max(papers.c.id)))).one()
    if top is None:
        return []
    newest = papers.alias("newest")
    span = query.window * FIRST_SPAN
    # Bitmap scans for the probes: the planner's other choice for "matches among the
    # newest rows", the primary key walked backwards with the tsvector tested row by row,
    # reads and decompresses every row of the range (5 us a row), where the GIN bitmap
    # AND-ed with the id range reads the matching rows only. Index scans are back on for
    # the statements after (joining the page to its rows by id).
    # SET LOCAL: the setting ends with the transaction, whatever happens in between.
    await conn.execute(text("SET LOCAL enable_indexscan = off"))
    found = await _probe(conn, parts, query, newest, (bottom, top), span)
    await conn.execute(text("SET LOCAL enable_indexscan = on"))
    return found


async def _probe(
    conn: AsyncConnection,
    parts: QueryParts,
    query: SearchQuery,
    newest: NamedFromClause,
    ids: tuple[int, int],
    span: int,
) -> list[int]:
    bottom, top = ids
    while True:
        lowest = top - span
        probe = select(newest.c.id).where(
            *_matches(newest, parts), *filters(newest, query), newest.c.id > lowest
        )
        found = sorted((await conn.execute(probe)).scalars(), reverse=True)
        if len(found) >= query.window or lowest < bottom:  # the window is full, or all read
            return found[: query.window]
        wanted = 1.25 * query.window / max(len(found), 1)
        span = int(span * min(max(wanted, GALLOP[0]), GALLOP[1]))


class PostgresFullText:
    async def search(
        self, conn: AsyncConnection, parts: QueryParts, query: SearchQuery, limit: int, offset: int
    ) -> list[Found]:
        found = papers.alias("found")
        score = func.ts_rank(_tsv(found), _tsquery(parts.positive, "&&")).label("score")
        ranked = select(found.c.id, score)
        if query.window > 0:
            window = await _window(conn, parts, query)
            if not window:
                return []
            ranked = ranked.where(found.c.id.in_(window))
        else:
            ranked = ranked.where(*_matches(found, parts), *filters(found, query))
        page = (ranked.order_by(score.desc(), found.c.id.desc()).limit(limit).offset(offset)).cte(
            "page"
        )
        headline = func.ts_headline(
            CONFIG, papers.c.abstract, _tsquery(parts.positive, "&&"), HEADLINE
        ).label("snippet")
        stmt = (
            select(papers, page.c.score, headline)
            .select_from(page.join(papers, papers.c.id == page.c.id))
            .order_by(page.c.score.desc(), page.c.id.desc())
        )
        rows = (await conn.execute(stmt)).mappings().all()
        return [Found(row, float(row["score"]), row["snippet"]) for row in rows]

    def exclusions(self, table: NamedFromClause, parts: QueryParts) -> ColumnElement[bool]:
        return _excluding(table, parts)
