"""`/paper subscribe TOPIC revisions:on`: new versions of the topic's papers come by DM."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from bot.model import CommandInvocation, Paper
from bot.revisions import Revisions
from storage import Store

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
V1 = Paper(
    arxiv_id="2612.00001", title="Sparse attention for long documents", version=1,
    abstract="Attention is slow on long documents. We make it sparse.", categories=("cs.CL",),
)  # fmt: skip


async def subscribe(store: Store, user: str, arguments: str) -> str:
    deps = CommandDeps(store, FrozenClock(NOW), Config())
    invocation = CommandInvocation("console", "local", "general", user, False, "subscribe",
                                   arguments)  # fmt: skip
    return (await Dispatcher(deps)(invocation)).message.fallback


async def test_only_matching_topics_with_revisions_on_get_the_dm(db: Store) -> None:
    said = await subscribe(db, "ada", '"sparse attention" revisions:on')
    assert "New versions of the papers it matches come by DM too." in said
    await subscribe(db, "bob", '"sparse attention"')  # matches, revisions off
    await subscribe(db, "cy", "cat:cs.CV revisions:on")  # revisions on, does not match
    assert "revisions: is `on` or `off`" in await subscribe(db, "dee", "cat:cs.CL revisions:yes")

    revisions = Revisions(db, FrozenClock(NOW), adapters_by_platform={"console": "console"})
    await db.upsert_papers([V1], NOW)
    assert await revisions.track([V1.arxiv_id]) == 0
    v2 = dataclasses.replace(V1, version=2, abstract=V1.abstract + " It is twice as fast.")
    await db.upsert_papers([v2], NOW + dt.timedelta(days=1))
    assert await revisions.track([V1.arxiv_id]) == 1
    [dm] = await db.deliveries(limit=10)
    assert dm.user == "ada"

    # bob turns revisions on for the topic he has: the next version reaches both
    assert "now come by DM too" in await subscribe(db, "bob", '"sparse attention" revisions:on')
    v3 = dataclasses.replace(v2, version=3, title="Sparse attention for long documents, revised")
    await db.upsert_papers([v3], NOW + dt.timedelta(days=2))
    assert await revisions.track([V1.arxiv_id]) == 2
    assert sorted(d.user or "" for d in await db.deliveries(limit=10)) == ["ada", "ada", "bob"]
