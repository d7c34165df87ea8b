"""Any RSS or Atom feed, e.g. a Jekyll blog of paper reviews.

Each entry keeps its HTML, link, author, tags and dates as a `FeedArticle`; its title,
author and tags are plain text (see `bot.sources.text`). Links and ids are absolute:
feedparser resolves them against `xml:base` and the final URL after redirects, and what
it leaves relative is joined here to the feed's URL.

The entry is attached to the arXiv paper it cites (first from its links, then its HTML
and summary: `arxiv.org/abs/...`, `/pdf/...`, `arXiv:2510.18874`, `10.48550/arXiv...`).
An entry that cites none is stored under a stable id taken from its absolute link
(`feed:<hash>`; the id when it has no link), so the same post reached through two URLs
of one feed, or through two sources, is one paper.

A blog's headline is never a paper's title: an entry citing a paper nobody stored gets
the paper's metadata from the arXiv API (`id_list`); while arXiv cannot be asked, or does
not list a recent id yet, the entry stays pending (not stored) and the next poll asks
again. An older id arXiv does not know (a typo) leaves the post standing on its own.
A paper's article stays with the first feed that brought it, so two feeds citing one
paper do not flip it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from bot.ids import feed_paper_id, find_arxiv_ids
from bot.model import FeedArticle, Link, Paper
from bot.sources.arxiv import fetch_arxiv_papers, pace_key
from bot.sources.base import (
    Harvest,
    Parsed,
    PollContext,
    papers_from_entries,
    state_validators,
    tidy,
)
from bot.sources.fetch import SourceError, Validators
from bot.sources.parsing import read_feed, struct_to_datetime
from bot.sources.text import plain_text

ABSTRACT_CHARS = 2000  # of a post's text kept as its abstract
MAX_LOOKUP = 100  # cited papers asked of arXiv in one request (a feed holds a few dozen)


def parse_feed_entries(
    data: bytes,
    headers: Mapping[str, str] | None = None,
    *,
    source: str,
    now: dt.datetime | None,
    url: str = "",
) -> Parsed:
    """An RSS/Atom feed -> one paper per entry, each carrying the entry as its article.

    `url` is where the feed was fetched from (after redirects): the base of relative links.
    """
    parsed, warning = read_feed(data, headers or {}, url)
    base = url or parsed.feed.get("link")
    reader = functools.partial(_entry_to_paper, base=str(base or ""))
    return papers_from_entries(parsed.entries, reader, source=source, now=now, warning=warning)


def identity(url_or_id: str) -> str:
    """What makes two sightings one post: an http(s) URL without its scheme and with its
    host in lower case (a feed reached over http and https), anything else as given."""
    text = url_or_id.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        query = f"?{parts.query}" if parts.query else ""
        return f"//{parts.netloc.lower()}{parts.path or '/'}{query}"
    return text


def _absolute(value: str, base: str) -> str:
    value = value.strip()
    if not value or not base or urlsplit(value).scheme:
        return value
    return urljoin(base, value)


def _entry_to_paper(
    entry: Mapping[str, Any], source: str, reasons: list[str], *, base: str
) -> Paper | None:
    link = _absolute(str(entry.get("link") or ""), base)
    entry_id = _absolute(str(entry.get("id") or ""), link or base) or link
    if not entry_id:
        reasons.append("no id or link")
        return None
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else ""
    summary = entry.get("summary") or ""
    # an untitled post (a micro-blog's) is named by its first words, else by its link
    title = plain_text(entry.get("title")) or _first_words(plain_text(summary)) or entry_id
    article = FeedArticle(
        feed=source,
        entry_id=entry_id,
        url=link,
        title=title,
        html=html or summary,
        author=plain_text(entry.get("author")) or None,
        tags=tuple(dict.fromkeys(t for t in _tags(entry) if t)),
        published=struct_to_datetime(entry.get("published_parsed") or _updated(entry)),
        updated=struct_to_datetime(_updated(entry)),
    )
    hrefs = " ".join(_absolute(str(item.get("href", "")), base) for item in entry.get("links", []))
    cited = find_arxiv_ids(hrefs) or find_arxiv_ids(f"{html}\n{summary}\n{title}")
    if cited:
        links: tuple[Link, ...] = (Link("abs", f"https://arxiv.org/abs/{cited[0]}"),)
        links += (Link("blog", link),) if link else ()
        # the title is the blog's headline until the paper's own is known (see harvest)
        return Paper(
            arxiv_id=cited[0],
            title=title,
            links=links,
            sources=frozenset({source}),
            article=article,
        )
    return own_article(article, source)


def _updated(entry: Mapping[str, Any]) -> Any:
    # Read past feedparser's mapping of a missing `updated_parsed` to `published_parsed`
    # (deprecated, and it warns): an RSS item without <atom:updated> has no update date.
    return dict.get(entry, "updated_parsed") if isinstance(entry, dict) else None


def _first_words(text: str, limit: int = 120) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "\u2026"


def _tags(entry: Mapping[str, Any]) -> list[str]:
    return [plain_text(str(t.get("term") or t.get("label") or "")) for t in entry.get("tags", [])]


def own_article(article: FeedArticle, source: str) -> Paper:
    """A post about no arXiv paper: a paper of its own, keyed by its absolute link; its
    text, as plain text, is the abstract (what search and topics read)."""
    return Paper(
        arxiv_id=feed_paper_id(identity(article.url or article.entry_id)),
        title=article.title,
        abstract=_first_words(plain_text(article.html), ABSTRACT_CHARS),
        published=article.published,
        links=(Link("blog", article.url),) if article.url else (),
        sources=frozenset({source}),
        article=article,
    )


async def harvest(ctx: PollContext) -> Harvest:
    """One conditional GET; cited papers nobody stored are asked of the arXiv API."""
    config = ctx.config
    validators = state_validators(ctx.state)
    fetched = await ctx.fetcher.get(config.effective_url, validators=validators)
    if fetched.not_modified:
        return Harvest(not_modified=True, validators=validators)
    parsed = await asyncio.to_thread(
        parse_feed_entries,
        fetched.content,
        fetched.headers,
        source=config.name,
        now=ctx.now,
        url=fetched.url,
    )
    stored = await _stored(ctx, parsed.papers)
    missing = [p.arxiv_id for p in parsed.papers if p.is_arxiv and p.arxiv_id not in stored]
    looked_up, problem = await _look_up(ctx, missing)
    papers: list[Paper] = []
    pending = unlisted = 0
    for paper in parsed.papers:
        if paper.is_arxiv and paper.arxiv_id not in stored:
            if problem is not None:
                pending += 1
                continue
            found = looked_up.get(paper.arxiv_id)
            if found is None and recent_id(paper.arxiv_id, ctx.now):
                unlisted += 1  # cited before arXiv lists it: ask again next poll
                continue
            if found is None:  # arXiv has no such paper: the post stands on its own
                assert paper.article is not None
                papers.append(own_article(paper.article, config.name))
                continue
            paper = replace(found, links=(*found.links, *paper.links[1:]), article=paper.article)
            paper = replace(paper, sources=frozenset({config.name}))
        elif not paper.is_arxiv and paper.arxiv_id not in stored and paper.article is not None:
            legacy = legacy_id(paper.article)
            if legacy in stored:  # stored before ids came from links: keep its id
                paper = replace(paper, arxiv_id=legacy)
        papers.append(_settle(paper, stored.get(paper.arxiv_id), config.name))
    kept, notes = tidy(papers, ctx.now)
    warnings = [*parsed.warnings, *notes]
    if problem is not None and pending:
        warnings.append(
            f"{pending} entr{'y' if pending == 1 else 'ies'} cite papers arXiv could not be "
            f"asked about ({problem}): kept for the next poll"
        )
    if unlisted:
        warnings.append(
            f"{unlisted} entr{'y' if unlisted == 1 else 'ies'} cite papers arXiv does not "
            "list yet: kept for the next poll"
        )
    pending += unlisted
    return Harvest(
        papers=tuple(kept),
        skipped=parsed.skipped,
        warnings=tuple(warnings),
        # with entries pending, forget the validators: the next poll reads the feed again
        validators=Validators() if pending else fetched.validators,
    )


def recent_id(arxiv_id: str, now: dt.datetime) -> bool:
    """Whether a new-style id is from this month or the last: a blog may cite a paper a
    day or two before arXiv announces it, so the API not knowing it yet means "wait"."""
    yymm = arxiv_id.split(".", 1)[0]
    if not (yymm.isdigit() and len(yymm) == 4):
        return False  # old-style ids are from before 2007
    last_month = now.replace(day=1) - dt.timedelta(days=1)
    return int(yymm) >= last_month.year % 100 * 100 + last_month.month


def legacy_id(article: FeedArticle) -> str:
    """The id a post about no paper had before ids came from absolute links (a hash of
    the entry's id as written), so posts stored then are not stored twice."""
    return feed_paper_id(article.entry_id)


async def _stored(ctx: PollContext, papers: Sequence[Paper]) -> dict[str, Paper]:
    """The stored papers these entries are about, also under their legacy ids."""
    ids = [p.arxiv_id for p in papers]
    ids += [legacy_id(p.article) for p in papers if not p.is_arxiv and p.article is not None]
    return {p.arxiv_id: p for p in await ctx.store.get_papers(ids)} if ids else {}


async def _look_up(ctx: PollContext, ids: Sequence[str]) -> tuple[dict[str, Paper], str | None]:
    """The papers arXiv knows among `ids`, or the reason it could not be asked."""
    wanted = list(dict.fromkeys(ids))[:MAX_LOOKUP]
    if not wanted:
        return {}, None
    try:
        async with ctx.pacer.slot(pace_key(ctx.arxiv_api), ctx.config.delay):
            papers = await fetch_arxiv_papers(
                ctx.fetcher, ctx.arxiv_api, wanted, source=ctx.config.name, now=ctx.now
            )
    except SourceError as exc:
        return {}, str(exc)
    return {p.arxiv_id: p for p in papers}, None


def _settle(paper: Paper, stored: Paper | None, source: str) -> Paper:
    """Keep what is stored where a feed must not overwrite it: the paper's own title,
    and an article another feed brought first (with that feed's blog link)."""
    if stored is None:
        return paper
    if paper.is_arxiv:
        paper = replace(paper, title=stored.title)
    owner = stored.article.feed if stored.article is not None else source
    if owner != source:
        blog = paper.article.url if paper.article else ""
        links = tuple(link for link in paper.links if not (link.rel == "blog" and link.url == blog))
        paper = replace(paper, article=None, links=links)
    return paper
