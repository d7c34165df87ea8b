"""`FetchAhead`: a review service that fetches a paper's full text just before its review.

Wrap the reviewer handed to the daily poster with it, and each candidate's full text is
fetched (once per version, when due, paced) ahead of its post: a paper with a full text is
reviewed from it, any other from its abstract, and a failed fetch never holds a post up
for more than its request timeout.
"""

from __future__ import annotations

from bot.fulltext.service import FullTexts
from bot.model import Paper, Review
from bot.ports import ReviewService


class FetchAhead:
    def __init__(self, reviewer: ReviewService, fulltexts: FullTexts) -> None:
        self._reviewer = reviewer
        self._fulltexts = fulltexts

    async def review(
        self, paper: Paper, *, producer: str | None = None, number: int | None = None
    ) -> Review:
        await self._fulltexts.get(paper)  # stored, or fetched now when due; never raises
        return await self._reviewer.review(paper, producer=producer, number=number)


def _conforms(ahead: FetchAhead) -> ReviewService:
    """Never called: makes mypy check that FetchAhead is a ReviewService."""
    return ahead


__all__ = ["FetchAhead"]
