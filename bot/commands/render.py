"""Neutral messages for lists of papers (search results, today's papers, examples)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.model import Block, Button, Buttons, Header, OutboundMessage, Paper, Span, Text
from bot.versions import is_withdrawn
from storage.base import SearchHit

SNIPPET_CHARS = 240
WITHDRAWN = "WITHDRAWN · "  # a search result its authors withdrew (bot/versions.py)


def paper_date(paper: Paper) -> str:
    when = paper.published or paper.first_seen
    return when.date().isoformat() if when is not None else "undated"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _snippet_spans(hit: SearchHit) -> tuple[Span, ...]:
    runs = hit.snippet or ((hit.paper.abstract, False),)
    spans: list[Span] = []
    used = 0
    for text, highlighted in runs:
        text = _one_line(text) if not highlighted else text.strip()
        if not text:
            continue
        room = SNIPPET_CHARS - used
        if room <= 0:
            break
        if len(text) > room:
            text = text[: room - 1].rstrip() + "…"
        spans.append(Span(text, bold=highlighted))
        used += len(text)
    # keep one space between runs: snippets come as runs cut at word boundaries
    joined: list[Span] = []
    for span in spans:
        if (
            joined
            and not joined[-1].text.endswith(" ")
            and not span.text.startswith((" ", ",", ".", ";", ":"))
        ):
            joined.append(Span(" "))
        joined.append(span)
    return tuple(joined)


def _meta(paper: Paper) -> str:
    """'2026-12-01 · cs.LG · ', marked 'withdrawn · ' first when its authors withdrew it."""
    flag = WITHDRAWN if is_withdrawn(paper) else ""
    return f"{flag}{paper_date(paper)} · {', '.join(paper.categories) or 'no category'} · "


def paper_blocks(number: int, paper: Paper, snippet: tuple[Span, ...] = ()) -> list[Block]:
    url = paper.abs_url
    meta = _meta(paper)
    blocks: list[Block] = [
        Text((Span(f"{number}. "), Span(_one_line(paper.title), bold=True, url=url or None))),
        Text((Span(meta), Span(url, url=url or None))),
    ]
    if snippet:
        blocks.append(Text(snippet))
    return blocks


def paper_fallback(number: int, paper: Paper, snippet: str = "") -> str:
    lines = [
        f"{number}. {_one_line(paper.title)}",
        f"   {_meta(paper)}{paper.abs_url}",
    ]
    if snippet:
        lines.append(f"   {snippet}")
    return "\n".join(lines)


def hits_message(
    heading: str, hits: Sequence[SearchHit], *, first_number: int = 1, more: Button | None = None
) -> OutboundMessage:
    blocks: list[Block] = [Header(heading)]
    fallback = [heading]
    for index, hit in enumerate(hits, first_number):
        snippet = _snippet_spans(hit)
        blocks.extend(paper_blocks(index, hit.paper, snippet))
        fallback.append(paper_fallback(index, hit.paper, "".join(s.text for s in snippet)))
    if more is not None:
        blocks.append(Buttons((more,)))
        fallback.append(f"More: /paper {more.action} {more.value}")
    return OutboundMessage(blocks=tuple(blocks), fallback="\n".join(fallback))


def papers_message(heading: str, papers: Sequence[Paper], note: str = "") -> OutboundMessage:
    blocks: list[Block] = [Header(heading)]
    fallback = [heading]
    if note:
        blocks.append(Text.plain(note))
        fallback.append(note)
    for index, paper in enumerate(papers, 1):
        blocks.extend(paper_blocks(index, paper))
        fallback.append(paper_fallback(index, paper))
    return OutboundMessage(blocks=tuple(blocks), fallback="\n".join(fallback))


__all__ = ["hits_message", "paper_blocks", "paper_date", "paper_fallback", "papers_message"]
