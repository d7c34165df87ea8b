"""A paper's versions and withdrawal: the record kept per version, and the store's role.

Kept free of heavy imports: storage imports this module for `PaperVersion`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.model import Owner, Paper

# How arXiv and authors say it: "This paper has been withdrawn by the author(s)",
# "Withdrawn: duplicate of ...", "the submission is withdrawn" (comment or abstract).
_WITHDRAWN = re.compile(
    r"^\s*withdrawn\b|\b(?:paper|article|submission|manuscript|work|preprint)\s+"
    r"(?:has\s+been|is|was)\s+withdrawn\b|\bwithdrawn\s+by\s+(?:the\s+)?(?:authors?|arxiv|admin)",
    re.IGNORECASE,
)


def is_withdrawn(paper: Paper) -> bool:
    """True when its comment, or its abstract's opening, says the paper was withdrawn."""
    if paper.comment and _WITHDRAWN.search(paper.comment):
        return True
    return bool(_WITHDRAWN.search(paper.abstract[:300]))


def _key(sentence: str) -> str:
    return " ".join(sentence.split()).casefold()


@dataclass(frozen=True)
class PaperVersion:
    """One version of a paper as a source saw it: `announced` is arXiv's date for it (the
    API's `updated`), `seen` when this bot first stored it."""

    arxiv_id: str
    version: int
    title: str
    abstract: str
    comment: str | None
    announced: dt.datetime | None
    seen: dt.datetime
    withdrawn: bool = False

    @classmethod
    def of(cls, paper: Paper, seen: dt.datetime) -> PaperVersion:
        return cls(
            paper.arxiv_id,
            paper.version or 1,
            paper.title,
            paper.abstract,
            paper.comment,
            paper.updated or paper.published,
            seen,
            is_withdrawn(paper),
        )

    def same_text(self, other: PaperVersion) -> bool:
        """Same title and abstract (whitespace aside): a new review is not needed."""
        return _key(self.title) == _key(other.title) and _key(self.abstract) == _key(other.abstract)


class VersionStore(Protocol):
    """Papers' version histories, who follows which paper, which version a review is of."""

    async def record_version(self, version: PaperVersion) -> bool:
        """Store this version unless it is stored; True when it was new."""
        ...

    async def paper_versions(self, arxiv_id: str) -> list[PaperVersion]:
        """Every stored version, oldest first."""
        ...

    async def versions_of(self, arxiv_ids: Sequence[str]) -> dict[str, list[PaperVersion]]:
        """The stored versions of each paper that has some, oldest first (one read)."""
        ...

    async def record_versions(self, versions: Sequence[PaperVersion]) -> list[PaperVersion]:
        """Store those not stored yet, in one transaction; returns the ones that were new."""
        ...

    async def follow(self, owner: Owner, arxiv_id: str, now: dt.datetime) -> bool:
        """True when `owner` did not follow the paper before."""
        ...

    async def unfollow(self, owner: Owner, arxiv_id: str) -> bool: ...

    async def followers(self, arxiv_id: str) -> list[Owner]: ...

    async def followed(self, owner: Owner) -> list[str]: ...

    async def set_topic_revisions(self, subscription_id: int, on: bool, now: dt.datetime) -> None:
        """`/paper subscribe ... revisions:on|off`: DM new versions of the topic's papers."""
        ...

    async def topic_revision_ids(self) -> set[int]:
        """The subscriptions whose matching papers' new versions are DMed."""
        ...

    async def reviewed_version(self, arxiv_id: str, producer: str) -> int | None:
        """The version the cached review by `producer` was made from (None: unknown)."""
        ...

    async def set_reviewed_version(self, arxiv_id: str, producer: str, version: int) -> None: ...
