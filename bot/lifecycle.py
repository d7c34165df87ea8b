"""The life of a paper: what changed in a new version's abstract, sentence by sentence."""

from __future__ import annotations

from dataclasses import dataclass

from bot.review.sentences import split_sentences
from bot.versions import PaperVersion, VersionStore, is_withdrawn


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


__all__ = ["AbstractChange", "PaperVersion", "VersionStore", "abstract_change", "is_withdrawn"]
