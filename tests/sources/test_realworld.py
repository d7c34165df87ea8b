"""Every real feed in tests/data/realworld (see SOURCES.md there), polled through a loopback
server as a user's source would be: what feedparser finds with an id or a link is stored,
titles are plain text, links are absolute, and a second poll changes nothing.

feedparser's own test files name the HTTP headers they are served with in a comment at
the top (`Header: Content-type: text/xml; charset=windows-1252`); they are served so.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest

from bot.model import Paper
from bot.sources import Poller
from storage.base import Store
from tests.sources.conftest import FakeServer, Reply, source

ROOT = Path(__file__).parents[1] / "data" / "realworld"
FILES = sorted(p for p in ROOT.rglob("*") if p.is_file() and p.suffix != ".md")
_HEADER = re.compile(rb"^Header:\s+([^:\r\n]+):([^\r\n]*)$", re.MULTILINE)
# What no stored title may hold: a tag, a comment, CDATA or an entity.
_MARKUP = re.compile(
    r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>|<!--|<!\[CDATA\[|&(?:#\d+|#x[\da-fA-F]+|[A-Za-z]+);"
)


def served_headers(data: bytes) -> dict[str, str]:
    return {name.decode().strip(): value.decode().strip() for name, value in _HEADER.findall(data)}


def feedparser_entries(data: bytes, headers: dict[str, str], url: str) -> int:
    """Entries feedparser itself finds with an id or a link (fed the same bytes and headers)."""
    lowered = {key.lower(): value for key, value in headers.items()}
    lowered["content-location"] = urljoin(url, lowered.get("content-location", ""))
    parsed = feedparser.parse(io.BytesIO(data), response_headers=lowered)
    return sum(1 for entry in parsed.entries if entry.get("id") or entry.get("link"))


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_paper(paper: Paper) -> None:
    assert paper.title, paper
    assert not _MARKUP.search(paper.title), paper.title
    assert not _MARKUP.search(paper.abstract), paper.abstract[:200]
    for link in paper.links:
        assert _absolute(link.url), (paper.title, link)
    article = paper.article
    if article is not None:
        assert not _MARKUP.search(article.title), article.title
        assert not _MARKUP.search(article.author or ""), article.author
        assert not any(_MARKUP.search(tag) for tag in article.tags), article.tags
        assert not article.url or _absolute(article.url), article.url
        if paper.is_arxiv:  # the fake arXiv API's title, never the post's headline
            assert paper.title == f"Paper {paper.arxiv_id}", (paper.title, article.title)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
async def test_a_real_feed_polls_cleanly_and_settles(
    path: Path, server: FakeServer, make_poller: Callable[..., Poller], db: Store
) -> None:
    data = path.read_bytes()  # noqa: ASYNC240 (a small local file, read once)
    headers = served_headers(data)
    url = server.serve(f"/{path.parent.name}/{path.name}", Reply(body=data, headers=headers))
    kind = "arxiv" if path.parent.name == "arxiv" else "feed"
    expected = feedparser_entries(data, headers, url)
    poller = make_poller(source("real", kind, url))

    first = await poller.poll("real")
    if first.failed:  # only a document feedparser gets nothing from may fail, in one line
        assert expected == 0, first.error
        assert first.error is not None
        assert "\n" not in first.error
        assert "Traceback" not in first.error
        return
    assert first.new == expected
    papers = await db.get_papers(first.new_ids)
    assert len(papers) == expected == await db.count_papers()
    for paper in papers:
        check_paper(paper)

    second = await poller.poll("real")
    assert (second.failed, second.new, second.updated) == (False, 0, 0)
    assert await db.count_papers() == expected
