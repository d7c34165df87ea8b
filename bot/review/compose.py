"""Turning chosen source sentences into review text that reads as one piece of writing.

Shared by every producer that assembles sentences (abstract, full text, blog article):
`compose_section` arranges a section's sentences so none points back to one the reader has
not seen (bot.review.openers), writes them in the house's third person (bot.review.voice),
keeps list numbering whole, and fits them to the section's budget; `compose_hook` picks the
first candidate that stands alone. Sentences come in as `Placed` (their index in the source,
so "right after the sentence it points to" can be checked).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.review.numbering import ORDINAL_OPENER, numbering_gaps
from bot.review.openers import (
    Antecedent,
    Placed,
    arrange,
    dangling_opener,
    inner_pointer,
    rewrite_opener,
    stands_alone,
)
from bot.review.sentences import fit_sentences
from bot.review.text import shorten
from bot.review.voice import AUTHORS, third_person


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _whole_numbering(texts: list[str]) -> list[str]:
    """Ordinal openers ("Second, ...") dropped when the section does not hold the whole
    series from its first item: a reader never sees "Third" without "First"."""
    if not numbering_gaps(" ".join(texts)):
        return texts
    return [_capitalise(ORDINAL_OPENER.sub("", text, count=1)) for text in texts]


def voiced(text: str, authors: str = AUTHORS) -> str:
    """One sentence in the house voice, its opening capitalised."""
    return _capitalise(third_person(text, authors))


def compose_section(
    sentences: Sequence[Placed],
    budget: int,
    authors: str = AUTHORS,
    *,
    late: bool = False,
    after: Antecedent | None = None,
    previous: int | None = None,
) -> str:
    """A section's text from its sentences (source order): arranged, voiced, fitted.
    `late`: a section after the paper's method (Results, Significance); `after`: the hook;
    `previous`: the source index of the sentence read just before the section (see
    `bot.review.openers.arrange`)."""
    ordered = sorted(sentences, key=lambda s: s.index)
    arranged = arrange(ordered, late=late, after=after, previous=previous)
    texts = _whole_numbering([voiced(s.text, authors) for s in arranged])
    # dropping an ordinal ("Second, however, ...") can uncover a pointer: rewrite or drop it
    while texts and dangling_opener(texts[0]) is not None:
        rewritten = _capitalise(rewrite_opener(texts[0], late=late))
        if dangling_opener(rewritten) is None:
            texts[0] = rewritten
            break
        texts = texts[1:]
    return fit_sentences(texts, budget)


def compose_hook(
    candidates: Sequence[Placed], budget: int, authors: str = AUTHORS
) -> Placed | None:
    """The first candidate that stands alone once its opening is rewritten, voiced and
    shortened to `budget`; None when every candidate leans on another sentence."""
    for candidate in candidates:
        # a pronoun inside it ("one reason for this is") stands for a sentence not shown
        if stands_alone(candidate.text) and inner_pointer(candidate.text) is None:
            text = voiced(rewrite_opener(candidate.text), authors)
            text = re.sub(r"\s{2,}", " ", text)
            return Placed(candidate.index, shorten(text, budget))
    return None


LATE_SECTIONS = frozenset({"Results", "Significance"})

__all__ = ["LATE_SECTIONS", "compose_hook", "compose_section", "voiced"]
