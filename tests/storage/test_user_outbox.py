"""Store.enqueue_for_user: a user's seen papers and their DM's intent, in one transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from bot.model import Owner
from storage import SqlStore
from storage.base import DeliveryStatus, NewDelivery
from tests.storage.factories import NOW, still_new

ADA = Owner("slack", "T1", "U1")
BOB = Owner("slack", "T1", "U2")


def dm(
    owner: Owner, calls: list[list[str]] | None = None, key: str | None = None
) -> Callable[[list[str]], NewDelivery]:
    """A `build` making a DM that lists the new papers (and recording what it was given)."""

    def build(fresh: list[str]) -> NewDelivery:
        if calls is not None:
            calls.append(list(fresh))
        return NewDelivery(
            key=key or f"dm:{owner.user}:{'+'.join(fresh)}",
            adapter="slack",
            channel="",
            kind="dm",
            payload={"papers": fresh},
            user=owner.user,
            workspace=owner.workspace,
        )

    return build


class BuildFailed(Exception):
    pass


async def test_new_papers_are_marked_seen_with_their_dm_written(store: SqlStore) -> None:
    calls: list[list[str]] = []
    key = await store.enqueue_for_user(ADA, ["p2", "p1", "p2"], NOW, dm(ADA, calls))
    assert key == "dm:U1:p2+p1"
    assert calls == [["p2", "p1"]]  # the new ones, in the order given
    written = await store.get_delivery(key)
    assert written is not None
    assert (written.status, written.user, written.payload) == (
        DeliveryStatus.PENDING,
        "U1",
        {"papers": ["p2", "p1"]},
    )
    # Later: only the papers this user has not had; another user is not affected.
    assert await store.enqueue_for_user(ADA, ["p1", "p3"], NOW, dm(ADA, calls)) == "dm:U1:p3"
    assert calls[-1] == ["p3"]
    assert await store.enqueue_for_user(BOB, ["p1"], NOW, dm(BOB)) == "dm:U2:p1"
    assert await still_new(store, ADA, ["p1", "p2", "p3", "p4"]) == {"p4"}
    assert await still_new(store, ADA, ["p4"]) == {"p4"}  # asking recorded nothing


async def test_nothing_new_writes_nothing_and_does_not_build(store: SqlStore) -> None:
    assert await store.enqueue_for_user(ADA, ["p1"], NOW, dm(ADA)) == "dm:U1:p1"
    calls: list[list[str]] = []
    assert await store.enqueue_for_user(ADA, ["p1"], NOW, dm(ADA, calls)) is None
    assert await store.enqueue_for_user(ADA, [], NOW, dm(ADA, calls)) is None
    assert calls == []
    assert await store.outbox_depth() == 1  # the first DM only


async def test_build_raising_rolls_back_the_seen_rows(store: SqlStore) -> None:
    def broken(fresh: list[str]) -> NewDelivery:
        raise BuildFailed(f"cannot render {fresh}")

    with pytest.raises(BuildFailed, match="p1"):
        await store.enqueue_for_user(ADA, ["p1", "p2"], NOW, broken)
    assert await store.outbox_depth() == 0
    # The papers are still new to the user: the next run sends them.
    assert await store.enqueue_for_user(ADA, ["p1", "p2"], NOW, dm(ADA)) == "dm:U1:p1+p2"


async def test_build_returning_none_records_nothing(store: SqlStore) -> None:
    assert await store.enqueue_for_user(ADA, ["p1"], NOW, lambda fresh: None) is None
    assert await still_new(store, ADA, ["p1"]) == {"p1"}
    assert await store.outbox_depth() == 0


async def test_an_existing_key_leaves_the_papers_new(store: SqlStore) -> None:
    """Today's digest was written already (a race with a rerun): the papers found since
    are not marked seen with no DM; they stay for the next digest."""
    build = dm(ADA, key="digest:U1:2024-03-01")
    assert await store.enqueue_for_user(ADA, ["p1"], NOW, build) == "digest:U1:2024-03-01"
    assert await store.enqueue_for_user(ADA, ["p2"], NOW, build) is None
    [only] = await store.deliveries()
    assert only.payload == {"papers": ["p1"]}
    assert await still_new(store, ADA, ["p2"]) == {"p2"}


async def test_concurrent_calls_for_one_user_put_each_paper_in_one_dm(store: SqlStore) -> None:
    papers = [f"p{n:02d}" for n in range(12)]
    # Eight runs at once over overlapping papers, in different orders (on PostgreSQL each
    # run is its own connection and transaction; a later insert of a seen row waits).
    runs = [papers[n : n + 6][:: 1 if n % 2 else -1] for n in range(0, 8)]
    runs[-1] = papers[::-1]
    keys = await asyncio.gather(*(store.enqueue_for_user(ADA, run, NOW, dm(ADA)) for run in runs))
    written = await store.deliveries(limit=100)
    assert len(written) == len([k for k in keys if k is not None])
    sent = [paper for d in written for paper in d.payload["papers"]]
    assert sorted(sent) == papers  # every paper in exactly one DM
