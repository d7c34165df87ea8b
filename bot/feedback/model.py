"""The records of reader feedback, as they cross the storage boundary (frozen, plain)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from bot.model import Owner

KEY_CHARS = 255  # the width of the reader and channel columns


class Vote(IntEnum):
    """A reader's opinion of a paper. The value is its sign in the learned affinity."""

    LIKE = 1
    DISLIKE = -1

    @property
    def word(self) -> str:
        return "like" if self is Vote.LIKE else "dislike"


class MuteKind(StrEnum):
    """What a `/paper mute` rule hides: an author, an arXiv category or a word."""

    AUTHOR = "author"
    CATEGORY = "cat"
    WORD = "word"


@dataclass(frozen=True)
class Mute:
    kind: MuteKind
    value: str  # as typed, trimmed; matched case-insensitively

    def describe(self) -> str:
        if self.kind is MuteKind.WORD:
            return f'"{self.value}"'
        return f"{self.kind.value}:{self.value}"


@dataclass(frozen=True)
class VoteRecord:
    """One reader's vote on one paper in one channel (a DM's channel is the DM's id)."""

    reader: str  # reader_key
    channel: str  # channel_key
    paper_id: str
    vote: Vote
    at: dt.datetime


@dataclass(frozen=True)
class VoteCounts:
    likes: int = 0
    dislikes: int = 0


@dataclass(frozen=True)
class Forgotten:
    """What `/paper forget me` deleted, by kind (each a count of rows)."""

    subscriptions: int = 0
    votes: int = 0
    saved: int = 0
    mutes: int = 0
    deliveries: int = 0  # delivery history: DMs sent and papers marked seen
    questions: int = 0

    @property
    def total(self) -> int:
        return (
            self.subscriptions + self.votes + self.saved + self.mutes + self.deliveries
            + self.questions
        )  # fmt: skip


def reader_key(owner: Owner) -> str:
    """`platform:workspace:user`, as the questions ledger keys a reader."""
    return f"{owner.platform}:{owner.workspace}:{owner.user}"[:KEY_CHARS]


def channel_key(platform: str, workspace: str, channel: str) -> str:
    """`platform:workspace:channel`: votes and rankings are kept apart per channel."""
    return f"{platform}:{workspace}:{channel}"[:KEY_CHARS]


__all__ = [
    "Forgotten",
    "Mute",
    "MuteKind",
    "Vote",
    "VoteCounts",
    "VoteRecord",
    "channel_key",
    "reader_key",
]
