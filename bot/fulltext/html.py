"""arXiv's HTML (LaTeXML output, the same classes on ar5iv) into a `FullText`.

selectolax (the Lexbor engine) parses: a 50-page paper is a few megabytes of markup and
it reads that in milliseconds. Bibliography, footnotes, navigation, author blocks and
LaTeXML's error marks are dropped before any text is read; math becomes `$alt text$`.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from bot.fulltext.document import Caption, CaptionKind, FullText, Origin, Paragraph, Section
from bot.fulltext.errors import FailureReason, FullTextError

_DROPPED = (
    ".ltx_bibliography, .ltx_note, nav, header, footer, .ltx_page_navbar, .ltx_page_header, "
    ".ltx_page_footer, .ltx_TOC, .ltx_authors, .ltx_dates, .ltx_ERROR, .ltx_tag_equation, "
    ".ltx_keywords, .ltx_classification, .ltx_acknowledgements, .ltx_tag_item, script, "
    "style, button, svg"
)
# depth of each sectioning class; a titled \paragraph is read as a level-3 section
_LEVELS = {
    "ltx_section": 1,
    "ltx_appendix": 1,
    "ltx_subsection": 2,
    "ltx_subsubsection": 3,
    "ltx_paragraph": 3,
}
_SECTIONS = ", ".join(f".{name}" for name in _LEVELS)
_WALK = f"{_SECTIONS}, .ltx_para, figure.ltx_figure, figure.ltx_table"
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?)\]])")
_END_TAG = re.compile(rb"</html\s*>\s*$", re.IGNORECASE)
# A LaTeXML <math> element (never nested) with its LaTeX in `alttext`. Hand-written on
# purpose: MathML is most of the nodes of a math-heavy page (a 1 MB page with 1,920
# formulae: twice as slow to parse and query with it), and its alt text is all we keep.
_MATHML = re.compile(rb"<math\b[^>]*?\balttext=\"([^\"]*)\"[^>]*>.*?</math>", re.DOTALL)


def parse_html(html: bytes, *, arxiv_id: str, version: int | None) -> FullText:
    """The paper in `html`, or FullTextError (not LaTeXML, truncated, no text)."""
    if not _END_TAG.search(html[-4096:]):
        raise FullTextError(FailureReason.TRUNCATED, "the HTML page stops before </html>")
    html = _MATHML.sub(
        lambda m: b"$" + m.group(1).strip() + b"$" if m.group(1).strip() else b"", html
    )
    tree = LexborHTMLParser(html.decode("utf-8", "replace"))
    document = tree.css_first(".ltx_document")
    if document is None:
        raise FullTextError(
            FailureReason.NOT_LATEXML, "the page is not a LaTeXML rendering (no ltx_document)"
        )
    for node in document.css(_DROPPED):
        node.decompose()
    for math in document.css("math"):
        alt = (math.attributes.get("alttext") or math.text()).strip()
        math.replace_with(f"${alt}$" if alt else "")
    title_node = document.css_first(".ltx_title_document")
    title = _text(title_node) if title_node is not None else ""
    abstract = _abstract(document)
    sections = _sections(document)
    if not sections or not any(s.paragraphs for s in sections):
        raise FullTextError(FailureReason.NO_TEXT, "the HTML page has no sections with text")
    return FullText(arxiv_id, version, Origin.HTML, title, abstract, tuple(sections))


def _abstract(document: LexborNode) -> str:
    node = document.css_first(".ltx_abstract")
    if node is None:
        return ""
    for heading in node.css(".ltx_title_abstract"):
        heading.decompose()
    return _text(node)


class _Open:
    """A section being filled while the walk goes on."""

    def __init__(self, node: LexborNode, level: int) -> None:
        self.node = node
        self.level = level
        self.paragraphs: list[Paragraph] = []
        self.captions: list[Caption] = []

    def close(self) -> Section:
        number, title = _heading(self.node)
        anchor = self.node.attributes.get("id") or ""
        return Section(
            anchor, number, title, self.level, tuple(self.paragraphs), tuple(self.captions)
        )


def _sections(document: LexborNode) -> list[Section]:
    """One walk in document order; each paragraph and float goes to its innermost section."""
    opened: dict[int, _Open] = {}
    order: list[_Open] = []
    for node in document.css(_WALK):
        classes = _classes(node)
        level = next((_LEVELS[c] for c in classes if c in _LEVELS), 0)
        if level:
            section = _Open(node, level)
            opened[node.mem_id] = section
            order.append(section)
            continue
        owner = _owner(node, opened)
        if owner is None:  # a paragraph outside every section, nested, or inside a float
            continue
        anchor = node.attributes.get("id") or ""
        if node.tag == "figure":
            caption = _caption(node, anchor)
            if caption is not None:
                owner.captions.append(caption)
        else:
            text = _text(node)
            if text:
                owner.paragraphs.append(Paragraph(anchor, text))
    return [section.close() for section in order]


def _owner(node: LexborNode, opened: dict[int, _Open]) -> _Open | None:
    """The innermost open section holding `node`; None when `node` sits inside another
    paragraph (a list item's paragraph is read with its parent) or inside a figure."""
    parent = node.parent
    while parent is not None:
        found = opened.get(parent.mem_id)
        if found is not None:
            return found
        if parent.tag == "figure" or "ltx_para" in _classes(parent):
            return None
        parent = parent.parent
    return None


def _caption(node: LexborNode, anchor: str) -> Caption | None:
    kind = CaptionKind.TABLE if "ltx_table" in _classes(node) else CaptionKind.FIGURE
    cells: tuple[tuple[str, ...], ...] = ()
    if kind is CaptionKind.TABLE:
        table = node.css_first("table")
        if table is not None:
            rows = (tuple(_text(cell) for cell in row.css("th, td")) for row in table.css("tr"))
            cells = tuple(row for row in rows if any(row))
    caption = node.css_first("figcaption")
    if caption is None:
        return None
    for tag in caption.css(".ltx_tag"):
        tag.decompose()
    text = _text(caption)
    return Caption(anchor, kind, text, cells) if text or cells else None


def _heading(node: LexborNode) -> tuple[str, str]:
    heading = node.css_first(".ltx_title")
    if heading is None:
        return "", ""
    number = ""
    tag = heading.css_first(".ltx_tag")
    if tag is not None:
        number = _text(tag).rstrip(".:").removeprefix("Appendix ").strip()
        tag.decompose()
    return number, _text(heading).rstrip(".").strip()


def _classes(node: LexborNode) -> list[str]:
    return (node.attributes.get("class") or "").split()


def _text(node: LexborNode) -> str:
    text = _SPACE.sub(" ", node.text(deep=True, separator="")).strip()
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


__all__ = ["parse_html"]
