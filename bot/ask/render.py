"""An answer for the terminal (plain text) and for `--json`; chat messages are built by
bot/commands/ask.py from the same `Answer`."""

from __future__ import annotations

from typing import Any

from bot.ask.model import Answer


def answer_json(answer: Answer) -> dict[str, Any]:
    """`{"answer", "citations": [{"section", "anchor", "text"}], "basis", "producer"}`, plus
    the lead, the link of each citation and how well the passages match."""
    return {
        "answer": answer.text or answer.lead,
        "citations": [
            {"section": c.section, "anchor": c.anchor, "text": c.text, "url": c.url}
            for c in answer.citations
        ],
        "basis": answer.basis.value,
        "producer": answer.producer.value,
        "lead": answer.lead,
        "match": answer.match.value,
        "paper": answer.arxiv_id,
        "version": answer.version,
        "cached": answer.cached,
    }


def answer_text(answer: Answer) -> str:
    """The answer as the terminal shows it: lead, the written answer, the quoted passages."""
    lines = [f"{answer.title} ({answer.arxiv_id})", f"Q: {answer.question}", "", answer.lead]
    if answer.text:
        lines += ["", answer.text]
    for c in answer.citations:
        lines += ["", f"[{c.number}] {c.section} <{c.url}>", f"    {c.text}"]
    if answer.note:
        lines += ["", answer.note]
    return "\n".join(lines)


__all__ = ["answer_json", "answer_text"]
