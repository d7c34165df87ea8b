"""Papers as every source hands them to the store: `Paper`, its `Link`s, a `FeedArticle`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    """A labelled URL: `abs`, `pdf`, `html`, `doi`, `blog`, `github`, `hf`, ..."""

    rel: str
    url: str


@dataclass(frozen=True)
class FeedArticle:
    """A feed entry (for example a blog's review of a paper), kept with its HTML."""

    feed: str  # the source name that delivered it
    entry_id: str  # the entry's own stable id (guid / atom id / link)
    url: str
    title: str
    html: str = ""
    author: str | None = None
    tags: tuple[str, ...] = ()
    published: dt.datetime | None = None
    updated: dt.datetime | None = None


@dataclass(frozen=True)
class Paper:
    """One paper, keyed by its canonical arXiv id without version.

    `arxiv_id` is e.g. `2403.17887` or `hep-th/9901001`. A feed entry about no arXiv
    paper is stored under its own stable id, `feed:<hash>` (see `is_arxiv`).
    Fields a source does not know are left at their empty default; the store merges
    what several sources saw (see storage).
    """

    arxiv_id: str
    title: str
    abstract: str = ""
    version: int | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    primary_category: str | None = None
    published: dt.datetime | None = None
    updated: dt.datetime | None = None
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    links: tuple[Link, ...] = ()
    upvotes: int | None = None
    num_comments: int | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    github_repo: str | None = None
    announce_type: str | None = None  # new, cross, replace, replace-cross (arXiv listing)
    sources: frozenset[str] = frozenset()  # names of the sources that saw it
    article: FeedArticle | None = None
    first_seen: dt.datetime | None = None  # set by the store on first insert

    @property
    def is_arxiv(self) -> bool:
        return not self.arxiv_id.startswith("feed:")

    @property
    def abs_url(self) -> str:
        if not self.is_arxiv:
            return self.article.url if self.article else self.link("abs") or ""
        return f"https://arxiv.org/abs/{self.arxiv_id}"

    @property
    def pdf_url(self) -> str | None:
        if not self.is_arxiv:
            return self.link("pdf")
        return f"https://arxiv.org/pdf/{self.arxiv_id}"

    def link(self, rel: str) -> str | None:
        for item in self.links:
            if item.rel == rel:
                return item.url
        return None


__all__ = ["FeedArticle", "Link", "Paper"]
