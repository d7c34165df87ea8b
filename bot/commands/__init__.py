"""The `/paper` commands, once for every platform: `Dispatcher(CommandDeps(...))`."""

from bot.commands.common import CommandSpec, UsageError
from bot.commands.deps import CommandDeps, ReviewService, ScheduleInfo
from bot.commands.dispatcher import COMMANDS, Dispatcher

__all__ = [
    "COMMANDS",
    "CommandDeps",
    "CommandSpec",
    "Dispatcher",
    "ReviewService",
    "ScheduleInfo",
    "UsageError",
]
