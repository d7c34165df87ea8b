"""Sample data for the offline demo, in the sources' own public formats.

- `arxiv_api.xml`: an arXiv API Atom response (12 cs.LG / cs.CL papers),
- `hf_daily.json`: a Hugging Face daily_papers answer (8 papers, 6 also in the arXiv one),
- `blog_feed.xml`: a Jekyll (jekyll-feed) Atom feed of a paper-review blog, 3 reviews
  citing arXiv papers in different ways and one post about no paper.

The titles are those of real papers; the abstracts, summaries and reviews were written for
this project. `load_samples` ingests them through the same parsers the live sources use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from importlib import resources

from bot.config import SourceConfig
from bot.model import Paper
from bot.sources.arxiv import parse_api_response
from bot.sources.feed import parse_feed_entries
from bot.sources.hf_daily import parse_daily_papers
from storage.base import PaperStore, UpsertResult

ARXIV_FILE = "arxiv_api.xml"
HF_FILE = "hf_daily.json"
BLOG_FILE = "blog_feed.xml"

# The source names sample papers are recorded under (`[[sources]]` names in the demo config).
ARXIV_SOURCE = "arxiv-sample"
HF_SOURCE = "hf-sample"
BLOG_SOURCE = "blog-sample"


BLOG_URL = "https://reviews.example.org/feed.xml"  # the sample blog's (fictional) address


def sample_source_configs() -> tuple[SourceConfig, ...]:
    """`[[sources]]` entries matching the sample papers' source names (for a demo config)."""
    return (
        SourceConfig(name=ARXIV_SOURCE, kind="arxiv", query="cat:cs.LG OR cat:cs.CL"),
        SourceConfig(name=HF_SOURCE, kind="hf_daily"),
        SourceConfig(name=BLOG_SOURCE, kind="feed", url=BLOG_URL),
    )


def sample_bytes(name: str) -> bytes:
    """The raw bytes of one sample file shipped in this package."""
    return resources.files(__package__).joinpath(name).read_bytes()


@dataclass(frozen=True)
class SampleLoad:
    papers: int  # distinct papers stored
    result: UpsertResult  # of the last upsert (the blog feed)


def sample_papers(now: dt.datetime | None = None) -> dict[str, list[Paper]]:
    """Parse every sample file; source name -> papers (not yet merged)."""
    return {
        ARXIV_SOURCE: list(
            parse_api_response(sample_bytes(ARXIV_FILE), source=ARXIV_SOURCE, now=now).papers
        ),
        HF_SOURCE: list(
            parse_daily_papers(sample_bytes(HF_FILE), source=HF_SOURCE, now=now).papers
        ),
        BLOG_SOURCE: list(
            parse_feed_entries(sample_bytes(BLOG_FILE), source=BLOG_SOURCE, now=now).papers
        ),
    }


async def load_samples(store: PaperStore, now: dt.datetime) -> SampleLoad:
    """Store the sample papers as the three sources would: arXiv, then HF, then the blog.

    A blog entry about a stored paper keeps the paper's title, as the live feed source does.
    """
    by_source = sample_papers(now)
    result = await store.upsert_papers(by_source[ARXIV_SOURCE], now)
    result = await store.upsert_papers(by_source[HF_SOURCE], now)
    blog = by_source[BLOG_SOURCE]
    stored = {
        p.arxiv_id: p for p in await store.get_papers([p.arxiv_id for p in blog if p.is_arxiv])
    }
    blog = [replace(p, title=stored[p.arxiv_id].title) if p.arxiv_id in stored else p for p in blog]
    result = await store.upsert_papers(blog, now)
    return SampleLoad(papers=await store.count_papers(), result=result)


__all__ = [
    "ARXIV_FILE",
    "ARXIV_SOURCE",
    "BLOG_FILE",
    "BLOG_SOURCE",
    "BLOG_URL",
    "HF_FILE",
    "HF_SOURCE",
    "SampleLoad",
    "load_samples",
    "sample_bytes",
    "sample_papers",
    "sample_source_configs",
]
