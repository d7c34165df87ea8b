"""`/paper follow ID`: the follower hears of the next version, even of a paper stored before
versions were kept."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from bot.model import CommandInvocation, Owner, Paper
from bot.revisions import Revisions
from storage import Store

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
PAPER = Paper(
    arxiv_id="2612.00001", title="Sparse Attention", version=1,
    abstract="Attention is slow. We make it sparse. It is twice as fast.",
)  # fmt: skip


async def run(store: Store, command: str, arguments: str = "") -> str:
    deps = CommandDeps(store, FrozenClock(NOW), Config())
    invocation = CommandInvocation("console", "local", "general", "ada", False, command, arguments)
    return (await Dispatcher(deps)(invocation)).message.fallback


async def test_follow_then_a_new_version_brings_one_dm(db: Store) -> None:
    await db.upsert_papers([PAPER], NOW)
    assert "Following Sparse Attention (now v1)" in await run(db, "follow", "2612.00001")
    assert "You already follow Sparse Attention" in await run(db, "follow", "arXiv:2612.00001v1")
    assert "You follow: 2612.00001." in await run(db, "follow")
    assert await db.followers("2612.00001") == [Owner("console", "local", "ada")]

    v2 = dataclasses.replace(PAPER, version=2, abstract=PAPER.abstract + " It also saves memory.")
    await db.upsert_papers([v2], NOW + dt.timedelta(days=1))
    revisions = Revisions(db, FrozenClock(NOW), adapters_by_platform={"console": "console"})
    assert await revisions.track(["2612.00001"]) == 1
    [dm] = await db.deliveries(limit=10)
    assert dm.user == "ada"
    assert dm.paper_id == "2612.00001"

    assert "Stopped following Sparse Attention" in await run(db, "unfollow", "2612.00001")
    assert "You did not follow 2612.00001" in await run(db, "unfollow", "2612.00001")


async def test_follow_names_what_is_wrong(db: Store) -> None:
    assert "is not an arXiv id" in await run(db, "follow", "sparse-attention")
    assert "paper 2612.09999 is not stored here" in await run(db, "follow", "2612.09999")
    assert "Example: `/paper unfollow 2403.17887`" in await run(db, "unfollow", "")
