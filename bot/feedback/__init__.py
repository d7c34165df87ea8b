"""What readers tell the bot about papers: votes, saved papers, mutes, and forgetting.

`model` holds the frozen records, `ports.FeedbackStore` the storage role (implemented by
`storage.feedback.FeedbackOps`), `bibtex` the exports of saved papers, `mutes` the
parsing and matching of `/paper mute` rules.
"""

from bot.feedback.model import (
    Forgotten,
    Mute,
    MuteKind,
    Vote,
    VoteCounts,
    VoteRecord,
    channel_key,
    reader_key,
)
from bot.feedback.ports import FeedbackStore

__all__ = [
    "FeedbackStore",
    "Forgotten",
    "Mute",
    "MuteKind",
    "Vote",
    "VoteCounts",
    "VoteRecord",
    "channel_key",
    "reader_key",
]
