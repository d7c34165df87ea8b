"""The life of a paper: new versions (what changed in the abstract) and withdrawals."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.model import Paper
from bot.review.sentences import split_sentences

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


@dataclass(frozen=True)
class AbstractChange:
    """Sentences of the new abstract that the old one did not have, and the reverse."""

    added: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def abstract_change(old: str, new: str) -> AbstractChange:
    """Compare by sentence, whitespace-insensitively, keeping each side's order."""
    before = split_sentences(old)
    after = split_sentences(new)
    old_keys = {_key(s) for s in before}
    new_keys = {_key(s) for s in after}
    return AbstractChange(
        added=tuple(s for s in after if _key(s) not in old_keys),
        removed=tuple(s for s in before if _key(s) not in new_keys),
    )


def _key(sentence: str) -> str:
    return " ".join(sentence.split()).casefold()
