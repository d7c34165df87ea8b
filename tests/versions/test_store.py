"""The versions role on every store: history, follows, the version of each review."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.lifecycle import PaperVersion
from bot.model import Owner
from storage import SqlStore

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
ADA = Owner("slack", "T1", "U1")
BOB = Owner("discord", "G1", "42")


def version(n: int, abstract: str, comment: str | None = None) -> PaperVersion:
    return PaperVersion(
        "2612.00001", n, "Sparse attention", abstract, comment,
        NOW - dt.timedelta(days=10 - n), NOW + dt.timedelta(hours=n),
        withdrawn=comment == "withdrawn",
    )  # fmt: skip


async def test_a_version_is_recorded_once_and_read_back_in_order(store: SqlStore) -> None:
    v2 = version(2, "We study B.", "accepted at ICLR 2026")
    assert await store.record_version(v2)
    assert await store.record_version(version(1, "We study A."))
    again = version(2, "changed later by mistake")
    assert not await store.record_version(again)  # the first record of a version stands
    history = await store.paper_versions("2612.00001")
    assert [v.version for v in history] == [1, 2]
    assert history[1] == v2
    assert await store.paper_versions("2612.99999") == []


async def test_follows_are_per_owner_and_idempotent(store: SqlStore) -> None:
    assert await store.follow(ADA, "2612.00001", NOW)
    assert not await store.follow(ADA, "2612.00001", NOW)
    assert await store.follow(BOB, "2612.00001", NOW + dt.timedelta(minutes=1))
    assert await store.follow(ADA, "2612.00002", NOW)
    assert await store.followers("2612.00001") == [ADA, BOB]
    assert await store.followed(ADA) == ["2612.00001", "2612.00002"]
    assert await store.unfollow(ADA, "2612.00001")
    assert not await store.unfollow(ADA, "2612.00001")
    assert await store.followers("2612.00001") == [BOB]


async def test_the_version_of_a_review_is_kept_per_producer(store: SqlStore) -> None:
    assert await store.reviewed_version("2612.00001", "extractive") is None
    await store.set_reviewed_version("2612.00001", "extractive", 1)
    await store.set_reviewed_version("2612.00001", "extractive", 2)
    await store.set_reviewed_version("2612.00001", "llm", 1)
    assert await store.reviewed_version("2612.00001", "extractive") == 2
    assert await store.reviewed_version("2612.00001", "llm") == 1


async def test_versions_of_many_papers_in_one_read_and_new_ones_in_one_write(
    store: SqlStore,
) -> None:
    other = dataclasses.replace(version(1, "We study C."), arxiv_id="2612.00002")
    new = await store.record_versions([version(1, "We study A."), other, version(2, "B.")])
    assert [(v.arxiv_id, v.version) for v in new] == [
        ("2612.00001", 1), ("2612.00002", 1), ("2612.00001", 2),
    ]  # fmt: skip
    again = await store.record_versions([version(2, "B."), version(3, "C.")])
    assert [v.version for v in again] == [3]
    found = await store.versions_of(["2612.00001", "2612.00002", "2612.99999"])
    assert {k: [v.version for v in vs] for k, vs in found.items()} == {
        "2612.00001": [1, 2, 3],
        "2612.00002": [1],
    }
