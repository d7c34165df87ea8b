"""`/paper` as an app_commands Group, derived from the dispatcher's command table.

Each entry of `bot.commands.table.COMMANDS` becomes one typed subcommand: its summary
is the description, its options become typed parameters (text with length bounds, integer
with a range, boolean, fixed choices, autocomplete). A subcommand only collects its
options and hands them to the router, which builds the neutral `CommandInvocation`; the
core does the work. So a command added to the table appears here with no edit.

An admin-only command (`settings`) is for members with Manage Channels: Discord applies
`default_member_permissions` only to top-level commands, so the subcommand is guarded by
a check here (and the core refuses non-admins as well).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Literal

import discord
from discord import app_commands

from adapters.discord.interactions import InteractionRouter
from bot.commands import CommandSpec
from bot.commands.options import Option, OptionKind
from bot.commands.table import COMMANDS

Completion = Callable[
    [discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]
# A subcommand's callback: its keyword parameters are the command's options, known only at
# run time (the callback's `__signature__` names them for app_commands).
Callback = Callable[..., Coroutine[Any, Any, None]]
NOT_ADMIN = "Only members with the Manage Channels permission can change this channel's settings."


def _completion(router: InteractionRouter, command: str, option: str) -> Completion:
    async def complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await router.complete(interaction, command, option, current)

    return complete


def _pairs(values: dict[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (key, str(value).lower() if isinstance(value, bool) else str(value))
        for key, value in values.items()
        if value is not None
    )


def _settings_text(pairs: tuple[tuple[str, str], ...]) -> str:
    """The core's settings line: `time 08:30 categories cs.LG,cs.CL top 3 pause`."""
    words = []
    for key, value in pairs:
        if key == "paused":
            words.append("pause" if value == "true" else "resume")
        else:
            words.append(f"{key} {''.join(value.split())}")
    return " ".join(words)


def _annotation(option: Option) -> Any:
    """The discord.py parameter type of an option (app_commands reads it as the type)."""
    if option.choices:
        kind: Any = Literal[option.choices]
    elif option.kind is OptionKind.BOOLEAN:
        kind = bool
    elif option.kind is OptionKind.INTEGER:
        kind = app_commands.Range[int, option.low, option.high]
    elif option.low is not None or option.high is not None:
        kind = app_commands.Range[str, option.low, option.high]
    else:
        kind = str
    return kind if option.required else kind | None


def _signature(options: Sequence[Option]) -> inspect.Signature:
    interaction = inspect.Parameter(
        "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
    )
    # Discord lists required options first; so does a Python signature.
    ordered = sorted(options, key=lambda o: not o.required)
    return inspect.Signature(
        [interaction]
        + [
            inspect.Parameter(
                o.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_annotation(o),
                **({} if o.required else {"default": None}),
            )
            for o in ordered
        ]
    )


def _callback(router: InteractionRouter, spec: CommandSpec) -> Callback:
    """The subcommand's callback: the `argument` option is the command's text, the others
    go as (name, value) pairs; a command with only pairs (settings) gets them as words."""
    argument = next((o.name for o in spec.options if o.argument), None)

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        # The argument goes as Discord sent it: the router refuses a value that is not text.
        text: Any = values.pop(argument) if argument else ""
        pairs = _pairs({o.name: values.get(o.name) for o in spec.options if o.name in values})
        if argument is None and pairs:
            text = _settings_text(pairs)
        if pairs:
            await router.run(interaction, spec.name, text, pairs)
        elif argument is not None or text:
            await router.run(interaction, spec.name, text)
        else:
            await router.run(interaction, spec.name)

    callback.__signature__ = _signature(spec.options)  # type: ignore[attr-defined]
    callback.__name__ = callback.__qualname__ = f"paper_{spec.name}"
    return callback


def _subcommand(
    router: InteractionRouter, spec: CommandSpec
) -> app_commands.Command[Any, ..., None]:
    callback: Any = _callback(router, spec)
    described = {o.name: o.description for o in spec.options}
    if described:
        callback = app_commands.describe(**described)(callback)
    suggested = {o.name: _completion(router, spec.name, o.name) for o in spec.options if o.suggest}
    if suggested:
        callback = app_commands.autocomplete(**suggested)(callback)
    if spec.admin_only:
        callback = app_commands.checks.has_permissions(manage_channels=True)(callback)
    return app_commands.Command(
        name=spec.name, description=spec.summary or spec.help, callback=callback
    )


def build_group(
    router: InteractionRouter, commands: Sequence[CommandSpec] = COMMANDS
) -> app_commands.Group:
    """The `/paper` command tree, one subcommand per entry of the command table, wired to
    `router`."""
    group = app_commands.Group(
        name="paper",
        description="Daily research-paper reviews: search, subscribe, today's picks",
        guild_only=True,
        # Explicit, so the registered definition reads back the same (see sync.py).
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
    )
    for spec in commands:
        group.add_command(_subcommand(router, spec))

    @group.error
    async def on_error(
        interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.MissingPermissions):
            await interaction.response.send_message(
                NOT_ADMIN, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
            return
        raise error

    return group
