"""How a command is offered on a platform with typed commands (Discord's slash commands):
a one-line summary and its options, declared once beside the command in the command
table (bot.commands.table.COMMANDS), so an adapter derives its command list from it.

Text platforms (Slack, the console) take the same command as one line of text; the core
parses it either way. An option marked `argument` is the command's text argument (the
query, the topic, the paper id); the others travel as `name: value` pairs beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class OptionKind(Enum):
    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class Option:
    """One typed option. For TEXT, `low`/`high` bound its length; for INTEGER, its value.
    `choices`: the only values allowed. `suggest`: the core offers values while the user
    types (bot.ports.CommandCompleter)."""

    name: str
    description: str
    kind: OptionKind = OptionKind.TEXT
    required: bool = False
    argument: bool = False
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    suggest: bool = False

    def __post_init__(self) -> None:
        if self.argument and self.kind is not OptionKind.TEXT:
            raise ValueError(f"option {self.name!r}: the text argument must be of kind TEXT")
