"""The PostgreSQL half of the `search` scenario: the same queries on PostgreSQL stores.

Runs when `PAPERBOY_BENCH_POSTGRES_URL` names a database (e.g.
`postgresql://postgres@127.0.0.1:5432/bench`). Each size is kept between runs in its own
schema of that database, `search_<size>_seed<seed>_<corpus fingerprint>`, filled once by
`storage.copy.copy_store` (what `paperboy db copy` does) from the cached SQLite store of
the same papers, then ANALYZEd. A schema whose paper count is wrong (an interrupted
copy) is dropped and filled again; drop the schemas to free the space
(`DROP SCHEMA search_1000000_seed0_... CASCADE`).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage import open_store
from storage.copy import copy_store
from storage.engine import create_engine

ENV = "PAPERBOY_BENCH_POSTGRES_URL"
SIZES = (100_000, 1_000_000)


def base_url() -> str | None:
    """The benchmark database, or None when PostgreSQL is not to be measured."""
    return os.environ.get(ENV) or None


def schema_url(base: str, schema: str) -> str:
    return make_url(base).update_query_dict({"schema": schema}).render_as_string(
        hide_password=False
    )


async def _count(url: str) -> int:
    store = await open_store(url)  # an empty schema gets the tables; an older one, the news
    try:
        return await store.count_papers()
    finally:
        await store.close()


async def _reset(base: str, schema: str, *, drop: bool) -> None:
    engine = create_engine(base)
    try:
        async with engine.begin() as conn:
            if drop:
                await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    finally:
        await engine.dispose()


async def _analyze(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE papers"))
    finally:
        await engine.dispose()


async def build(base: str, size: int, sqlite_path: Path, name: str) -> tuple[str, float]:
    """The URL of a PostgreSQL store holding the papers of `sqlite_path` (`size` of them),
    in the schema `name`; (url, seconds spent filling it, 0 if it was there)."""
    url = schema_url(base, name)
    await _reset(base, name, drop=False)
    if await _count(url) == size:
        return url, 0.0
    started = time.perf_counter()
    await _reset(base, name, drop=True)
    await copy_store(f"sqlite:///{sqlite_path}", url)
    await _analyze(url)
    return url, time.perf_counter() - started
