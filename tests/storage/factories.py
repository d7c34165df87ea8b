"""Small builders for storage tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.model import Paper

NOW = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)


def paper(
    arxiv_id: str = "2403.00001",
    title: str = "A paper",
    abstract: str = "An abstract about nothing in particular.",
    **fields: Any,
) -> Paper:
    return Paper(arxiv_id=arxiv_id, title=title, abstract=abstract, **fields)
