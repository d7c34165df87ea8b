"""`help`: every subcommand with one example."""

from __future__ import annotations

from collections.abc import Sequence

from bot.commands.common import PREFIX, CommandSpec
from bot.model import Block, CommandReply, Fields, Header, OutboundMessage, Text

ADMINS_PREFIX = "channel admins: "  # an admin command's docstring may open with it


def help_message(specs: Sequence[CommandSpec], group: str = "") -> OutboundMessage:
    """Every command of `group` ("": the ungrouped ones) with an example; each other group
    as one line naming its commands (a chat message has room for about 20 examples)."""
    lines = [f"{PREFIX} commands:"]
    blocks: list[Block] = [Header(f"{PREFIX} commands")]
    groups: dict[str, list[str]] = {}
    for spec in specs:
        if spec.group != group:
            groups.setdefault(spec.group, []).append(spec.name)
            continue
        admin = " (channel admins)" if spec.admin_only else ""
        text = spec.help
        if spec.admin_only and text.lower().startswith(ADMINS_PREFIX):  # said once, by the label
            text = text[len(ADMINS_PREFIX)].upper() + text[len(ADMINS_PREFIX) + 1 :]
        lines.append(f"  {spec.name}{admin}: {text}\n      e.g. {spec.example}")
        blocks.append(Text.plain(f"{text}{admin}", label=spec.name))
        blocks.append(Fields((("Example", spec.example),)))
    for name, names in groups.items():
        line = f"{', '.join(names)}: `{PREFIX} help {name}`" if name else f"`{PREFIX} help`"
        lines.append(f"  {name or 'other'}: {line}")
        blocks.append(Text.plain(line, label=name or "other"))
    return OutboundMessage(blocks=tuple(blocks), fallback="\n".join(lines))


def help_reply(specs: Sequence[CommandSpec], group: str = "") -> CommandReply:
    known = {spec.group for spec in specs}
    return CommandReply(help_message(specs, group if group in known else ""))
