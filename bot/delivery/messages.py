"""The neutral messages the delivery side writes itself: the digest header of a daily
post, the empty-day note, a user's topic digest and the source-health alerts.
(Reviews are rendered by bot.review; adapters render everything for their platform.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.model import Button, Buttons, Fields, Header, OutboundMessage, Paper, Review, Span, Text
from bot.presentation.labels import Action

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
    blocks: list[Header | Text | Fields | Buttons] = [Header(title)]
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
        if paper.is_arxiv:  # a vote in a DM teaches this reader's ranking (bot.ranking)
            blocks.append(Buttons(tuple(_vote(a, paper.arxiv_id) for a in DM_VOTES)))
    _follow(blocks, lines, [m.paper for m in shown if m.paper.is_arxiv])
    if more > 0:
        topic = matches[USER_DIGEST_MAX].topic
        command = f"/paper search {topic}"
        blocks.append(Text((Span(f"and {more} more: try "), Span(command, code=True))))
        lines.append(f"and {more} more: try {command}")
    return OutboundMessage(blocks=tuple(blocks), fallback="\n".join(lines))


DM_VOTES = (Action.LIKE, Action.DISLIKE)


def _vote(action: Action, paper_id: str) -> Button:
    """A vote button under one paper of a DM; its label names the paper, as Discord shows
    a message's buttons together below it."""
    thumb = "👍" if action is Action.LIKE else "👎"
    return Button(f"{thumb} {paper_id}", action=action.value, value=paper_id)


def _follow(
    blocks: list[Header | Text | Fields | Buttons], lines: list[str], papers: Sequence[Paper]
) -> None:
    """A DM of one paper offers the Follow action (a DM when it has a new version); a
    DM of several says how to follow one."""
    if len(papers) == 1:
        paper_id = papers[0].arxiv_id
        follow = Action.FOLLOW
        blocks.append(Buttons((Button(follow.label, action=follow.value, value=paper_id),)))
        lines.append(f"{follow.label}: /paper follow {paper_id}")
    elif papers:
        command = f"/paper follow {papers[0].arxiv_id}"
        blocks.append(Text((Span("New versions of one of them by DM: "), Span(command, code=True))))
        lines.append(f"New versions of one of them by DM: {command}")


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
