"""`/paper mute` rules: parsing what a reader typed, and whether a paper is muted."""

from __future__ import annotations

import re

from bot.feedback.model import Mute, MuteKind
from bot.model import Paper

MAX_VALUE = 200


class MuteSyntaxError(ValueError):
    """The rule cannot be read; the message says why."""


def parse_mute(text: str) -> Mute:
    """`author:NAME`, `cat:cs.CV` or `"word"` (a bare word is a word too)."""
    text = " ".join(text.split())
    if not text:
        raise MuteSyntaxError("mute needs what to hide: author:NAME, cat:cs.CV or \"word\"")
    head, sep, rest = text.partition(":")
    key = head.lower()
    if sep and key in ("author", "au"):
        kind, value = MuteKind.AUTHOR, rest.strip().strip('"')
    elif sep and key in ("cat", "category"):
        kind, value = MuteKind.CATEGORY, rest.strip()
    else:
        kind, value = MuteKind.WORD, text.strip('"').strip()
    if not value:
        raise MuteSyntaxError(f"{kind.value}: needs a value")
    if len(value) > MAX_VALUE:
        raise MuteSyntaxError(f"that rule is {len(value)} characters; at most {MAX_VALUE}")
    return Mute(kind, value)


def is_muted(paper: Paper, rules: list[Mute] | tuple[Mute, ...]) -> Mute | None:
    """The first rule that hides `paper`, or None. Authors and categories match whole
    (case-insensitively), words match whole words of the title or abstract."""
    for rule in rules:
        value = rule.value.lower()
        if rule.kind is MuteKind.AUTHOR:
            if any(author.lower() == value for author in paper.authors):
                return rule
        elif rule.kind is MuteKind.CATEGORY:
            if any(c.lower() == value for c in paper.categories):
                return rule
        elif re.search(
            rf"(?<!\w){re.escape(value)}(?!\w)", f"{paper.title}\n{paper.abstract}", re.I
        ):
            return rule
    return None


__all__ = ["MuteSyntaxError", "is_muted", "parse_mute"]
