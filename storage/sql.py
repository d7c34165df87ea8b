"""The one Store implementation, over SQLAlchemy 2 (async), for SQLite and PostgreSQL.

It is made of operation groups (papers, search, state, subscriptions, outbox), each in
its own module; what differs between the databases is in `storage.dialects`,
`storage.fts_sqlite` and `storage.fts_postgres`.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.logs import mask_url
from storage.answers import AnswerOps
from storage.base import Store, StoreError
from storage.dialects import Dialect, PostgresDialect, SqliteDialect
from storage.engine import create_engine
from storage.feedback import FeedbackOps
from storage.fts_postgres import PostgresFullText
from storage.fts_sqlite import SqliteFullText
from storage.fulltext import FullTextOps
from storage.migrate import current_revision, head_revision, upgrade_engine
from storage.outbox import OutboxOps
from storage.papers import PaperOps
from storage.search import FullText, SearchOps
from storage.state import StateOps
from storage.subscriptions import SubscriptionOps
from storage.unicode61 import Unicode61
from storage.versions import VersionOps


class SqlStore(
    PaperOps,
    SearchOps,
    StateOps,
    SubscriptionOps,
    OutboxOps,
    FullTextOps,
    AnswerOps,
    FeedbackOps,
    VersionOps,
):
    """A `storage.base.Store` on one engine. Build it with `storage.open_store(url)`."""

    def __init__(self, engine: AsyncEngine) -> None:
        dialect: Dialect
        fulltext: FullText
        if engine.dialect.name == "sqlite":
            dialect, fulltext = SqliteDialect(), SqliteFullText()
        else:
            dialect, fulltext = PostgresDialect(), PostgresFullText()
        super().__init__(engine, dialect)
        self._fulltext = fulltext
        self._tokenizer = Unicode61()  # query pieces are split as the index splits text
        self.dialect: str = dialect.name

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    async def close(self) -> None:
        self._tokenizer.close()
        await self._engine.dispose()


async def open_store(url: str, *, migrate: bool = True) -> SqlStore:
    """Connect to the store at `url`, applying pending migrations unless `migrate=False`
    (then the schema must be current already, else StoreError)."""
    engine = create_engine(url)
    try:
        if migrate:
            await upgrade_engine(engine)
        elif await current_revision(engine) != head_revision():
            raise StoreError(
                f"the database at {mask_url(url)} is not up to date: run `paperboy db upgrade`"
            )
    except (OperationalError, DBAPIError, OSError) as exc:
        await engine.dispose()
        raise StoreError(f"cannot open the store at {mask_url(url)}: {_reason(exc)}") from None
    except BaseException:
        await engine.dispose()
        raise
    return SqlStore(engine)


async def upgrade(url: str) -> tuple[str | None, str]:
    """Apply pending migrations to the database at `url`; (revision before, after)."""
    engine = create_engine(url)
    try:
        return await upgrade_engine(engine)
    except (OperationalError, DBAPIError, OSError) as exc:
        raise StoreError(f"cannot upgrade the store at {mask_url(url)}: {_reason(exc)}") from None
    finally:
        await engine.dispose()


async def revision(url: str) -> str | None:
    """The schema revision of the database at `url` (None: nothing applied yet)."""
    engine = create_engine(url)
    try:
        return await current_revision(engine)
    except (OperationalError, DBAPIError, OSError) as exc:
        raise StoreError(f"cannot read the store at {mask_url(url)}: {_reason(exc)}") from None
    finally:
        await engine.dispose()


def _reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return f"{type(original).__name__}: {original}".splitlines()[0]


def _conforms(store: SqlStore) -> Store:
    """Never called: makes mypy check that SqlStore implements the Store protocol."""
    return store
