"""Reading a feed article's HTML into headings and paragraphs (stdlib html.parser).

Images, tables, figures, scripts and styles are dropped; emphasis is kept as `*x*` and
`**x**`, code as backticks, and math (`$...$`, `\\(...\\)`, MathJax `math/tex` scripts)
as `$...$`. Links keep their text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from html.parser import HTMLParser
from types import MappingProxyType

_DROPPED = frozenset({"table", "figure", "script", "style", "svg", "iframe", "video", "noscript"})
_VOID = frozenset({"img", "br", "hr", "source", "input", "meta", "link", "wbr"})
_BREAKS = frozenset({"p", "div", "li", "ul", "ol", "pre", "blockquote", "section", "dd", "dt"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_MARKS = MappingProxyType({"em": "*", "i": "*", "strong": "**", "b": "**", "code": "`"})
_INLINE_MATH = re.compile(r"\\\((.+?)\\\)")
_SPACE = re.compile(r"\s+")


class BlockKind(StrEnum):
    HEADING = "heading"  # h1 to h6; `Block.level` says which
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item
    QUOTE = "quote"  # a paragraph inside a blockquote


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    level: int = 0


@dataclass
class _State:
    blocks: list[Block] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int = 0
    dropping: int = 0  # depth inside dropped elements
    quote: int = 0  # depth inside blockquotes
    math: bool = False


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.state = _State()

    def flush(self) -> None:
        state = self.state
        text = _SPACE.sub(" ", "".join(state.parts)).strip()
        text = _INLINE_MATH.sub(lambda m: f"${m.group(1).strip()}$", text)
        if text:
            paragraph = state.kind is BlockKind.PARAGRAPH
            kind = BlockKind.QUOTE if state.quote and paragraph else state.kind
            state.blocks.append(Block(kind, text, state.level))
        state.parts = []
        state.kind, state.level = BlockKind.PARAGRAPH, 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        state = self.state
        if tag == "script" and _is_math(attrs):
            state.math = True
            state.parts.append(" $")
            return
        if tag in _DROPPED:
            state.dropping += 1
            return
        if state.dropping or tag in _VOID:
            if tag == "br" and not state.dropping:
                state.parts.append(" ")
            return
        if tag in _HEADINGS:
            self.flush()
            state.kind, state.level = BlockKind.HEADING, int(tag[1])
        elif tag in _BREAKS:
            self.flush()
            if tag == "li":
                state.kind = BlockKind.ITEM
            elif tag == "blockquote":
                state.quote += 1
        elif tag in _MARKS:
            state.parts.append(_MARKS[tag])

    def handle_endtag(self, tag: str) -> None:
        state = self.state
        if tag == "script" and state.math:
            state.math = False
            state.parts.append("$ ")
            return
        if tag in _DROPPED:
            state.dropping = max(0, state.dropping - 1)
            return
        if state.dropping:
            return
        if tag in _HEADINGS or tag in _BREAKS:
            self.flush()
            if tag == "blockquote":
                state.quote = max(0, state.quote - 1)
        elif tag in _MARKS:
            if state.parts and state.parts[-1] == _MARKS[tag]:
                state.parts.pop()  # empty emphasis: drop both markers
            else:
                state.parts.append(_MARKS[tag])

    def handle_data(self, data: str) -> None:
        if self.state.math:
            self.state.parts.append(data.strip())
        elif not self.state.dropping:
            self.state.parts.append(data)


def _is_math(attrs: list[tuple[str, str | None]]) -> bool:
    """MathJax's `<script type="math/tex">` (kramdown's math output)."""
    return any(k == "type" and (v or "").startswith("math/tex") for k, v in attrs)


def parse_article(html: str) -> list[Block]:
    """The article's headings and paragraphs, in order."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.state.blocks


__all__ = ["Block", "parse_article"]
