"""`help`: every subcommand with one example."""

from __future__ import annotations

from collections.abc import Sequence

from bot.commands.common import PREFIX, CommandSpec
from bot.model import Block, CommandReply, Fields, Header, OutboundMessage, Text


def help_message(specs: Sequence[CommandSpec]) -> OutboundMessage:
    lines = [f"{PREFIX} commands:"]
    blocks: list[Block] = [Header(f"{PREFIX} commands")]
    for spec in specs:
        admin = " (channel admins)" if spec.admin_only else ""
        lines.append(f"  {spec.name}{admin}: {spec.help}\n      e.g. {spec.example}")
        blocks.append(Text.plain(f"{spec.help}{admin}", label=spec.name))
        blocks.append(Fields((("Example", spec.example),)))
    return OutboundMessage(blocks=tuple(blocks), fallback="\n".join(lines))


def help_reply(specs: Sequence[CommandSpec]) -> CommandReply:
    return CommandReply(help_message(specs))
