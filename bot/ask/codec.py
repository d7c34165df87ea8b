"""An `Answer` as plain JSON data and back (what the answer cache stores)."""

from __future__ import annotations

from typing import Any

from bot.ask.model import Answer, AnswerProducer, Citation, Match
from bot.model import Basis

FORMAT = 1


def to_data(answer: Answer) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "arxiv_id": answer.arxiv_id,
        "version": answer.version,
        "title": answer.title,
        "question": answer.question,
        "lead": answer.lead,
        "text": answer.text,
        "citations": [[c.number, c.section, c.anchor, c.text, c.url] for c in answer.citations],
        "basis": answer.basis.value,
        "producer": answer.producer.value,
        "match": answer.match.value,
        "note": answer.note,
    }


def from_data(data: dict[str, Any]) -> Answer | None:
    """The answer, or None when it was stored in another format (it is made again)."""
    if data.get("format") != FORMAT:
        return None
    return Answer(
        arxiv_id=data["arxiv_id"],
        version=data["version"],
        title=data["title"],
        question=data["question"],
        lead=data["lead"],
        text=data["text"],
        citations=tuple(Citation(int(n), s, a, t, u) for n, s, a, t, u in data["citations"]),
        basis=Basis(data["basis"]),
        producer=AnswerProducer(data["producer"]),
        match=Match(data["match"]),
        note=data.get("note", ""),
    )


__all__ = ["from_data", "to_data"]
