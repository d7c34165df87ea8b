"""A passage as quoted under an answer: cut near its best sentences, linked to its anchor."""

from __future__ import annotations

from bot.ask.model import Citation, Passage
from bot.review.sentences import split_sentences
from bot.textindex import Analyzer

QUOTE_CHARS = 600


def anchor_url(arxiv_id: str, version: int | None, anchor: str) -> str:
    """`https://arxiv.org/html/ID#S4.SS2.p1`; the abstract page for the abstract."""
    if not anchor:
        return f"https://arxiv.org/abs/{arxiv_id}"
    suffix = f"v{version}" if version else ""
    return f"https://arxiv.org/html/{arxiv_id}{suffix}#{anchor}"


def quote(
    passage: Passage, terms: tuple[str, ...], analyzer: Analyzer, budget: int = QUOTE_CHARS
) -> str:
    """The passage, or (when longer than `budget`) the run of its sentences that starts at
    the one holding most of the question's terms, with "…" where text was left out."""
    text = " ".join(passage.text.split())
    if len(text) <= budget:
        return text
    sentences = split_sentences(text)
    wanted = set(terms)
    hits = [len(wanted & set(analyzer.terms(s))) for s in sentences]
    start = max(range(len(sentences)), key=lambda i: (hits[i], -i)) if sentences else 0
    picked: list[str] = []
    used = 0
    for sentence in sentences[start:]:
        if picked and used + len(sentence) + 1 > budget:
            break
        picked.append(sentence)
        used += len(sentence) + 1
    body = " ".join(picked)
    if len(body) > budget:
        body = body[: budget - 1].rsplit(" ", 1)[0]
        cut_end = True
    else:
        cut_end = start + len(picked) < len(sentences)
    return ("… " if start > 0 else "") + body + (" …" if cut_end else "")


def citation(
    number: int,
    passage: Passage,
    arxiv_id: str,
    version: int | None,
    terms: tuple[str, ...],
    analyzer: Analyzer,
) -> Citation:
    return Citation(
        number=number,
        section=passage.section,
        anchor=passage.anchor,
        text=quote(passage, terms, analyzer),
        url=anchor_url(arxiv_id, version, passage.anchor),
    )


__all__ = ["QUOTE_CHARS", "anchor_url", "citation", "quote"]
