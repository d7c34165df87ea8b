"""Plain text out of feed titles, authors and tags: every kind of markup feeds put there."""

from __future__ import annotations

import pytest

from bot.sources.text import plain_text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("<b>Bold</b> &amp; x <!-- draft -->", "Bold & x"),  # Atom type="html"
        ("&lt;blink&gt;Hi&lt;/blink&gt;", "Hi"),  # escaped markup
        ("a &amp;lt;i&amp;gt;b&amp;lt;/i&amp;gt; c", "a b c"),  # escaped twice
        ("<![CDATA[<em>cd</em>]]> &amp; more", "cd & more"),
        ("<p>One</p><p>two</p>", "One two"),
        ("x <!-- never closed", "x"),
        ("&#8220;Quoted&#8221; &hellip;", "\u201cQuoted\u201d \u2026"),
        ("AT&T and a < b", "AT&T and a < b"),  # no markup: kept
        ("Bounds $n<k$ and $m>1$", "Bounds $n<k$ and $m>1$"),  # math kept
        ("$a &lt; b$ in <i>HTML</i>", "$a < b$ in HTML"),
        ("Costs $8 for <a href='x'>a treat</a>, $9 for two", "Costs $8 for a treat, $9 for two"),
        ("<script>alert(1)</script>Title", "Title"),
        ("  spaced\n\tout  ", "spaced out"),
        (None, ""),
    ],
)
def test_plain_text(raw: str | None, text: str) -> None:
    assert plain_text(raw) == text
