"""Fixture documents in the sources' public formats, built from small dicts."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

ATOM_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
    "<id>https://arxiv.org/api/test</id><title>arXiv Query</title>"
    "<updated>2025-10-21T00:00:00Z</updated>\n"
)


def api_entry(
    arxiv_id: str,
    *,
    version: int = 1,
    title: str | None = None,
    abstract: str = "We study a problem and report results.",
    categories: tuple[str, ...] = ("cs.LG", "cs.AI"),
    published: str = "2025-10-20T17:59:59Z",
    authors: tuple[str, ...] = ("Ada Lovelace", "Alan Turing"),
    with_id: bool = True,
    with_title: bool = True,
) -> str:
    parts = ["<entry>"]
    if with_id:
        parts.append(f"<id>http://arxiv.org/abs/{arxiv_id}v{version}</id>")
    if with_title:
        parts.append(f"<title>{escape(title or 'Paper ' + arxiv_id)}</title>")
    parts.append(f"<published>{published}</published><updated>{published}</updated>")
    parts.append(f"<summary>{escape(abstract)}</summary>")
    parts += [f"<author><name>{escape(a)}</name></author>" for a in authors]
    if with_id:  # no id and no links: nothing tells which paper this is
        parts.append(f'<link href="https://arxiv.org/abs/{arxiv_id}v{version}" rel="alternate"/>')
        parts.append(
            f'<link title="pdf" href="https://arxiv.org/pdf/{arxiv_id}v{version}" rel="related"/>'
        )
    parts.append(f'<arxiv:primary_category term="{categories[0]}"/>')
    parts += [f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in categories]
    parts.append("<arxiv:comment>9 pages</arxiv:comment><arxiv:doi>10.1000/x</arxiv:doi>")
    parts.append("</entry>")
    return "".join(parts)


def api_feed(entries: list[str], total: int | None = None) -> bytes:
    count = len(entries) if total is None else total
    head = ATOM_HEAD + f"<opensearch:totalResults>{count}</opensearch:totalResults>\n"
    return (head + "\n".join(entries) + "\n</feed>\n").encode("utf-8")


def api_error(message: str) -> bytes:
    entry = (
        "<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>"
        f"<title>Error</title><summary>{escape(message)}</summary>"
        "<updated>2025-10-21T00:00:00-04:00</updated>"
        '<link href="http://arxiv.org/api/errors#incorrect_id_format" rel="alternate"/>'
        "<author><name>arXiv api core</name></author></entry>"
    )
    return api_feed([entry], total=1)


def listing_item(
    arxiv_id: str, announce: str, *, title: str | None = None, version: int = 1
) -> str:
    return (
        "<item>"
        f"<title>{escape(title or 'Listed ' + arxiv_id)}</title>"
        f"<link>https://arxiv.org/abs/{arxiv_id}</link>"
        f"<description>arXiv:{arxiv_id}v{version} Announce Type: {announce} \n"
        "Abstract: A listing abstract.</description>"
        f'<guid isPermaLink="false">oai:arXiv.org:{arxiv_id}v{version}</guid>'
        "<category>cs.LG</category><category>cs.CL</category>"
        "<pubDate>Tue, 21 Oct 2025 00:00:00 -0400</pubDate>"
        f"<arxiv:announce_type>{announce}</arxiv:announce_type>"
        "<dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>"
        "<dc:creator>Grace Hopper, Edsger W. Dijkstra and Barbara Liskov</dc:creator>"
        "<arxiv:DOI>10.1000/listed</arxiv:DOI>"
        "<arxiv:journal_reference>Proc. Test 2025</arxiv:journal_reference>"
        "</item>"
    )


def listing_feed(items: list[str]) -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<rss xmlns:arxiv="http://arxiv.org/schemas/atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom" version="2.0"><channel>'
        "<title>cs.LG updates on arXiv.org</title><link>http://rss.arxiv.org/rss/cs.LG</link>"
        "<description>cs.LG updates on the arXiv.org e-print archive.</description>"
        "<pubDate>Tue, 21 Oct 2025 00:00:00 -0400</pubDate>" + "".join(items) + "</channel></rss>"
    ).encode("utf-8")


def hf_item(
    arxiv_id: str, *, upvotes: int = 5, nested: bool = True, title: str | None = None
) -> dict[str, Any]:
    paper: dict[str, Any] = {
        "id": arxiv_id,
        "title": title or f"HF {arxiv_id}",
        "summary": "An abstract as HF shows it.",
        "authors": [{"_id": "x", "name": "Ada Lovelace"}],
        "publishedAt": "2025-10-20T17:59:59.000Z",
    }
    extra = {
        "upvotes": upvotes,
        "ai_summary": "A one-line summary.",
        "ai_keywords": ["diffusion", "transformers"],
        "githubRepo": "https://github.com/example/code",
    }
    item: dict[str, Any] = {"paper": paper, "numComments": 3, "title": paper["title"]}
    (paper if nested else item).update(extra)
    return item


def hf_json(items: list[dict[str, Any]]) -> bytes:
    return json.dumps(items).encode("utf-8")


def blog_entry(
    slug: str, html: str, *, title: str = "A review", date: str = "2025-10-20T08:00:00Z"
) -> str:
    url = f"https://blog.example/{slug}.html"
    return (
        f"<entry><title>{escape(title)}</title>"
        f'<link href="{url}" rel="alternate" type="text/html"/>'
        f"<published>{date}</published><updated>{date}</updated><id>{url}</id>"
        f'<content type="html">{escape(html)}</content>'
        '<author><name>Jin Park</name></author><category term="review"/></entry>'
    )


def blog_feed(entries: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Reviews</title><id>https://blog.example/feed.xml</id>"
        "<updated>2025-10-20T08:00:00Z</updated>" + "".join(entries) + "</feed>"
    ).encode("utf-8")


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i + 1, (b"&lol%d;" % i if i else b"&lol;") * 10)
        for i in range(9)
    )
    + b']><feed xmlns="http://www.w3.org/2005/Atom"><title>&lol9;</title>'
    b"<entry><id>http://arxiv.org/abs/2510.00001v1</id><title>&lol9;</title></entry></feed>"
)
