"""The neutral messages the delivery side writes itself: the digest header of a daily
post, the empty-day note, a user's topic digest and the source-health alerts.
(Reviews are rendered by bot.review; adapters render everything for their platform.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.model import Fields, Header, OutboundMessage, Paper, Review, Span, Text

USER_DIGEST_MAX = 10


def _day(day: dt.date) -> str:
    return day.strftime("%d.%m.%y")


def daily_digest(series: str, day: dt.date, reviews: Sequence[Review]) -> OutboundMessage:
    """The parent message of a digest-mode daily post; each review goes in its thread."""
    title = f"{series}: {len(reviews)} paper{'s' if len(reviews) != 1 else ''}, {_day(day)}"
    lines = []
    for review in reviews:
        number = f"No. {review.number} " if review.number is not None else ""
        lines.append(Text((Span(f"{number}"), Span(review.title, bold=True, url=review.link))))
    fallback = "\n".join(
        [title]
        + [
            (f"No. {r.number} " if r.number is not None else "") + f"{r.title} <{r.link}>"
            for r in reviews
        ]
        + ["(reviews in the thread)"]
    )
    return OutboundMessage(
        blocks=(Header(title), *lines, Text.plain("Reviews in the thread.")),
        fallback=fallback,
    )


@dataclass(frozen=True)
class Match:
    """A paper for a user, with the topic that matched it."""

    paper: Paper
    topic: str
    why: str | None = None  # "matches your topic `x` · close to ID you liked" (bot.ranking)


def user_digest(matches: Sequence[Match], *, daily: bool) -> OutboundMessage:
    """One direct message: at most ten papers, then "and N more" with a search hint."""
    shown = matches[:USER_DIGEST_MAX]
    more = len(matches) - len(shown)
    title = "Your daily papers" if daily else "New papers on your topics"
    blocks: list[Header | Text | Fields] = [Header(title)]
    lines = [title]
    for match in shown:
        paper = match.paper
        blocks.append(
            Text(
                (
                    Span(paper.title, bold=True, url=paper.abs_url),
                    Span(f"  ({match.why or match.topic})", italic=True),
                )
            )
        )
        lines.append(f"- {paper.title} <{paper.abs_url}> ({match.why or match.topic})")
    if more > 0:
        topic = matches[USER_DIGEST_MAX].topic
        command = f"/paper search {topic}"
        blocks.append(Text((Span(f"and {more} more: try "), Span(command, code=True))))
        lines.append(f"and {more} more: try {command}")
    return OutboundMessage(blocks=tuple(blocks), fallback="\n".join(lines))


def source_down(source: str, error: str | None, failures: int) -> OutboundMessage:
    text = (
        f"Source {source!r} has failed {failures} polls in a row: {error or 'unknown error'}. "
        "Papers from it are delayed until it recovers."
    )
    return OutboundMessage(
        blocks=(Header(f"Source {source} is failing"), Text.plain(text)), fallback=text
    )


def source_recovered(source: str) -> OutboundMessage:
    text = f"Source {source!r} has recovered: polling works again."
    return OutboundMessage(
        blocks=(Header(f"Source {source} recovered"), Text.plain(text)), fallback=text
    )
