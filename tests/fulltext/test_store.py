"""The full-text role on SQLite and PostgreSQL: one row per paper version, compressed."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.fulltext.document import Validators
from bot.fulltext.errors import FailureReason
from bot.fulltext.html import parse_html
from bot.fulltext.ports import FetchStatus
from storage import SqlStore, open_store
from storage.copy import copy_store
from tests.fulltext.fixtures import data

NOW = dt.datetime(2025, 10, 21, 12, 0, tzinfo=dt.UTC)


async def test_a_document_is_stored_compressed_per_version(store: SqlStore) -> None:
    page = data("sparse_router.html")
    v1 = parse_html(page, arxiv_id="2401.01234", version=1)
    v2 = parse_html(page, arxiv_id="2401.01234", version=2)
    saved = await store.save_fulltext(v1, NOW)
    await store.save_fulltext(v2, NOW + dt.timedelta(days=1))
    assert 0 < saved.stored_bytes < len(page) // 2
    one = await store.get_fulltext("2401.01234", 1)
    assert one is not None
    assert one.document == v1
    assert one.status is FetchStatus.OK
    newest = await store.get_fulltext("2401.01234", None)
    assert newest is not None
    assert newest.version == 2
    assert await store.get_fulltext("2401.01234", 3) is None


async def test_failures_count_up_and_never_replace_a_stored_document(store: SqlStore) -> None:
    later = NOW + dt.timedelta(hours=1)
    first = await store.save_fulltext_failure(
        "2402.00001", None, FailureReason.NOT_FOUND, "HTTP 404", NOW, later
    )
    second = await store.save_fulltext_failure(
        "2402.00001",
        None,
        FailureReason.TRUNCATED,
        "stops before </html>",
        later,
        later + dt.timedelta(hours=2),
        validators=Validators('"abc"', None),
    )
    assert (first.failures, second.failures) == (1, 2)
    assert second.status is FetchStatus.FAILED
    assert second.reason is FailureReason.TRUNCATED
    assert second.next_attempt == later + dt.timedelta(hours=2)
    assert second.validators == Validators('"abc"', None)
    assert second.version is None  # a paper whose version is unknown
    doc = parse_html(data("tabular_agents.html"), arxiv_id="2402.00002", version=1)
    await store.save_fulltext(doc, NOW)
    kept = await store.save_fulltext_failure(
        "2402.00002", 1, FailureReason.FETCH_FAILED, "HTTP 503", NOW, later
    )
    assert kept.status is FetchStatus.OK
    assert kept.document == doc


@pytest.mark.postgres
async def test_db_copy_takes_the_full_texts_to_postgresql(
    sqlite_store: SqlStore, sqlite_url: str, pg_url: str
) -> None:
    doc = parse_html(data("srlearn.html"), arxiv_id="1912.08198", version=2)
    await sqlite_store.save_fulltext(doc, NOW)
    later = NOW + dt.timedelta(hours=1)
    await sqlite_store.save_fulltext_failure(
        "2402.00001", 1, FailureReason.NOT_FOUND, "HTTP 404", NOW, later
    )
    report = await copy_store(sqlite_url, pg_url)
    assert next(t for t in report.tables if t.table == "fulltexts").inserted == 2
    target = await open_store(pg_url)
    try:
        copied = await target.get_fulltext("1912.08198", 2)
        assert copied is not None
        assert copied.document == doc
        failed = await target.get_fulltext("2402.00001", 1)
        assert failed is not None
        assert (failed.reason, failed.next_attempt) == (FailureReason.NOT_FOUND, later)
    finally:
        await target.close()
    again = await copy_store(sqlite_url, pg_url)
    assert next(t for t in again.tables if t.table == "fulltexts").unchanged == 2
