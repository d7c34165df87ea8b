"""`FullText` <-> compact JSON-ready lists (the store compresses the JSON)."""

from __future__ import annotations

from typing import Any

from bot.fulltext.document import Caption, CaptionKind, FullText, Origin, Paragraph, Section

FORMAT = 1  # bump when the shape changes; older rows are then fetched again


def to_data(document: FullText) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "arxiv_id": document.arxiv_id,
        "version": document.version,
        "origin": document.origin.value,
        "title": document.title,
        "abstract": document.abstract,
        "sections": [
            [
                s.anchor,
                s.number,
                s.title,
                s.level,
                [[p.anchor, p.text] for p in s.paragraphs],
                [[c.anchor, c.kind.value, c.text, [list(r) for r in c.cells]] for c in s.captions],
            ]
            for s in document.sections
        ],
    }


def from_data(data: dict[str, Any]) -> FullText | None:
    """The document, or None when it was written in another format."""
    if data.get("format") != FORMAT:
        return None
    return FullText(
        arxiv_id=data["arxiv_id"],
        version=data["version"],
        origin=Origin(data["origin"]),
        title=data["title"],
        abstract=data["abstract"],
        sections=tuple(
            Section(
                anchor,
                number,
                title,
                level,
                tuple(Paragraph(a, t) for a, t in paragraphs),
                tuple(
                    Caption(a, CaptionKind(kind), text, tuple(tuple(r) for r in cells))
                    for a, kind, text, cells in captions
                ),
            )
            for anchor, number, title, level, paragraphs, captions in data["sections"]
        ),
    )


__all__ = ["FORMAT", "from_data", "to_data"]
