"""The versions role: each paper's version history (version, date, comment, abstract), who
follows which paper's revisions, and which version each cached review was made from.

`bot.lifecycle.VersionStore` is the protocol; `VersionOps` is mixed into
`storage.sql.SqlStore` like the other operation groups. The tables are registered on the
shared metadata here (migration 0007 creates them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text, delete, select

from bot.model import Owner
from bot.versions import PaperVersion
from storage.engine import read_transaction, write_transaction
from storage.ops import Ops, chunks
from storage.schema import metadata
from storage.types import UTCDateTime, to_utc, utc

paper_versions = Table(
    "paper_versions",
    metadata,
    Column("arxiv_id", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("abstract", Text, nullable=False),
    Column("comment", Text),
    Column("announced", UTCDateTime),  # arXiv's date of this version (the API's `updated`)
    Column("seen", UTCDateTime, nullable=False),  # when this bot first stored it
    Column("withdrawn", Boolean, nullable=False),
)

follows = Table(
    "follows",
    metadata,
    Column("arxiv_id", String(64), primary_key=True),
    Column("platform", String(64), primary_key=True),
    Column("workspace", String(255), primary_key=True),
    Column("user", String(255), primary_key=True),
    Column("created", UTCDateTime, nullable=False),
    Index("ix_follows_owner", "platform", "workspace", "user"),
)

# Topics (`/paper subscribe ... revisions:on`) whose matching papers' new versions are DMed.
topic_revisions = Table(
    "topic_revisions",
    metadata,
    Column("subscription_id", Integer, primary_key=True),
    Column("created", UTCDateTime, nullable=False),
)

review_versions = Table(
    "review_versions",
    metadata,
    Column("paper_id", String(64), primary_key=True),
    Column("producer", String(16), primary_key=True),
    Column("version", Integer, nullable=False),
)


def _version(row: Any) -> PaperVersion:
    return PaperVersion(
        arxiv_id=row["arxiv_id"],
        version=row["version"],
        title=row["title"],
        abstract=row["abstract"],
        comment=row["comment"],
        announced=row["announced"],
        seen=row["seen"],
        withdrawn=bool(row["withdrawn"]),
    )


def _owner(owner: Owner) -> dict[str, str]:
    return {"platform": owner.platform, "workspace": owner.workspace, "user": owner.user}


class VersionOps(Ops):
    def _insert(self, version: PaperVersion) -> Any:
        return (
            self._dialect.insert(paper_versions)
            .values(
                arxiv_id=version.arxiv_id,
                version=version.version,
                title=version.title,
                abstract=version.abstract,
                comment=version.comment,
                announced=to_utc(version.announced),
                seen=utc(version.seen),
                withdrawn=version.withdrawn,
            )
            .on_conflict_do_nothing(index_elements=["arxiv_id", "version"])
        )

    async def record_version(self, version: PaperVersion) -> bool:
        return bool(await self.record_versions([version]))

    async def record_versions(self, versions: Sequence[PaperVersion]) -> list[PaperVersion]:
        new = []
        async with write_transaction(self._engine) as conn:
            for version in versions:
                if (await conn.execute(self._insert(version))).rowcount:
                    new.append(version)
        return new

    async def paper_versions(self, arxiv_id: str) -> list[PaperVersion]:
        return (await self.versions_of([arxiv_id])).get(arxiv_id, [])

    async def versions_of(self, arxiv_ids: Sequence[str]) -> dict[str, list[PaperVersion]]:
        found: dict[str, list[PaperVersion]] = {}
        async with read_transaction(self._engine) as conn:
            for chunk in chunks(list(dict.fromkeys(arxiv_ids))):
                stmt = (
                    select(paper_versions)
                    .where(paper_versions.c.arxiv_id.in_(chunk))
                    .order_by(paper_versions.c.arxiv_id, paper_versions.c.version)
                )
                for row in (await conn.execute(stmt)).mappings():
                    found.setdefault(row["arxiv_id"], []).append(_version(row))
        return found

    async def follow(self, owner: Owner, arxiv_id: str, now: dt.datetime) -> bool:
        stmt = (
            self._dialect.insert(follows)
            .values(arxiv_id=arxiv_id, created=utc(now), **_owner(owner))
            .on_conflict_do_nothing(index_elements=["arxiv_id", "platform", "workspace", "user"])
        )
        async with write_transaction(self._engine) as conn:
            return bool((await conn.execute(stmt)).rowcount)

    async def unfollow(self, owner: Owner, arxiv_id: str) -> bool:
        stmt = delete(follows).where(
            follows.c.arxiv_id == arxiv_id,
            follows.c.platform == owner.platform,
            follows.c.workspace == owner.workspace,
            follows.c.user == owner.user,
        )
        async with write_transaction(self._engine) as conn:
            return bool((await conn.execute(stmt)).rowcount)

    async def followers(self, arxiv_id: str) -> list[Owner]:
        stmt = (
            select(follows.c.platform, follows.c.workspace, follows.c.user)
            .where(follows.c.arxiv_id == arxiv_id)
            .order_by(follows.c.created, follows.c.platform, follows.c.user)
        )
        async with read_transaction(self._engine) as conn:
            return [Owner(p, w, u) for p, w, u in (await conn.execute(stmt)).all()]

    async def followed(self, owner: Owner) -> list[str]:
        stmt = (
            select(follows.c.arxiv_id)
            .where(
                follows.c.platform == owner.platform,
                follows.c.workspace == owner.workspace,
                follows.c.user == owner.user,
            )
            .order_by(follows.c.created, follows.c.arxiv_id)
        )
        async with read_transaction(self._engine) as conn:
            return list((await conn.execute(stmt)).scalars())

    async def set_topic_revisions(self, subscription_id: int, on: bool, now: dt.datetime) -> None:
        async with write_transaction(self._engine) as conn:
            if not on:
                await conn.execute(
                    delete(topic_revisions).where(
                        topic_revisions.c.subscription_id == subscription_id
                    )
                )
                return
            await conn.execute(
                self._dialect.insert(topic_revisions)
                .values(subscription_id=subscription_id, created=utc(now))
                .on_conflict_do_nothing(index_elements=["subscription_id"])
            )

    async def topic_revision_ids(self) -> set[int]:
        async with read_transaction(self._engine) as conn:
            found = await conn.execute(select(topic_revisions.c.subscription_id))
            return {int(i) for i in found.scalars()}

    async def reviewed_version(self, arxiv_id: str, producer: str) -> int | None:
        stmt = select(review_versions.c.version).where(
            review_versions.c.paper_id == arxiv_id, review_versions.c.producer == producer
        )
        async with read_transaction(self._engine) as conn:
            found = (await conn.execute(stmt)).scalar_one_or_none()
        return int(found) if found is not None else None

    async def set_reviewed_version(self, arxiv_id: str, producer: str, version: int) -> None:
        stmt = self._dialect.insert(review_versions).values(
            paper_id=arxiv_id, producer=producer, version=version
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["paper_id", "producer"], set_={"version": stmt.excluded.version}
        )
        async with write_transaction(self._engine) as conn:
            await conn.execute(stmt)
