"""A withdrawn paper is marked in search results (chat and `paperboy search --json`)."""

from __future__ import annotations

import datetime as dt

from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from bot.model import CommandInvocation, Paper
from storage import Store

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


async def test_search_marks_the_withdrawn_paper_only(db: Store) -> None:
    await db.upsert_papers(
        [
            Paper(arxiv_id="2612.00001", title="Sparse attention for long inputs",
                  abstract="We make attention sparse.", categories=("cs.LG",),
                  comment="This paper has been withdrawn by the authors: Lemma 2 is wrong"),
            Paper(arxiv_id="2612.00002", title="Dense attention for long inputs",
                  abstract="We keep attention dense.", categories=("cs.LG",)),
        ],
        NOW,
    )  # fmt: skip
    deps = CommandDeps(db, FrozenClock(NOW), Config())
    invocation = CommandInvocation("console", "local", "general", "u", False, "search", "attention")
    text = (await Dispatcher(deps)(invocation)).message.fallback
    lines = text.splitlines()
    sparse = lines.index(next(line for line in lines if "Sparse attention" in line))
    dense = lines.index(next(line for line in lines if "Dense attention" in line))
    assert lines[sparse + 1].strip().startswith("WITHDRAWN · ")
    assert "WITHDRAWN" not in lines[dense + 1]
