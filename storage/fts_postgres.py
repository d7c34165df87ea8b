"""PostgreSQL full-text search: the generated column `papers.tsv` (title weight A, authors
B, abstract C, `english` configuration) with a GIN index; see the migration.

Each cleaned query piece from `storage.text` becomes `phraseto_tsquery('english', :piece)`,
the text as a bound parameter, AND-ed with `&&`; excluded pieces are OR-ed and negated.
Ranking is ts_rank (A=1.0, B=0.4, C=0.2 by default), ties going to the newest by arrival
(id); highlights come from ts_headline over the abstract, for the returned page only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnClause, ColumnElement, func, literal, literal_column, not_, select
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


class PostgresFullText:
    async def search(
        self, conn: AsyncConnection, parts: QueryParts, query: SearchQuery, limit: int, offset: int
    ) -> list[Found]:
        found = papers.alias("found")
        score = func.ts_rank(_tsv(found), _tsquery(parts.positive, "&&")).label("score")
        ranked = select(found.c.id, score).where(*_matches(found, parts), *filters(found, query))
        if query.window > 0:
            newest = papers.alias("newest")
            window = (
                select(newest.c.id)
                .where(*_matches(newest, parts), *filters(newest, query))
                .order_by(newest.c.id.desc())
                .limit(query.window)
                .subquery("window")
            )
            floor = select(func.min(window.c.id)).scalar_subquery()
            ranked = ranked.where(found.c.id >= floor)  # newest by arrival: ids grow
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
