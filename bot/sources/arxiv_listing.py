"""arXiv's daily announcement feeds (`rss.arxiv.org/rss/cs.LG+cs.CL`).

Items differ from API entries: the id is an `oai:arXiv.org:<id>vN` guid, the DOI and
journal reference are `arxiv:DOI` and `arxiv:journal_reference`, there is no primary
category, authors are one `dc:creator` string, and the description starts with
`arXiv:<id>vN Announce Type: <type>` before `Abstract:`. Announce types are `new`,
`cross`, `replace` and `replace-cross`: a replacement updates a stored paper and is never
a new paper (a replacement of a paper we do not hold is skipped).

Announcements go out Sunday to Thursday at 20:00 US Eastern; none on Friday and Saturday
nights (nor on holidays, which the feed simply shows as no change).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from bot.model import Link, Paper
from bot.sources.base import (
    Harvest,
    Parsed,
    PollContext,
    arxiv_entry_head,
    papers_from_entries,
    state_validators,
)
from bot.sources.parsing import read_feed, squash, struct_to_datetime

EASTERN = ZoneInfo("America/New_York")
ANNOUNCE_HOUR = 20
ANNOUNCE_DAYS = frozenset({6, 0, 1, 2, 3})  # Sunday..Thursday (Monday is 0)
SETTLE = dt.timedelta(hours=6)  # poll at `interval` for this long after an announcement
REPLACEMENTS = frozenset({"replace", "replace-cross"})

_ANNOUNCE = re.compile(r"Announce Type:\s*([A-Za-z-]+)", re.IGNORECASE)
_ABSTRACT = re.compile(r"^.*?Abstract:\s*", re.DOTALL | re.IGNORECASE)
_OAI = re.compile(r"^oai:arXiv\.org:", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def listing_url(base: str, categories: tuple[str, ...]) -> str:
    return f"{base.rstrip('/')}/{'+'.join(categories)}"


def parse_listing(
    data: bytes,
    headers: Mapping[str, str] | None = None,
    *,
    source: str,
    now: dt.datetime | None,
    url: str = "",
) -> Parsed:
    """A listing RSS feed -> papers carrying their `announce_type`. Pure and blocking."""
    parsed, warning = read_feed(data, headers or {}, url)
    return papers_from_entries(
        parsed.entries, listing_item_to_paper, source=source, now=now, warning=warning
    )


def listing_item_to_paper(
    entry: Mapping[str, Any], source: str, reasons: list[str]
) -> Paper | None:
    raw_id = _OAI.sub("", entry.get("id") or "") or entry.get("link") or ""
    head = arxiv_entry_head(raw_id, entry, reasons)
    if head is None:
        return None
    arxiv_id, version, title = head
    description = entry.get("summary") or ""
    announce = entry.get("arxiv_announce_type") or _match(_ANNOUNCE, description)
    creators = entry.get("author") or ""
    doi = squash(entry.get("arxiv_doi")) or None
    links = [Link("abs", f"https://arxiv.org/abs/{arxiv_id}")]
    if doi:
        links.append(Link("doi", f"https://doi.org/{doi}"))
    return Paper(
        arxiv_id=arxiv_id,
        version=version,
        title=title,
        abstract=squash(_ABSTRACT.sub("", description, count=1)),
        authors=tuple(a for a in (squash(x) for x in _AUTHOR_SPLIT.split(creators)) if a),
        categories=tuple(dict.fromkeys(t["term"] for t in entry.get("tags", []) if t.get("term"))),
        published=struct_to_datetime(entry.get("published_parsed")),
        journal_ref=squash(entry.get("arxiv_journal_reference")) or None,
        doi=doi,
        links=tuple(links),
        announce_type=announce.strip().lower() if announce else None,
        sources=frozenset({source}),
    )


def _match(pattern: re.Pattern[str], text: str) -> str | None:
    found = pattern.search(text)
    return found.group(1) if found else None


def next_announcement(now: dt.datetime) -> dt.datetime:
    """The next announcement at or after `now` (20:00 US Eastern, Sunday to Thursday)."""
    local = now.astimezone(EASTERN)
    day = local.date()
    for offset in range(8):
        candidate_day = day + dt.timedelta(days=offset)
        if candidate_day.weekday() not in ANNOUNCE_DAYS:
            continue
        moment = dt.datetime.combine(candidate_day, dt.time(ANNOUNCE_HOUR), EASTERN)
        if moment >= local:
            return moment.astimezone(dt.UTC)
    raise AssertionError("unreachable: an announcement happens every week")


def previous_announcement(now: dt.datetime) -> dt.datetime:
    local = now.astimezone(EASTERN)
    for offset in range(8):
        candidate_day = local.date() - dt.timedelta(days=offset)
        if candidate_day.weekday() not in ANNOUNCE_DAYS:
            continue
        moment = dt.datetime.combine(candidate_day, dt.time(ANNOUNCE_HOUR), EASTERN)
        if moment <= local:
            return moment.astimezone(dt.UTC)
    raise AssertionError("unreachable: an announcement happens every week")


def listing_next_poll(now: dt.datetime, interval: dt.timedelta) -> dt.datetime:
    """Poll every `interval` while an announcement settles, then wait for the next one."""
    regular = now + interval - min(interval / 10, dt.timedelta(minutes=5))  # see poller
    if now - previous_announcement(now) < SETTLE:
        return regular
    return max(regular, next_announcement(now) + dt.timedelta(minutes=5))


async def harvest(ctx: PollContext) -> Harvest:
    """One conditional GET of the listing; replacements only update papers we hold."""
    config = ctx.config
    url = listing_url(config.effective_url, config.categories)
    validators = state_validators(ctx.state)
    fetched = await ctx.fetcher.get(url, validators=validators)
    next_poll = listing_next_poll(ctx.now, config.interval)
    if fetched.not_modified:
        return Harvest(not_modified=True, validators=validators, next_poll=next_poll)
    parsed = await asyncio.to_thread(
        parse_listing,
        fetched.content,
        fetched.headers,
        source=config.name,
        now=ctx.now,
        url=fetched.url,
    )
    replaced = [p.arxiv_id for p in parsed.papers if p.announce_type in REPLACEMENTS]
    held = await ctx.store.known_ids(replaced) if replaced else set()
    papers = tuple(
        p for p in parsed.papers if p.announce_type not in REPLACEMENTS or p.arxiv_id in held
    )
    dropped = len(parsed.papers) - len(papers)
    warnings = parsed.warnings
    if dropped:
        warnings += (f"skipped {dropped} replacement(s) of papers not stored",)
    return Harvest(
        papers=papers,
        skipped=parsed.skipped + dropped,
        warnings=warnings,
        validators=fetched.validators,
        next_poll=next_poll,
    )
