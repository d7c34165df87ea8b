"""Plain text out of what feeds put in titles, authors and categories.

Feeds deliver these as text, HTML or XHTML (Atom's `type`), with inline markup, entities
(sometimes escaped twice: `&amp;lt;b&amp;gt;`), comments and CDATA. What we store, search,
review and post is one line of plain text: no tags, no entities, no `<!--`.

Hand-written over the standard library's `html.parser` (which feedparser itself builds
on): a title is a few hundred characters, and no extra dependency knows more about it.
`$...$` math (holding no tag) keeps its `<` and `>`: `$n<k$` in an arXiv title stays.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_SPACES = re.compile(r"\s+")
_TAG = r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>"
# `$...$` math holds no tag: in HTML, two prices ($8 ... $9) around markup are not math.
_MATH = re.compile(rf"(\$\$(?:(?!{_TAG})[^$])+?\$\$|\$(?:(?!{_TAG})[^$])+?\$)", re.DOTALL)
# A complete tag (`<b>`, `</span>`, `<br/>`, `<a href="x">`), a comment, a CDATA section
# or a doctype: markup. A `<` that opens none of these (`a < b`) is text.
_MARKUP = re.compile(
    rf"<!--.*?(?:-->|$)|<!\[CDATA\[|\]\]>|<![A-Za-z][^<>]*>|{_TAG}",
    re.DOTALL,
)
_OPEN_COMMENT = re.compile(r"<!--.*", re.DOTALL)  # never closed: the rest is comment
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_BLOCK_TAGS = frozenset({"br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4"})
_SKIP_TAGS = frozenset({"script", "style"})
# Escaped twice is common; three rounds undo `&amp;amp;lt;` and stop a pathological input.
_ROUNDS = 3


class _Text(HTMLParser):
    """Collects the text of an HTML fragment: tags, comments and script/style dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skipping:
            self._skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    def unknown_decl(self, data: str) -> None:
        if data.upper().startswith("CDATA[") and not self._skipping:
            self.parts.append(data[6:])


def _html_text(fragment: str) -> str:
    # a `<` that opens no tag is text: escape it so the parser does not swallow the rest
    escaped = _escape_stray_lt(fragment)
    parser = _Text()
    parser.feed(escaped)
    parser.close()
    return "".join(parser.parts)


def _escape_stray_lt(fragment: str) -> str:
    out: list[str] = []
    last = 0
    for match in _MARKUP.finditer(fragment):
        out.append(fragment[last : match.start()].replace("<", "&lt;"))
        out.append(match.group(0))
        last = match.end()
    out.append(fragment[last:].replace("<", "&lt;"))
    return "".join(out)


def _clean(piece: str) -> str:
    for _ in range(_ROUNDS):
        if not (_MARKUP.search(piece) or _ENTITY.search(piece)):
            break
        piece = _html_text(piece)
    piece = _OPEN_COMMENT.sub("", piece)
    return html.unescape(piece) if _ENTITY.search(piece) else piece


def plain_text(value: object) -> str:
    """One line of plain text: markup, comments and entities removed, spaces collapsed."""
    if not isinstance(value, str) or not value:
        return ""
    parts = _MATH.split(value)
    # odd indexes are math spans (the split keeps its group): kept as written, but for
    # entities (`$a &lt; b$` in an HTML title is `$a < b$`)
    cleaned = [html.unescape(part) if i % 2 else _clean(part) for i, part in enumerate(parts)]
    return _SPACES.sub(" ", "".join(cleaned)).strip()


def has_markup(text: str) -> bool:
    """Whether `text` still holds a tag, a comment, CDATA or an entity (for checks)."""
    return bool(_MARKUP.search(text) or _ENTITY.search(text))


__all__ = ["has_markup", "plain_text"]
