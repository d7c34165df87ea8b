"""The full-text role: one row per paper version, the document as zlib-compressed JSON.

`bot.fulltext.ports.FullTextStore` is the protocol; `FullTextOps` is mixed into
`storage.sql.SqlStore` like the other operation groups. The table is registered on the
shared metadata here (migration 0003 creates it).
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from typing import Any

from sqlalchemy import Column, Integer, LargeBinary, String, Table, Text, select
from sqlalchemy.engine import RowMapping

from bot.fulltext.codec import from_data, to_data
from bot.fulltext.document import FullText, Validators
from bot.fulltext.errors import FailureReason
from bot.fulltext.ports import FetchStatus, FullTextStore, StoredFullText
from storage.engine import read_transaction, write_transaction
from storage.ops import Ops
from storage.schema import metadata
from storage.types import UTCDateTime, to_utc, utc

NO_VERSION = 0  # a paper whose version is unknown is stored under version 0

fulltexts = Table(
    "fulltexts",
    metadata,
    Column("arxiv_id", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("data", LargeBinary),  # zlib(JSON of bot.fulltext.codec.to_data)
    Column("stored_bytes", Integer, nullable=False, server_default="0"),
    Column("reason", String(32)),
    Column("error", Text),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("next_attempt", UTCDateTime),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("fetched_at", UTCDateTime, nullable=False),
)


class FullTextOps(Ops):
    async def get_fulltext(self, arxiv_id: str, version: int | None) -> StoredFullText | None:
        stmt = select(fulltexts).where(fulltexts.c.arxiv_id == arxiv_id)
        if version is not None:
            stmt = stmt.where(fulltexts.c.version == version)
        stmt = stmt.order_by(fulltexts.c.version.desc()).limit(1)
        async with read_transaction(self._engine) as conn:
            row = (await conn.execute(stmt)).mappings().first()
        return _record(row) if row is not None else None

    async def save_fulltext(self, document: FullText, now: dt.datetime) -> StoredFullText:
        raw = json.dumps(to_data(document), ensure_ascii=False, separators=(",", ":"))
        data = zlib.compress(raw.encode("utf-8"), 6)
        values: dict[str, Any] = {
            "arxiv_id": document.arxiv_id,
            "version": document.version or NO_VERSION,
            "status": FetchStatus.OK.value,
            "data": data,
            "stored_bytes": len(data),
            "reason": None,
            "error": None,
            "failures": 0,
            "next_attempt": None,
            "fetched_at": to_utc(now),
            "etag": None,
            "last_modified": None,
        }
        stmt = self._dialect.insert(fulltexts).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["arxiv_id", "version"],
            set_={k: stmt.excluded[k] for k in values if k not in ("arxiv_id", "version")},
        )
        async with write_transaction(self._engine) as conn:
            await conn.execute(stmt)
        return StoredFullText(
            document.arxiv_id,
            document.version,
            FetchStatus.OK,
            utc(now),
            document=document,
            stored_bytes=len(data),
        )

    async def save_fulltext_failure(
        self,
        arxiv_id: str,
        version: int | None,
        reason: FailureReason,
        error: str,
        now: dt.datetime,
        next_attempt: dt.datetime,
        validators: Validators | None = None,
    ) -> StoredFullText:
        key = (fulltexts.c.arxiv_id == arxiv_id) & (fulltexts.c.version == (version or NO_VERSION))
        async with write_transaction(self._engine) as conn:
            row = (await conn.execute(select(fulltexts).where(key))).mappings().first()
            if row is not None and row["status"] == FetchStatus.OK.value:
                return _record(row)  # a document already stored is never replaced by a failure
            values: dict[str, Any] = {
                "status": FetchStatus.FAILED.value,
                "data": None,
                "stored_bytes": 0,
                "reason": reason.value,
                "error": error[:500],
                "failures": (row["failures"] if row is not None else 0) + 1,
                "next_attempt": to_utc(next_attempt),
                "fetched_at": to_utc(now),
                "etag": validators.etag if validators else None,
                "last_modified": validators.last_modified if validators else None,
            }
            if row is None:
                ids = {"arxiv_id": arxiv_id, "version": version or NO_VERSION}
                await conn.execute(fulltexts.insert().values(**ids, **values))
            else:
                await conn.execute(fulltexts.update().where(key).values(values))
            stored = (await conn.execute(select(fulltexts).where(key))).mappings().one()
        return _record(stored)


def _record(row: RowMapping) -> StoredFullText:
    document = None
    if row["data"] is not None:
        document = from_data(json.loads(zlib.decompress(row["data"]).decode("utf-8")))
    status = FetchStatus(row["status"])
    if status is FetchStatus.OK and document is None:  # written in an older format
        status = FetchStatus.FAILED
    return StoredFullText(
        arxiv_id=row["arxiv_id"],
        version=row["version"] or None,
        status=status,
        fetched_at=row["fetched_at"],
        document=document,
        stored_bytes=row["stored_bytes"],
        reason=FailureReason(row["reason"]) if row["reason"] else None,
        error=row["error"],
        failures=row["failures"],
        next_attempt=row["next_attempt"],
        validators=Validators(row["etag"], row["last_modified"]),
    )


__all__ = ["FullTextOps", "fulltexts"]


def _conforms(ops: FullTextOps) -> FullTextStore:
    """Never called: makes mypy check that FullTextOps implements the FullTextStore role."""
    return ops
