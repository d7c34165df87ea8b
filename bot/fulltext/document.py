"""The structured full text of one paper version (frozen: it crosses into storage).

Sections are kept flat, in reading order, each with its depth (1 section, 2 subsection,
3 subsubsection or titled paragraph); a paragraph belongs to the innermost section that
holds it. Anchors are the HTML ids arXiv serves (`S4.SS2.p1`), so a claim can link back
to `https://arxiv.org/html/ID#S4.SS2.p1`. A PDF's text has no anchors of its own: its
sections and paragraphs get ids of the same shape, made up in reading order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_WORD = re.compile(r"\w+")


class Origin(StrEnum):
    """Where the text came from."""

    HTML = "html"  # arXiv's LaTeXML rendering (or ar5iv's)
    PDF = "pdf"  # text pulled out of the PDF


class CaptionKind(StrEnum):
    FIGURE = "figure"
    TABLE = "table"


@dataclass(frozen=True)
class Validators:
    """What a server said to send back for a conditional GET (ETag / Last-Modified)."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Paragraph:
    anchor: str  # e.g. "S4.SS2.p1"
    text: str  # plain text, math as its LaTeX alt text between $...$

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


@dataclass(frozen=True)
class Caption:
    anchor: str  # e.g. "S5.T1"
    kind: CaptionKind
    text: str  # without its "Table 1:" tag
    cells: tuple[tuple[str, ...], ...] = ()  # a table's rows, header row first


@dataclass(frozen=True)
class Section:
    anchor: str  # e.g. "S4.SS2"
    number: str  # "4.2"; "" for unnumbered sections and for the PDF's guesses without one
    title: str  # "Main results"
    level: int  # 1 section, 2 subsection, 3 deeper (subsubsection, titled paragraph)
    paragraphs: tuple[Paragraph, ...] = ()
    captions: tuple[Caption, ...] = ()

    @property
    def label(self) -> str:
        """ "4.2 Main results": how a review names its source."""
        return f"{self.number} {self.title}".strip()

    @property
    def words(self) -> int:
        return sum(p.words for p in self.paragraphs) + sum(
            len(_WORD.findall(c.text)) for c in self.captions
        )


@dataclass(frozen=True)
class FullText:
    arxiv_id: str
    version: int | None
    origin: Origin
    title: str
    abstract: str
    sections: tuple[Section, ...]

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.abstract)) + sum(s.words for s in self.sections)

    def top_level(self, section: Section) -> Section:
        """The level-1 section that `section` sits in (itself when it is one)."""
        index = self.sections.index(section)
        for candidate in reversed(self.sections[: index + 1]):
            if candidate.level == 1:
                return candidate
        return section


__all__ = ["Caption", "CaptionKind", "FullText", "Origin", "Paragraph", "Section", "Validators"]
