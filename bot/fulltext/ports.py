"""The store role the full-text service needs (storage/fulltext.py implements it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from bot.fulltext.document import FullText, Validators
from bot.fulltext.errors import FailureReason
from bot.model import Paper


class FetchStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"  # the abstract stands; tried again after `next_attempt`


@dataclass(frozen=True)
class StoredFullText:
    """One row per paper version: the document, or the last failure and when to retry."""

    arxiv_id: str
    version: int | None
    status: FetchStatus
    fetched_at: dt.datetime
    document: FullText | None = None
    stored_bytes: int = 0  # the compressed size in the database
    reason: FailureReason | None = None
    error: str | None = None
    failures: int = 0  # consecutive failed attempts
    next_attempt: dt.datetime | None = None
    validators: Validators | None = None  # of the failed HTML page, for a conditional retry


@runtime_checkable
class FullTextStore(Protocol):
    async def get_fulltext(self, arxiv_id: str, version: int | None) -> StoredFullText | None:
        """The row for this version; `version=None`: the newest version stored."""
        ...

    async def save_fulltext(self, document: FullText, now: dt.datetime) -> StoredFullText:
        """Store (or replace) the document of `document.version`, compressed."""
        ...

    async def save_fulltext_failure(
        self,
        arxiv_id: str,
        version: int | None,
        reason: FailureReason,
        error: str,
        now: dt.datetime,
        next_attempt: dt.datetime,
        validators: Validators | None = None,
    ) -> StoredFullText:
        """Record a failed attempt (counting consecutive ones); a stored document stays."""
        ...


class StoredFullTexts(Protocol):
    """What the reviewer asks (bot.fulltext.service.FullTexts): no fetching, only the store."""

    async def stored(self, paper: Paper) -> FullText | None: ...


__all__ = ["FetchStatus", "FullTextStore", "StoredFullText", "StoredFullTexts"]
