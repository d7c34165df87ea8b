"""Paper operations: upsert with merge, lookups, papers seen since a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model import Paper
from storage.base import UpsertResult
from storage.codec import paper_from_row, paper_to_row
from storage.engine import read_transaction, write_transaction
from storage.merge import merge_batch, merge_paper, with_first_seen
from storage.ops import Ops, chunks, json_contains_any
from storage.schema import papers as table
from storage.types import to_utc

RETRIES = 3
RETRY_STATES = {"40P01", "40001"}  # deadlock detected, serialization failure


class PaperOps(Ops):
    async def upsert_papers(self, papers: Sequence[Paper], now: dt.datetime) -> UpsertResult:
        """Insert or merge (see `storage.merge`). Safe against concurrent upserts of one id:
        existing rows are locked, and a row inserted by another transaction in between is
        merged into rather than inserted twice."""
        batch = merge_batch(papers)
        if not batch:
            return UpsertResult()
        for attempt in range(1, RETRIES + 1):
            try:
                return await self._upsert(batch, now)
            except DBAPIError as exc:  # PostgreSQL may pick this transaction as a deadlock victim
                if getattr(exc.orig, "sqlstate", None) not in RETRY_STATES or attempt == RETRIES:
                    raise
        raise AssertionError("unreachable")

    async def _upsert(self, batch: dict[str, Paper], now: dt.datetime) -> UpsertResult:
        ids = sorted(batch)
        async with write_transaction(self._engine) as conn:
            stored = await self._lock_rows(conn, ids)
            fresh = [with_first_seen(batch[i], now) for i in ids if i not in stored]
            inserted = await self._insert_new(conn, fresh)
            raced = [p.arxiv_id for p in fresh if p.arxiv_id not in inserted]
            if raced:
                stored.update(await self._lock_rows(conn, raced))
            changes: list[dict[str, Any]] = []
            updated: list[str] = []
            unchanged: list[str] = []
            for arxiv_id, (row_id, old) in sorted(stored.items()):
                old_row = paper_to_row(old)
                new_row = paper_to_row(merge_paper(old, batch[arxiv_id]))
                if new_row == old_row:
                    unchanged.append(arxiv_id)
                    continue
                updated.append(arxiv_id)
                changes.append({"row_id": row_id, **new_row})
            if changes:
                await conn.execute(update(table).where(table.c.id == bindparam("row_id")), changes)
        return UpsertResult(
            new=tuple(i for i in ids if i in inserted),
            updated=tuple(updated),
            unchanged=tuple(unchanged),
        )

    async def _lock_rows(
        self, conn: AsyncConnection, ids: Sequence[str]
    ) -> dict[str, tuple[int, Paper]]:
        found: dict[str, tuple[int, Paper]] = {}
        for part in chunks(ids):
            stmt = self._dialect.for_update(
                select(table).where(table.c.arxiv_id.in_(part)).order_by(table.c.arxiv_id)
            )
            for row in (await conn.execute(stmt)).mappings():
                found[row["arxiv_id"]] = (row["id"], paper_from_row(row))
        return found

    async def _insert_new(self, conn: AsyncConnection, fresh: Sequence[Paper]) -> set[str]:
        if not fresh:
            return set()
        stmt = (
            self._dialect.insert(table)
            .on_conflict_do_nothing(index_elements=["arxiv_id"])
            .returning(table.c.arxiv_id)
        )
        result = await conn.execute(stmt, [paper_to_row(p) for p in fresh])
        return {row[0] for row in result}

    async def get_paper(self, arxiv_id: str) -> Paper | None:
        found = await self.get_papers([arxiv_id])
        return found[0] if found else None

    async def get_papers(self, arxiv_ids: Sequence[str]) -> list[Paper]:
        """The stored papers among these ids, in the order asked."""
        wanted = list(dict.fromkeys(arxiv_ids))
        found: dict[str, Paper] = {}
        async with read_transaction(self._engine) as conn:
            for part in chunks(wanted):
                result = await conn.execute(select(table).where(table.c.arxiv_id.in_(part)))
                for row in result.mappings():
                    found[row["arxiv_id"]] = paper_from_row(row)
        return [found[i] for i in wanted if i in found]

    async def count_papers(self) -> int:
        async with read_transaction(self._engine) as conn:
            return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())

    async def known_ids(self, arxiv_ids: Sequence[str]) -> set[str]:
        wanted = list(dict.fromkeys(arxiv_ids))
        known: set[str] = set()
        async with read_transaction(self._engine) as conn:
            for part in chunks(wanted):
                result = await conn.execute(
                    select(table.c.arxiv_id).where(table.c.arxiv_id.in_(part))
                )
                known.update(row[0] for row in result)
        return known

    async def papers_since(
        self,
        since: dt.datetime | None,
        *,
        sources: Sequence[str] | None = None,
        categories: Sequence[str] | None = None,
        limit: int = 200,
    ) -> list[Paper]:
        stmt = select(table).order_by(table.c.first_seen.desc(), table.c.id.desc()).limit(limit)
        if since is not None:
            stmt = stmt.where(table.c.first_seen >= to_utc(since))
        if sources:
            stmt = stmt.where(json_contains_any(table.c.sources, sources))
        if categories:
            stmt = stmt.where(json_contains_any(table.c.categories, categories))
        async with read_transaction(self._engine) as conn:
            return [paper_from_row(row) for row in (await conn.execute(stmt)).mappings()]
