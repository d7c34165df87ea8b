"""Cleaning the text of titles and abstracts as feeds deliver it.

Abstracts arrive with HTML entities (sometimes escaped twice), stray tags, LaTeX markup
outside math, and line breaks inside words. `clean_text` turns that into one plain line
of text; `$...$` math is kept exactly as written (the house style shows math as is).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from bot.review.latex import MATH, latex_to_text

_HYPHEN_BREAK = re.compile(r"(\w+)-[ \t]*\r?\n[ \t]*([a-z]\w*)")
_HYPHEN_SPACE = re.compile(r"\b([A-Za-z]+)- +(?!(?:and|or|to|nor|vs|versus|as|than)\b)([a-z]\w*)")
_SPACE = re.compile(r"\s+")
_FOOTNOTE_MARK = re.compile(r"(?<=[a-z]{2}[.!?])\d{1,2}(?=\s+[A-Z]|$)")
_QUOTES = (("``", "\u201c"), ("''", "\u201d"))
_SKIP_TAGS = frozenset({"script", "style"})
_KNOWN_TAGS = (
    r"(?:p|br|i|b|em|strong|sub|sup|a|span|div|li|ul|ol|code|tt|script|style|font|u|s"
    r"|small|big|h[1-6]|blockquote|pre|img|table|tr|td|th)\b"
)
_TAG = re.compile(rf"</?{_KNOWN_TAGS}[^<>]*>", re.IGNORECASE)
_TAG_NAMES = re.compile(rf"<(?!/?{_KNOWN_TAGS}[^<>]*>)", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,6});")


class _TagStripper(HTMLParser):
    """Keeps the text of an HTML fragment, dropping tags (and script/style content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in {"br", "p", "div", "li"}:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def strip_tags(text: str) -> str:
    """The text of an HTML fragment (entities decoded); plain text passes unchanged.

    Only known tag names count as markup, so `n<k and m>1` in an abstract is kept.
    """
    if "<" not in text or not _TAG.search(text):
        return html.unescape(text)
    # a `<` that opens no known tag is text (`n<k`): escape it so the parser keeps it
    text = _TAG_NAMES.sub("&lt;", text)
    parser = _TagStripper()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def _join_broken_words(text: str) -> str:
    """`recog-\\nnition` -> `recognition`; `self-\\nsupervised` stays hyphenated when the
    text uses the hyphenated form elsewhere."""

    def join(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if "-" in (before, after) or f"{left}-{right}".lower() in lowered:  # state-of-the-art
            return f"{left}-{right}"
        return left + right

    def rejoin(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        if f"{left}{right}".lower() in lowered and f"{left}-{right}".lower() not in lowered:
            return left + right
        return f"{left}-{right}"

    lowered = text.lower()
    text = _HYPHEN_BREAK.sub(join, text)
    # a feed that already turned the line break into a space: "We fine- tune" (arXiv wraps
    # abstracts at spaces, so the hyphen is the author's); "pre- and post-training" stays
    return _HYPHEN_SPACE.sub(rejoin, text)


def _clean_latex(text: str) -> str:
    """LaTeX made readable (bot.review.latex); TeX quotes and ties outside math too."""
    pieces: list[str] = []
    last = 0
    for match in MATH.finditer(text):
        pieces.append(_plain_quotes(text[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_plain_quotes(text[last:]))
    return latex_to_text("".join(pieces))


def _plain_quotes(text: str) -> str:
    text = text.replace("~", " ")
    for latex, unicode in _QUOTES:
        text = text.replace(latex, unicode)
    return text


def clean_text(text: str | None) -> str:
    """One clean line: entities decoded, tags stripped, broken lines joined, LaTeX simplified."""
    if not text:
        return ""
    text = strip_tags(text.replace("\x00", ""))
    if _ENTITY.search(text):  # escaped twice: `&amp;lt;`
        text = html.unescape(text)
    text = _join_broken_words(text)
    text = _clean_latex(text)
    text = _SPACE.sub(" ", text).strip()
    # " ." and " ," left behind by dropped citations
    text = re.sub(r"\s+([.,;:])(?=\s|$)", r"\1", text)
    # a footnote mark after a sentence's full stop: "... evaluations.1 We ..."
    return _FOOTNOTE_MARK.sub("", text)


def shorten(text: str, budget: int) -> str:
    """`text` cut at a word boundary to at most `budget` characters, with an ellipsis."""
    if len(text) <= budget:
        return text
    cut = text[: budget - 1]
    space = cut.rfind(" ")
    if space > budget // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


__all__ = ["clean_text", "shorten", "strip_tags"]
