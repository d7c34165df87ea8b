"""What an answer to a question about a paper is made of (frozen: it crosses into storage
and out to the commands, the terminal and the JSON output).

Every quoted passage keeps where it came from (its section's label and its anchor), so a
reader can check it against the paper: `https://arxiv.org/html/ID#S4.SS2.p1`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.model import Basis


class AnswerProducer(StrEnum):
    PASSAGES = "passages"  # the best passages, quoted (offline, always possible)
    LLM = "llm"  # written by the model from the passages only, each claim cited


class PassageKind(StrEnum):
    PARAGRAPH = "paragraph"
    CAPTION = "caption"  # a figure's or a table's caption (a table's cells included)
    ABSTRACT = "abstract"


class Match(StrEnum):
    """How well the best passages cover the question's words (the answer's lead says it)."""

    STRONG = "strong"
    PARTIAL = "partial"
    WEAK = "weak"
    NONE = "none"  # nothing in the paper answers: said plainly, nothing quoted


@dataclass(frozen=True)
class Passage:
    section: str  # the section's label, "4.2 Main results"; "Abstract" for the abstract
    anchor: str  # "S4.SS2.p1"; "" for the abstract (it has no anchor of its own)
    text: str
    kind: PassageKind = PassageKind.PARAGRAPH


@dataclass(frozen=True)
class Citation:
    number: int  # [1], [2], ... as the answer cites it
    section: str
    anchor: str
    text: str  # the quoted text (cut at a sentence when long)
    url: str  # the anchor's link, or the abstract page


@dataclass(frozen=True)
class Answer:
    arxiv_id: str
    version: int | None
    title: str
    question: str  # as asked (normalised spacing), never re-rendered as markup
    lead: str  # one line: how well the passages match, or that nothing answers
    text: str  # the LLM's cited answer; "" when the passages are the answer
    citations: tuple[Citation, ...]
    basis: Basis  # FULL_TEXT or ABSTRACT
    producer: AnswerProducer
    match: Match
    cached: bool = False
    note: str = ""  # e.g. why the LLM's answer was not used


__all__ = ["Answer", "AnswerProducer", "Citation", "Match", "Passage", "PassageKind"]
