"""Small builders for storage tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from bot.model import Owner, Paper
from storage.base import UserOutbox

NOW = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)


def paper(
    arxiv_id: str = "2403.00001",
    title: str = "A paper",
    abstract: str = "An abstract about nothing in particular.",
    **fields: Any,
) -> Paper:
    return Paper(arxiv_id=arxiv_id, title=title, abstract=abstract, **fields)


async def still_new(store: UserOutbox, owner: Owner, paper_ids: Sequence[str]) -> set[str]:
    """Which of these papers `owner` has not been sent yet. Records nothing: the probe's
    `build` returns None, and `enqueue_for_user` then rolls its seen rows back."""
    found: list[str] = []

    def probe(fresh: list[str]) -> None:
        found.extend(fresh)

    assert await store.enqueue_for_user(owner, paper_ids, NOW, probe) is None
    return set(found)
