"""What every adapter builds on: the seam (re-exported from the core) and the registry."""

from __future__ import annotations

from bot.plugins import ENTRY_POINT_GROUP, adapter_factory
from bot.ports import ChatAdapter, CommandHandler, MessageRef, SendError, Target

# Adapters are found by the core through entry points (bot.plugins); re-exported here.
__all__ = [
    "ENTRY_POINT_GROUP",
    "ChatAdapter",
    "CommandHandler",
    "MessageRef",
    "SendError",
    "Target",
    "adapter_factory",
]
