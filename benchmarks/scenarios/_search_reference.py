"""The ranking to compare with in the `search` scenario (SQLite): the statement the store
used before the window was scored in one walk (commit a3411b5, storage/fts_sqlite.py):
the newest `window` matches of the whole expression meeting the filters, then bm25 over
the words and categories alone for the rows of that window.

`overlap(path, queries, ours)` is, for each query, how many of the reference's top 10
are in `ours` (the store's top 10), out of 10: a query with fewer matches counts its
share of them (3 of 3 is 10; none on both sides is 10); `identical` counts the queries
whose two lists are equal, order included. Kept as plain SQL over
sqlite3 so that it does not change when the store does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from storage import SearchQuery
from storage.fts_sqlite import match_expression
from storage.search import categories
from storage.text import QueryParts, query_parts
from storage.unicode61 import Unicode61

TOP = 10
_DAY = "%Y-%m-%d 00:00:00.000000"  # how storage.types.UTCDateTime writes a naive UTC time


def _statement(query: SearchQuery) -> tuple[str, list[str]]:
    filters, params = [], []
    if query.since is not None:
        filters.append("found.pub_date >= ?")
        params.append(query.since.strftime(_DAY))
    if query.before is not None:
        filters.append("found.pub_date < ?")
        params.append(query.before.strftime(_DAY))
    source = "papers_fts"
    if filters:
        source += " JOIN papers AS found ON found.id = papers_fts.rowid"
    where = " AND ".join(["papers_fts MATCH ?", *filters])
    sql = f"""
        WITH newest AS MATERIALIZED (
            SELECT papers_fts.rowid AS rowid FROM {source} WHERE {where}
            ORDER BY papers_fts.rowid DESC LIMIT {int(query.window)})
        SELECT p.arxiv_id FROM (
            SELECT papers_fts.rowid AS rowid, bm25(papers_fts, 10.0, 1.0, 4.0, 0.0) AS score
            FROM papers_fts
            WHERE papers_fts MATCH ? AND papers_fts.rowid >= (SELECT min(rowid) FROM newest)
              AND (papers_fts.rowid + 0) IN (SELECT rowid FROM newest)
            ORDER BY score, papers_fts.rowid DESC LIMIT {TOP}) AS ranked
        JOIN papers AS p ON p.id = ranked.rowid ORDER BY ranked.score, ranked.rowid DESC"""
    return sql, params


def reference_top(db: sqlite3.Connection, query: SearchQuery, tokenizer: Unicode61) -> list[str]:
    """The reference's top 10 arXiv ids for a windowed query with words (no authors)."""
    parts = query_parts(query, tokenizer)
    full = match_expression(parts, categories(query))
    words = match_expression(QueryParts(parts.terms, parts.phrases), categories(query))
    sql, params = _statement(query)
    return [row[0] for row in db.execute(sql, [full, *params, words])]


def overlap(
    path: Path, queries: Sequence[SearchQuery], ours: Sequence[list[str]]
) -> tuple[list[float], int]:
    """(per comparable query (words, a window, no author filter): the share of the
    reference's top 10 in ours, out of 10; how many of them are identical)."""
    tokenizer = Unicode61()
    db = sqlite3.connect(path)
    try:
        found: list[float] = []
        identical = 0
        for query, top in zip(queries, ours, strict=True):
            if query.authors or query.window <= 0 or not query_parts(query, tokenizer).has_text:
                continue
            theirs = reference_top(db, query, tokenizer)
            shared = len(set(theirs) & set(top))
            found.append(TOP * shared / max(len(theirs), len(top)) if theirs or top else TOP)
            identical += theirs == top
        return found, identical
    finally:
        db.close()
        tokenizer.close()
