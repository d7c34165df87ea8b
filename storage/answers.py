"""The answers role: answers cached per (paper version, normalised question), and the
ledger of questions asked that the daily limits and the shared LLM budget count.

`bot.ask.ports.AnswerStore` is the protocol; `AnswerOps` is mixed into
`storage.sql.SqlStore` like the other operation groups. The tables are registered on the
shared metadata here (migration 0004 creates them, and an index on the outbox's message
ids for `papers_of_post`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
    select,
)

from bot.ask.codec import from_data, to_data
from bot.ask.model import Answer
from bot.ask.ports import AnswerKey, AnswerStore, Asked
from storage.engine import read_transaction, write_transaction
from storage.ops import Ops
from storage.schema import metadata, outbox
from storage.types import UTCDateTime, to_utc

NO_VERSION = 0  # as in storage.fulltext: an unknown version is stored as 0

answers = Table(
    "answers",
    metadata,
    Column("arxiv_id", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("question_key", String(64), primary_key=True),  # sha256 of the normalised question
    Column("question", Text, nullable=False),
    Column("producer", String(16), nullable=False),
    Column("data", Text, nullable=False),  # JSON of bot.ask.codec.to_data
    Column("created", UTCDateTime, nullable=False),
)

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asked_at", UTCDateTime, nullable=False),
    Column("arxiv_id", String(64), nullable=False),
    Column("reader", String(255), nullable=False),
    Column("channel", String(255), nullable=False),
    Column("producer", String(16), nullable=False),
    Column("llm_call", Boolean, nullable=False),
    Index("ix_questions_reader", "reader", "asked_at"),
    Index("ix_questions_channel", "channel", "asked_at"),
    Index("ix_questions_asked_at", "asked_at"),
)


# A reply in a post's thread names the paper by the post: find it by the platform's message
# id (Slack's thread_ts, a Discord thread's id, both the post's id), whatever the channel.
Index("ix_outbox_message_id", outbox.c.message_id)


def _key(key: AnswerKey) -> Any:
    digest = hashlib.sha256(key.question.encode("utf-8")).hexdigest()
    return (
        (answers.c.arxiv_id == key.arxiv_id)
        & (answers.c.version == (key.version or NO_VERSION))
        & (answers.c.question_key == digest)
    )


class AnswerOps(Ops):
    async def get_answer(self, key: AnswerKey) -> Answer | None:
        async with read_transaction(self._engine) as conn:
            data = (await conn.execute(select(answers.c.data).where(_key(key)))).scalar()
        return from_data(json.loads(data)) if data is not None else None

    async def save_answer(self, key: AnswerKey, answer: Answer, now: dt.datetime) -> None:
        values: dict[str, Any] = {
            "arxiv_id": key.arxiv_id,
            "version": key.version or NO_VERSION,
            "question_key": hashlib.sha256(key.question.encode("utf-8")).hexdigest(),
            "question": key.question,
            "producer": answer.producer.value,
            "data": json.dumps(to_data(answer), ensure_ascii=False, separators=(",", ":")),
            "created": to_utc(now),
        }
        stmt = self._dialect.insert(answers).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["arxiv_id", "version", "question_key"],
            set_={k: stmt.excluded[k] for k in ("question", "producer", "data", "created")},
        )
        async with write_transaction(self._engine) as conn:
            await conn.execute(stmt)

    async def record_question(self, asked: Asked) -> None:
        async with write_transaction(self._engine) as conn:
            await conn.execute(
                questions.insert().values(
                    asked_at=to_utc(asked.at),
                    arxiv_id=asked.arxiv_id,
                    reader=asked.reader[:255],
                    channel=asked.channel[:255],
                    producer=asked.producer.value,
                    llm_call=asked.llm_call,
                )
            )

    async def count_questions(
        self, since: dt.datetime, *, reader: str | None = None, channel: str | None = None
    ) -> int:
        stmt = select(func.count()).select_from(questions)
        stmt = stmt.where(questions.c.asked_at >= to_utc(since))
        if reader is not None:
            stmt = stmt.where(questions.c.reader == reader[:255])
        if channel is not None:
            stmt = stmt.where(questions.c.channel == channel[:255])
        async with read_transaction(self._engine) as conn:
            return int((await conn.execute(stmt)).scalar_one())

    async def papers_of_post(self, message_id: str) -> list[str]:
        root = (
            select(outbox.c.key, outbox.c.paper_id)
            .where(outbox.c.message_id == message_id)
            .order_by(outbox.c.id.desc())
            .limit(1)
        )
        async with read_transaction(self._engine) as conn:
            found = (await conn.execute(root)).first()
            if found is None:
                return []
            if found.paper_id is not None:
                return [str(found.paper_id)]
            under = (  # a digest's header: the papers posted in its thread
                select(outbox.c.paper_id)
                .where(outbox.c.parent_key == found.key, outbox.c.paper_id.is_not(None))
                .order_by(outbox.c.id)
            )
            papers = (await conn.execute(under)).scalars().all()
        return list(dict.fromkeys(str(p) for p in papers))

    async def count_llm_answers(self, since: dt.datetime) -> int:
        stmt = (
            select(func.count())
            .select_from(questions)
            .where(questions.c.asked_at >= to_utc(since), questions.c.llm_call.is_(True))
        )
        async with read_transaction(self._engine) as conn:
            return int((await conn.execute(stmt)).scalar_one())


__all__ = ["AnswerOps", "answers", "questions"]


def _conforms(ops: AnswerOps) -> AnswerStore:
    """Never called: makes mypy check that AnswerOps implements the AnswerStore role."""
    return ops
