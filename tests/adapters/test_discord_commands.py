"""Discord's `/paper` subcommands are derived from the dispatcher's command table: every
command, its summary and its typed options, with no list kept by hand in the adapter."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from adapters.discord.commands import build_group
from bot.commands import CommandSpec
from bot.commands.common import Context
from bot.commands.dispatcher import COMMANDS
from bot.commands.options import Option, OptionKind
from bot.model import CommandReply, OutboundMessage

TEXT, INTEGER, BOOLEAN = 3, 4, 5  # Discord's option types


class RecordingRouter:
    """The edge the subcommands hand their values to (adapters.discord.interactions)."""

    def __init__(self) -> None:
        self.runs: list[tuple[Any, ...]] = []

    async def run(self, interaction: Any, command: str, *rest: Any) -> None:
        self.runs.append((command, *rest))

    async def complete(self, interaction: Any, command: str, option: str, current: str) -> Any:
        return []


def definitions(commands: tuple[CommandSpec, ...] = COMMANDS) -> dict[str, dict[str, Any]]:
    class Tree:
        allowed_contexts = app_commands.AppCommandContext()
        allowed_installs = app_commands.AppInstallationType()

    group = build_group(RecordingRouter(), commands)  # type: ignore[arg-type]
    return {sub["name"]: sub for sub in group.to_dict(Tree())["options"]}  # type: ignore[arg-type]


def expected_option(option: Option) -> dict[str, Any]:
    kind = {OptionKind.TEXT: TEXT, OptionKind.INTEGER: INTEGER, OptionKind.BOOLEAN: BOOLEAN}
    found: dict[str, Any] = {
        "name": option.name,
        "description": option.description,
        "type": kind[option.kind],
        "required": option.required,
    }
    if option.kind is OptionKind.TEXT and option.low is not None:
        found["min_length"] = option.low
    if option.kind is OptionKind.TEXT and option.high is not None:
        found["max_length"] = option.high
    if option.kind is OptionKind.INTEGER:
        found["min_value"], found["max_value"] = option.low, option.high
    if option.choices:
        found["choices"] = [{"name": c, "value": c} for c in option.choices]
    if option.suggest:
        found["autocomplete"] = True
    return found


def test_every_command_of_the_table_is_a_subcommand_with_its_options() -> None:
    found = definitions()
    assert list(found) == [spec.name for spec in COMMANDS]
    for spec in COMMANDS:
        sub = found[spec.name]
        assert sub["description"] == spec.summary
        assert len(spec.summary) <= 100  # Discord's limit for a description
        options = sorted(spec.options, key=lambda o: not o.required)
        shown = [
            {k: v for k, v in o.items() if k in expected_option(spec_o)}
            for o, spec_o in zip(sub.get("options", []), options, strict=True)
        ]
        assert shown == [expected_option(o) for o in options]


async def test_a_command_added_to_the_table_appears_and_reaches_the_core() -> None:
    async def digest(ctx: Context, arguments: str) -> CommandReply:
        """Today's digest, again."""
        return CommandReply(OutboundMessage.text(arguments))

    spec = CommandSpec(
        "digest",
        digest,
        "/paper digest 2026-01-05",
        summary="Today's digest again",
        options=(
            Option("day", "YYYY-MM-DD", required=True, argument=True, low=10, high=10),
            Option("top", "How many", kind=OptionKind.INTEGER, low=1, high=9),
        ),
    )
    found = definitions((*COMMANDS, spec))
    assert [o["name"] for o in found["digest"]["options"]] == ["day", "top"]
    assert found["digest"]["options"][1]["max_value"] == 9

    router = RecordingRouter()
    group = build_group(router, (spec,))  # type: ignore[arg-type]
    command = group.get_command("digest")
    assert isinstance(command, app_commands.Command)
    await command.callback(None, day="2026-01-05", top=3)  # type: ignore[call-arg, arg-type]
    await command.callback(None, day="2026-01-06", top=None)  # type: ignore[call-arg, arg-type]
    assert router.runs == [
        ("digest", "2026-01-05", (("top", "3"),)),
        ("digest", "2026-01-06"),
    ]
