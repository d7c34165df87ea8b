"""A PDF's text into a `FullText`, through pypdf (measured against pdfminer.six on real
LaTeX papers: the same words recovered, about 3 times faster; benchmarks/README.md).

A PDF has no structure to read, so it is guessed: numbered headings ("4.2 Main results")
open sections, the references and everything after them are dropped, hyphenated line
ends are joined, and a short line that ends a sentence ends a paragraph. Anchors are made
up in the shape arXiv's HTML uses (`S4.SS2.p1`), counted in reading order.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from pypdf import PdfReader

from bot.fulltext.document import Caption, CaptionKind, FullText, Origin, Paragraph, Section
from bot.fulltext.errors import FailureReason, FullTextError

MIN_WORDS = 50  # fewer words than this in the whole file: a scan, or an image-only PDF
_HEADING = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+(?P<title>[A-Z][^.!?]{1,80})$")
# unnumbered headings papers use (a venue style may number nothing)
_NAMED_HEADING = re.compile(
    r"^(?P<title>Introduction|Background|Related Work|Preliminaries|Methods?|Approach|"
    r"Experiments?|Experimental (?:Setup|Results)|Evaluation|Results(?: and Discussion)?|"
    r"Discussion|Limitations|Conclusions?|Future Work)$",
    re.IGNORECASE,
)
_ENDS = re.compile(r"^(references|bibliography|acknowledg(e)?ments?)\s*$", re.IGNORECASE)
_ABSTRACT = re.compile(r"^abstract[.:]?\s*(?P<rest>.*)$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
_CAPTION = re.compile(r"^(?P<kind>Table|Figure|Fig\.)\s*(?P<number>\d+)\s*[:.]\s*(?P<rest>.*)$")
_FOOTNOTE = re.compile(r"^(?:\d{1,2}(?=[A-Z])|\*\s*[A-Z])")
_NUMERIC = re.compile(r"^[\d.,%±()+\-–]+$")
_SPACE = re.compile(r"\s+")


def parse_pdf(content: bytes, *, arxiv_id: str, version: int | None) -> FullText:
    """The paper in `content`, or FullTextError (encrypted, unreadable, no text)."""
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FullTextError(FailureReason.ENCRYPTED, "the PDF is encrypted")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except FullTextError:
        raise
    except Exception as exc:
        # Broad on purpose, at the library's edge: on a damaged or hostile file pypdf raises
        # its own errors and also ValueError, KeyError, IndexError, NotImplementedError,
        # RecursionError... (seen fuzzing a real arXiv PDF); a bad PDF must never escape as
        # anything but "unreadable", so the review falls back to the abstract.
        message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        if "encrypt" in message.lower() or "decrypt" in message.lower():
            raise FullTextError(
                FailureReason.ENCRYPTED, f"the PDF is encrypted: {message}"
            ) from None
        raise FullTextError(
            FailureReason.UNREADABLE, f"the PDF cannot be read: {message}"
        ) from None
    if len(_WORD.findall(text)) < MIN_WORDS:
        raise FullTextError(FailureReason.NO_TEXT, "the PDF has no text layer (a scan?)")
    return _structure(text.splitlines(), arxiv_id, version)


@dataclass
class _Draft:
    number: str
    title: str
    lines: list[str] = field(default_factory=list)
    captions: list[tuple[CaptionKind, str, list[str]]] = field(default_factory=list)
    in_caption: bool = False

    def add(self, line: str) -> None:
        """A caption ("Table 2: ...") runs to its first full stop; a table's rows (mostly
        numbers) and footnotes ("1Code is ...", "* Equal contribution") are dropped."""
        caption = _CAPTION.match(line)
        if caption is not None:
            kind = CaptionKind.TABLE if caption["kind"] == "Table" else CaptionKind.FIGURE
            self.captions.append((kind, caption["number"], [caption["rest"]]))
            self.in_caption = not line.endswith(".")
        elif self.in_caption:
            self.captions[-1][2].append(line)
            self.in_caption = not line.endswith(".")
        elif not _is_table_row(line) and not _FOOTNOTE.match(line):
            self.lines.append(line)


def _structure(lines: list[str], arxiv_id: str, version: int | None) -> FullText:
    front: list[str] = []
    drafts: list[_Draft] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if _ENDS.match(line):
            break
        heading = _HEADING.match(line)
        named = _NAMED_HEADING.match(line)
        if heading and len(line.split()) <= 10:
            drafts.append(_Draft(heading["number"], heading["title"].strip()))
        elif named:
            drafts.append(_Draft("", named["title"]))
        elif drafts:
            drafts[-1].add(line)
        else:
            front.append(line)
    title, abstract = _front(front)
    if not drafts:  # no heading found: the text after the abstract is one section
        drafts.append(_Draft("", "Text"))
        for line in _after_abstract(front):
            drafts[0].add(line)
    sections: list[Section] = []
    counters = [0, 0, 0]  # section, subsection, deeper
    for draft in drafts:
        level = min(draft.number.count(".") + 1, 3) if draft.number else 1
        counters[level - 1] += 1
        counters[level:] = [0] * (3 - level)
        prefixes = ("S", "SS", "SSS")[:level]
        anchor = ".".join(f"{p}{n}" for p, n in zip(prefixes, counters, strict=False))
        paragraphs = tuple(
            Paragraph(f"{anchor}.p{i}", text)
            for i, text in enumerate(_paragraphs(draft.lines), start=1)
        )
        captions = tuple(
            Caption(
                f"{anchor}.{'T' if kind is CaptionKind.TABLE else 'F'}{number}",
                kind,
                " ".join(_paragraphs(lines)) or " ".join(lines),
            )
            for kind, number, lines in draft.captions
        )
        sections.append(Section(anchor, draft.number, draft.title, level, paragraphs, captions))
    return FullText(arxiv_id, version, Origin.PDF, title, abstract, tuple(sections))


def _is_table_row(line: str) -> bool:
    tokens = line.split()
    return len(tokens) >= 3 and sum(bool(_NUMERIC.match(t)) for t in tokens) * 2 >= len(tokens)


def _after_abstract(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if _ABSTRACT.match(line):
            return lines[i + 1 :]
    return lines


def _front(lines: list[str]) -> tuple[str, str]:
    """The first line is taken as the title; the text after "Abstract" as the abstract."""
    title = lines[0] if lines else ""
    for i, line in enumerate(lines):
        found = _ABSTRACT.match(line)
        if found:
            rest = [found["rest"], *lines[i + 1 :]]
            return title, " ".join(_paragraphs([x for x in rest if x]))
    return title, ""


def _paragraphs(lines: list[str]) -> list[str]:
    """Join lines (mending "Trivi-" + "aQA"); a short line ending a sentence ends one."""
    if not lines:
        return []
    width = sorted(len(line) for line in lines)[len(lines) * 3 // 4]
    found: list[str] = []
    current = ""
    for line in lines:
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}" if current else line
        if line.endswith((".", ":", "?", "!")) and len(line) < 0.8 * width:
            found.append(_SPACE.sub(" ", current).strip())
            current = ""
    if current.strip():
        found.append(_SPACE.sub(" ", current).strip())
    return [p for p in found if len(_WORD.findall(p)) >= 3]


__all__ = ["MIN_WORDS", "parse_pdf"]
