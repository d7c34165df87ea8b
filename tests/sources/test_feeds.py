"""Blog and generic feeds as users add them: plain-text titles, absolute links, one
identity per post however the feed is reached, and a blog's headline never taken as the
title of the paper it cites."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.sources import Poller
from storage.base import Store
from tests.sources import builders as b
from tests.sources.conftest import ARXIV_API_PATH, NOW, FakeServer, Reply, source

ATOM = {"Content-Type": "application/atom+xml"}

# Relative links and ids, an xml:base on one entry, and titles in every Atom text type.
RELATIVE = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Notes</title><id>/feed.xml</id><updated>2025-10-20T08:00:00Z</updated>
  <entry>
    <title type="html">&lt;b&gt;Reading&lt;/b&gt; &amp;amp; notes &lt;!-- draft --&gt;</title>
    <link href="posts/reading.html"/><id>posts/reading.html</id>
    <updated>2025-10-20T08:00:00Z</updated>
    <author><name>&lt;b&gt;Jin&lt;/b&gt; Park</name></author>
    <category term="&lt;i&gt;ml&lt;/i&gt;"/>
  </entry>
  <entry xml:base="https://mirror.example/archive/">
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <em>short</em> list</div>
    </title>
    <link href="list.html"/><id>tag:notes,2025:list</id>
    <updated>2025-10-19T08:00:00Z</updated>
  </entry>
  <entry>
    <title><![CDATA[Why <blink> &amp; CDATA]]></title>
    <link href="/about.html"/><id>/about.html</id><updated>2025-10-18T08:00:00Z</updated>
  </entry>
</feed>
"""


async def test_titles_are_plain_text_and_links_absolute_after_a_redirect(
    server: FakeServer, make_poller: Callable[..., Poller], db: Store
) -> None:
    final = server.serve("/blog/feed.xml", Reply(body=RELATIVE, headers=ATOM))
    moved = server.serve("/old.xml", Reply(status=302, headers={"Location": final}))
    report = await make_poller(source("notes", "feed", moved)).poll("notes")
    assert (report.failed, report.new) == (False, 3)
    papers = await db.get_papers(report.new_ids)
    by_url = {p.article.url: p for p in papers if p.article}
    base = server.base
    assert set(by_url) == {
        f"{base}/blog/posts/reading.html",  # relative to the final URL, not the old one
        "https://mirror.example/archive/list.html",  # the entry's xml:base
        f"{base}/about.html",
    }
    reading = by_url[f"{base}/blog/posts/reading.html"]
    assert reading.title == "Reading & notes"
    assert reading.article is not None
    assert reading.article.entry_id == f"{base}/blog/posts/reading.html"
    assert reading.article.author == "Jin Park"
    assert reading.article.tags == ("ml",)
    assert by_url["https://mirror.example/archive/list.html"].title == "A short list"
    assert by_url[f"{base}/about.html"].title == "Why & CDATA"


async def test_one_feed_through_two_urls_and_two_sources_settles(
    server: FakeServer, make_poller: Callable[..., Poller], db: Store
) -> None:
    body = b.blog_feed(
        [
            b.blog_entry("mamba", "Source: arXiv:2312.00752", title="Mamba, reviewed"),
            b.blog_entry("meta", "How we pick papers.", title="About us"),
        ]
    )
    first = server.serve("/feed.xml", Reply(body=body, headers=ATOM))
    second = server.serve("/feeds/all.atom", Reply(body=body, headers=ATOM))
    poller = make_poller(source("a", "feed", first), source("b", "feed", second))
    one = await poller.poll("a")
    assert one.new == 2
    two = await poller.poll("b")  # the same posts: one paper each, now seen by both
    assert (two.new, two.updated) == (0, 2)
    for name in ("b", "a", "b"):
        again = await poller.poll(name)
        assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    mamba = await db.get_paper("2312.00752")
    assert mamba is not None
    assert mamba.article is not None
    assert mamba.article.feed == "a"  # the feed that brought it first keeps it
    assert mamba.sources == frozenset({"a", "b"})


async def test_a_cited_paper_waits_while_arxiv_cannot_be_asked(
    server: FakeServer, make_poller: Callable[..., Poller], db: Store
) -> None:
    body = b.blog_feed(
        [
            b.blog_entry("kan", "See arxiv.org/abs/2404.19756v2", title="KANs, a blog headline"),
            b.blog_entry("meta", "How we pick papers.", title="About us"),
        ]
    )
    url = server.serve("/feed.xml", Reply(body=body, headers=ATOM | {"ETag": '"v1"'}))
    poller = make_poller(source("blog", "feed", url))
    api = server.routes[ARXIV_API_PATH]
    server.serve(ARXIV_API_PATH, Reply(status=503))
    report = await poller.poll("blog")
    assert (report.failed, report.new) == (False, 1)  # only the post about no paper
    assert any("kept for the next poll" in w for w in report.warnings)
    assert await db.get_paper("2404.19756") is None  # never under the blog's headline

    server.routes[ARXIV_API_PATH] = api  # arXiv answers again
    report = await poller.poll("blog")
    assert "If-None-Match" not in server.requests("/feed.xml")[-1].headers
    assert report.new_ids == ("2404.19756",)
    kan = await db.get_paper("2404.19756")
    assert kan is not None
    assert kan.title == "Paper 2404.19756"
    assert kan.article is not None
    assert kan.article.title == "KANs, a blog headline"


async def test_a_cited_id_arxiv_does_not_know_leaves_the_post_on_its_own(
    server: FakeServer, make_poller: Callable[..., Poller], db: Store
) -> None:
    body = b.blog_feed(
        [
            b.blog_entry("typo", "arXiv:2404.99999", title="A post with a typo"),
            # this month's id (the clock says 2025-10-21): cited before arXiv lists it
            b.blog_entry("early", "arXiv:2510.99999", title="A post ahead of arXiv"),
        ]
    )
    url = server.serve("/feed.xml", Reply(body=body, headers=ATOM))
    poller = make_poller(source("blog", "feed", url))
    server.serve(ARXIV_API_PATH, Reply(body=b.api_feed([])))  # arXiv: no such paper
    report = await poller.poll("blog")
    assert report.new == 1
    assert any("does not list yet" in w for w in report.warnings)
    assert await db.get_paper("2404.99999") is None
    assert await db.get_paper("2510.99999") is None
    (post,) = await db.get_papers(report.new_ids)
    assert post.arxiv_id.startswith("feed:")
    assert post.title == "A post with a typo"
    assert post.abstract == "arXiv:2404.99999"  # the post's text, as plain text


async def test_a_post_stored_under_its_old_id_is_not_stored_again(
    server: FakeServer, make_poller: Callable[..., Poller], db: Store
) -> None:
    from bot.ids import feed_paper_id
    from bot.sources.feed import parse_feed_entries

    body = b.blog_feed([b.blog_entry("meta", "How we pick papers.", title="About us")])
    (paper,) = parse_feed_entries(body, source="blog", now=None).papers
    assert paper.article is not None
    old = feed_paper_id(paper.article.entry_id)  # how earlier versions named the post
    assert old != paper.arxiv_id
    await db.upsert_papers([replace(paper, arxiv_id=old)], NOW)
    url = server.serve("/feed.xml", Reply(body=body, headers=ATOM))
    report = await make_poller(source("blog", "feed", url)).poll("blog")
    assert (report.new, report.updated + report.unchanged) == (0, 1)
    assert await db.count_papers() == 1
