"""The feedback role of the store (`storage.feedback.FeedbackOps` implements it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from bot.feedback.model import Forgotten, Mute, Vote, VoteCounts, VoteRecord
from bot.model import Owner


@runtime_checkable
class FeedbackStore(Protocol):
    """Votes (one per reader, channel and paper), saved papers and mutes of readers."""

    async def set_vote(
        self, owner: Owner, channel: str, paper_id: str, vote: Vote, now: dt.datetime
    ) -> Vote | None:
        """Record `vote`, replacing the reader's earlier vote on the paper in that channel;
        returns the earlier vote (None when there was none)."""
        ...

    async def remove_vote(self, owner: Owner, channel: str, paper_id: str, vote: Vote) -> bool:
        """Delete the reader's vote on the paper in that channel when it is `vote` (a
        removed 👍 leaves a later 👎 alone); False when there was no such vote."""
        ...

    async def vote_counts(self, channel: str, paper_id: str) -> VoteCounts: ...

    async def post_paper(self, message_id: str) -> str | None:
        """The paper of the post with this platform message id (a reaction names only the
        message), None when no post has it (never a post, or its record was deleted)."""
        ...

    async def post_payload(self, message_id: str) -> dict[str, Any] | None:
        """The stored message of that post (`bot.model.message_to_dict`), to show it
        again with its votes; None when no post has this message id."""
        ...

    async def reader_votes(self, owner: Owner) -> list[VoteRecord]:
        """Every vote of one reader, in every channel, oldest first."""
        ...

    async def channel_votes(self, channel: str) -> list[VoteRecord]:
        """Every vote cast in one channel, by any reader, oldest first."""
        ...

    async def target_votes(self, platforms: Sequence[str], target: str) -> list[VoteRecord]:
        """Every vote cast in channel `target` of one of `platforms`, in any workspace,
        oldest first (a configured channel knows its platform and id, not its workspace)."""
        ...

    async def reset_votes(self, owner: Owner) -> int:
        """Delete the reader's votes; returns how many."""
        ...

    async def save_paper(self, owner: Owner, paper_id: str, now: dt.datetime) -> bool:
        """False when the reader had saved it already."""
        ...

    async def saved_papers(self, owner: Owner) -> list[str]:
        """The reader's saved paper ids, oldest first."""
        ...

    async def add_mute(self, owner: Owner, mute: Mute, now: dt.datetime) -> bool:
        """False when the reader had this rule already."""
        ...

    async def mutes(self, owner: Owner) -> list[Mute]: ...

    async def remove_mutes(self, owner: Owner, rules: Sequence[Mute] | None = None) -> int:
        """Delete these rules (every rule when None); returns how many were deleted."""
        ...

    async def forget_reader(self, owner: Owner) -> Forgotten:
        """Delete everything stored about the reader, in one transaction: subscriptions,
        votes, saved papers, mutes, DMs sent and papers marked seen, questions asked."""
        ...


__all__ = ["FeedbackStore"]
