"""Turning fetched bytes into parsed documents, safely, off the event loop.

feedparser never fetches here: the bytes come from `Fetcher`, and feedparser gets them as
a file object with the response headers. Before it sees them, `check_xml` refuses what
must not be parsed at all: JSON, HTML pages, and documents that declare entities (the
"billion laughs" bomb and its relatives: no real feed needs a DTD). Every encoding
feedparser reads is read (see `feed_headers`); the guards look at the decoded text, so a
UTF-16 bomb is refused like a UTF-8 one. After parsing, `bozo` with entries is a warning;
`bozo` without entries, or an HTML page instead of a feed, is a `ParseError`.
"""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import email.message
import io
import json
import re
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

import feedparser
import feedparser.encodings

from bot.sources.fetch import ParseError

_SPACES = re.compile(r"\s+")
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z]")
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
# An HTML page: its first element is html, head or body, or it declares an HTML doctype
# and its first element is no feed's root (a feed behind a stray XHTML doctype is still a
# feed). Checked on the decoded text, so a page that is not well-formed XML (most are
# not) is still named as HTML.
_PROLOG = re.compile(
    rb"^(?:\s|<\?[^>]*>|<!--.*?-->|<!doctype(?P<html>\s+html)?[^>]*>)*<(?P<root>[A-Za-z][\w:.-]*)",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ROOTS = frozenset({b"html", b"head", b"body"})
_FEED_ROOTS = frozenset({b"rss", b"feed", b"rdf:rdf", b"rdf", b"channel"})
_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32be"),
    (codecs.BOM_UTF32_LE, "utf-32le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16be"),
    (codecs.BOM_UTF16_LE, "utf-16le"),
)
HTML_PAGE = "got an HTML page, not a feed: check the URL"


def squash(text: str | None) -> str:
    """Collapse runs of whitespace (arXiv wraps titles and abstracts at ~80 columns)."""
    return _SPACES.sub(" ", text or "").strip()


def looks_like_json(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[")


def looks_like_markup(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] == b"<"


def looks_like_html(data: bytes) -> bool:
    """Whether UTF-8 (or ASCII-compatible) bytes open as an HTML page."""
    match = _PROLOG.match(data[:4096])
    if match is None:
        return False
    root = match.group("root").lower()
    return root in _HTML_ROOTS or (match.group("html") is not None and root not in _FEED_ROOTS)


def feed_headers(data: bytes, headers: Mapping[str, str], url: str = "") -> dict[str, str]:
    """The response headers as feedparser should read them (keys in lower case).

    feedparser decodes by RFC 3023, in which `text/xml` without a charset is US-ASCII and
    a missing Content-Type is ISO-8859-1, and the HTTP charset outranks a byte-order mark.
    RFC 7303 replaced that: a BOM decides; then the HTTP charset; then the XML
    declaration; then UTF-8. So a BOM becomes the charset, and a type without a charset
    (or no type) is read as `application/xml`, whose rule is exactly that order; feedparser
    still falls back to detection (chardet) when the bytes are not what was declared.
    `url` (the final URL, after redirects) becomes the base of relative links, unless
    the server sent a Content-Location, which is resolved against it.
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    media, charset = _content_type(lowered.get("content-type", ""))
    # UTF-32 marks first: the UTF-32LE mark starts with the UTF-16LE one
    bom = next((name for mark, name in _BOMS if data.startswith(mark)), None)
    charset = bom or charset
    if not media or (media.startswith("text/") and not charset):
        media = "application/xml"
    lowered["content-type"] = f"{media}; charset={charset}" if charset else media
    if url:
        lowered["content-location"] = urljoin(url, lowered.get("content-location", ""))
    return lowered


def _content_type(value: str) -> tuple[str, str]:
    message = email.message.Message()
    message["content-type"] = value
    media = value.split(";", 1)[0].strip().lower() if value.strip() else ""
    charset = message.get_param("charset")
    return media, charset.strip().lower() if isinstance(charset, str) else ""


def to_utf8(data: bytes, headers: Mapping[str, str]) -> bytes:
    """The document in UTF-8, decoded by feedparser's rules (see `feed_headers`)."""
    scratch: dict[str, Any] = {}
    converted: bytes = feedparser.encodings.convert_to_utf8(dict(headers), data, scratch)
    return converted


def check_xml(data: bytes, headers: Mapping[str, str]) -> bytes:
    """Refuse bytes that must not reach the XML parser; raise `ParseError` naming why.

    `headers` are `feed_headers`. Returns the document decoded to UTF-8 (in any encoding
    feedparser reads), which is what the guards looked at.
    """
    if not data.strip():
        raise ParseError("empty response where a feed was expected")
    if looks_like_json(data):
        raise ParseError("got JSON where an XML feed was expected")
    text = to_utf8(data, headers)
    if looks_like_html(text):
        raise ParseError(HTML_PAGE)
    first = _FIRST_ELEMENT.search(text)
    prolog = text[: first.start()] if first else text
    if b"<!ENTITY" in prolog.upper() or _INTERNAL_SUBSET.search(prolog):
        raise ParseError("refused XML that declares entities (possible entity-expansion bomb)")
    return text


def read_feed(data: bytes, headers: Mapping[str, str], url: str = "") -> tuple[Any, str | None]:
    """Check and parse a feed (blocking: call it from a worker thread).

    `url` is where the bytes came from (after redirects): the base of relative links.
    Returns (feedparser's result, a warning or None); raises `ParseError`.
    """
    if data[:1].isspace() and data.lstrip()[:5] == b"<?xml":
        data = data.lstrip()  # blank lines before the declaration (a common blog-plugin slip)
    normalized = feed_headers(data, headers, url)
    check_xml(data, normalized)
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers=normalized,
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    return parsed, judge_feed(parsed, data)


def judge_feed(parsed: Any, data: bytes) -> str | None:
    """Raise when nothing usable came out; return a warning when the feed was malformed."""
    entries = parsed.get("entries", [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, feedparser.NonXMLContentType | feedparser.CharacterEncodingOverride):
        problem = None  # a server's wrong Content-Type or charset: the bytes were decoded
    if not parsed.get("version") and not entries:
        if problem is None and re.search(rb"<html|<!doctype html", data[:2048], re.IGNORECASE):
            raise ParseError(HTML_PAGE)
        if problem is None:
            raise ParseError("not an RSS or Atom feed")
    if problem is not None and not entries:
        raise ParseError(f"malformed feed: {_describe(problem)}")
    if problem is not None:
        return f"malformed feed (kept {len(entries)} entries): {_describe(problem)}"
    return None


def _describe(problem: object) -> str:
    text = str(problem).splitlines()[0] if str(problem) else type(problem).__name__
    if "no element found" in text or "unclosed token" in text:
        return f"truncated XML ({text})"
    return text[:200]


def read_json(data: bytes) -> Any:
    """Parse JSON (blocking); XML or HTML here is named as such. Raises `ParseError`."""
    if looks_like_markup(data):
        if looks_like_html(data.lstrip(b"\xef\xbb\xbf")):
            raise ParseError(HTML_PAGE)
        raise ParseError("got XML or HTML where JSON was expected")
    try:
        return json.loads(data)
    except UnicodeDecodeError as exc:
        raise ParseError(f"invalid UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise ParseError(f"malformed JSON: {exc.msg} at line {exc.lineno}") from None


def struct_to_datetime(value: time.struct_time | None) -> dt.datetime | None:
    """feedparser's UTC `*_parsed` struct -> an aware datetime."""
    if value is None:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None


def iso_to_datetime(value: object) -> dt.datetime | None:
    """`2025-01-01T12:00:00.000Z` -> an aware datetime (naive means UTC); junk -> None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
