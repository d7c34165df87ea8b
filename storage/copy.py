"""Copy a store (SQLite) into PostgreSQL: `paperboy db copy --to postgresql://...`.

Every table of the schema goes across, so a group that outgrows one machine keeps its
history and reposts nothing: papers, reviews, poll state (etags, cursors), channel state
(review numbers, last post), subscriptions, what each user has seen, and the delivery
ledger (the outbox, with its statuses and message ids).

Rows are matched on their natural key (a paper's arXiv id, an outbox row's key, a
subscription's owner and topic, or the primary key); the source wins for rows found in
both, rows found only in the target are kept, except that the target never goes
backwards: a delivery it has finished stays finished, a review number never decreases.
A second run writes nothing (a row is rewritten only when it differs), so the copy can be
repeated, e.g. once more right before the switch. Surrogate ids (subscription numbers
users type, paper ids) are kept when the target table starts empty, and the target's
sequences are moved past them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Column,
    Table,
    UniqueConstraint,
    and_,
    func,
    literal_column,
    select,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Result
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.logs import mask_url
from storage.base import StoreError
from storage.engine import create_engine, write_transaction
from storage.migrate import upgrade_engine
from storage.schema import metadata

# Values read and written per round (one transaction per table; progress per round)
MAX_PARAMETERS = 30_000

Progress = Callable[[str, int, int], None]  # (table, rows done, rows in total)

# Never move the target backwards, should it have been used between two copies: a
# finished delivery stays finished (no repost), a running number never goes down.
FINAL = {"outbox": ("status", ("sent", "failed", "missed"))}
MONOTONIC = {("channels", "review_counter")}


class CopyError(StoreError):
    """The copy cannot run (wrong target, unreachable database); the message says why."""


@dataclass
class TableCopy:
    table: str
    total: int = 0
    inserted: int = 0
    updated: int = 0

    @property
    def unchanged(self) -> int:
        return self.total - self.inserted - self.updated


@dataclass
class CopyReport:
    tables: list[TableCopy] = field(default_factory=list)

    @property
    def written(self) -> int:
        return sum(t.inserted + t.updated for t in self.tables)


def match_columns(table: Table) -> list[Column[Any]]:
    """The natural key rows are matched on: the first single-purpose unique constraint
    (or unique column), else the primary key."""
    for constraint in sorted(table.constraints, key=lambda c: str(c.name)):
        if isinstance(constraint, UniqueConstraint):
            return list(constraint.columns)
    for column in table.columns:
        if column.unique:
            return [column]
    return list(table.primary_key.columns)


def surrogate_id(table: Table) -> Column[Any] | None:
    """An autoincrement integer primary key that is not the natural key."""
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and keys[0].autoincrement is True and match_columns(table) != keys:
        return keys[0]
    return None


Rows = list[dict[str, Any]]


async def _count(conn: AsyncConnection, table: Table) -> int:
    return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


async def _rows(conn: AsyncConnection, table: Table, batch: int) -> AsyncIterator[Rows]:
    order = list(table.primary_key.columns)
    last: tuple[Any, ...] | None = None
    while True:
        query = select(table).order_by(*order).limit(batch)
        if last is not None:
            query = query.where(tuple_(*order) > tuple_(*last))
        rows = [dict(row._mapping) for row in await conn.execute(query)]
        if not rows:
            return
        yield rows
        last = tuple(rows[-1][c.name] for c in order)


async def _write(
    conn: AsyncConnection, table: Table, rows: Sequence[dict[str, Any]], keep_ids: bool
) -> tuple[int, int]:
    """Upsert one batch; returns (inserted, updated). Unchanged rows are not touched."""
    skip = surrogate_id(table)
    if skip is not None and not keep_ids:
        rows = [{k: v for k, v in row.items() if k != skip.name} for row in rows]
    result: Result[Any] = await conn.execute(_upsert(table), list(rows))
    flags = [bool(row[0]) for row in result.all()]
    return sum(flags), len(flags) - sum(flags)


def _upsert(table: Table) -> Any:
    """INSERT ... ON CONFLICT (natural key) DO UPDATE ... WHERE changed, RETURNING whether
    each row written was inserted. Executed for many rows at once (the columns inserted
    are those of the rows: without the surrogate id when it is not kept)."""
    keys = match_columns(table)
    statement = pg_insert(table)
    changing = [c for c in table.columns if c not in keys and c is not surrogate_id(table)]
    if changing:
        values = {c.name: _merged(table, c, statement.excluded[c.name]) for c in changing}
        where = tuple_(*[table.c[c.name] for c in changing]).is_distinct_from(
            tuple_(*values.values())
        )
        if table.name in FINAL:
            column, final = FINAL[table.name]
            where = and_(where, *[table.c[column] != value for value in final])
        statement = statement.on_conflict_do_update(index_elements=keys, set_=values, where=where)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    return statement.returning(literal_column("xmax = 0"))


def _merged(table: Table, column: Column[Any], incoming: Any) -> Any:
    if (table.name, column.name) in MONOTONIC:
        return func.greatest(table.c[column.name], incoming)
    return incoming


async def _move_sequence(conn: AsyncConnection, table: Table) -> None:
    column = surrogate_id(table)
    if column is None:
        return
    await conn.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'),"
            f" GREATEST((SELECT max({column.name}) FROM {table.name}), 1))"
        )
    )


async def copy_tables(
    source: AsyncEngine, target: AsyncEngine, *, progress: Progress | None = None
) -> CopyReport:
    """Copy every table of the schema from `source` to `target` (both migrated)."""
    report = CopyReport()
    async with source.connect() as read:
        for table in metadata.sorted_tables:
            columns = max(1, len(table.columns))
            batch = max(1, MAX_PARAMETERS // columns)
            done = TableCopy(table.name)
            done.total = await _count(read, table)
            report.tables.append(done)
            if progress is not None:
                progress(table.name, 0, done.total)
            async with write_transaction(target) as write:
                empty = await _count(write, table) == 0
                copied = 0
                async for rows in _rows(read, table, batch):
                    inserted, updated = await _write(write, table, rows, keep_ids=empty)
                    done.inserted += inserted
                    done.updated += updated
                    copied += len(rows)
                    if progress is not None:
                        progress(table.name, copied, done.total)
                await _move_sequence(write, table)
    return report


async def copy_store(
    source_url: str, target_url: str, *, progress: Progress | None = None
) -> CopyReport:
    """Migrate both stores to the newest schema, then copy `source_url` into `target_url`."""
    if not target_url.startswith(("postgresql", "postgres")):
        raise CopyError(f"the target must be a postgresql:// URL, got {mask_url(target_url)!r}")
    if source_url == target_url:
        raise CopyError("the source and the target are the same store")
    source, target = create_engine(source_url), create_engine(target_url)
    try:
        for engine in (source, target):
            await upgrade_engine(engine)
        return await copy_tables(source, target, progress=progress)
    except OSError as exc:
        raise CopyError(f"cannot reach the database: {exc.strerror or exc}") from None
    except SQLAlchemyError as exc:  # the database refused (a constraint, a lost connection...)
        original = getattr(exc, "orig", None) or exc
        raise CopyError(f"{type(original).__name__}: {original}".splitlines()[0]) from None
    finally:
        await source.dispose()
        await target.dispose()


__all__ = ["CopyError", "CopyReport", "TableCopy", "copy_store", "copy_tables", "match_columns"]
