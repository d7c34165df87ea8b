"""Sources: arXiv API, arXiv listings, Hugging Face Daily Papers and RSS/Atom feeds.

One module per source kind (`arxiv`, `arxiv_listing`, `hf_daily`, `feed`), each with a
pure parser (bytes -> papers) and a `harvest` that fetches through the shared `Fetcher`;
`poller.Poller` runs them into a store and `backfill` pages back through the arXiv API.
"""

from __future__ import annotations

from bot.sources.arxiv import ArxivApiError, fetch_arxiv_paper, parse_api_response
from bot.sources.arxiv_listing import next_announcement, parse_listing
from bot.sources.backfill import BackfillError, BackfillProgress, BackfillReport, backfill
from bot.sources.base import DEFAULT_API_URL
from bot.sources.feed import parse_feed_entries
from bot.sources.fetch import FetchError, FetchLimits, ParseError, SourceError, make_http_client
from bot.sources.hf_daily import parse_daily_papers
from bot.sources.poller import Poller, PollReport, UnknownSource

__all__ = [
    "DEFAULT_API_URL",
    "ArxivApiError",
    "BackfillError",
    "BackfillProgress",
    "BackfillReport",
    "FetchError",
    "FetchLimits",
    "ParseError",
    "PollReport",
    "Poller",
    "SourceError",
    "UnknownSource",
    "backfill",
    "fetch_arxiv_paper",
    "make_http_client",
    "next_announcement",
    "parse_api_response",
    "parse_daily_papers",
    "parse_feed_entries",
    "parse_listing",
]
