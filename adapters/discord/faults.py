"""Every interaction gets an answer, whatever went wrong before the core saw it.

discord.py raises `CommandNotFound` (an unknown subcommand) and `CommandSignatureMismatch`
(a missing required option, an empty options list, an unknown option name) before any of
our code runs, and hands them to the tree's `on_error`, whose default only logs: Discord
then shows "The application did not respond". That happens for real whenever the
registered definitions differ from the code (during a deploy, before the next sync).
`AnsweringTree.on_error` answers every such error ephemerally: a changed command gets
"try again in a minute" and a re-sync (at most one per `RESYNC_EVERY`), a bad option value
gets the usage, anything else a short apology. The error is logged once, without options.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.clock import Clock

log = logging.getLogger(__name__)

RESYNC_EVERY = dt.timedelta(minutes=5)
CHANGED = (
    "This command changed with an update of the bot; its new definition is being "
    "registered. Try again in a minute (`/paper help` lists the commands)."
)
BAD_OPTION = "One of the options has a value of the wrong kind. Usage: {usage}"
NOT_ALLOWED = "You cannot use this command here."
FAILED = "Something went wrong while running this command; please try again."
UNKNOWN_BUTTON = "This button no longer does anything; `/paper help` lists what you can do."

Resync = Callable[[], Awaitable[object]]


class OptionTypeError(ValueError):
    """An option value that is neither text nor a number nor a boolean."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"An option came as {kind}, where text was expected.")
        self.kind = kind


def option_text(value: object) -> str:
    """An option value as the text the core parses: numbers and booleans are written out
    (`3`, `true`), anything else (a list, an object, null) is refused."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise OptionTypeError("null" if value is None else type(value).__name__)


def usage_of(command: object) -> str:
    """`/paper search <query> [mode]` from an app command's parameters."""
    if not isinstance(command, app_commands.Command):
        return "`/paper help`"
    words = [f"/{command.qualified_name}"]
    for param in command.parameters:
        words.append(f"<{param.display_name}>" if param.required else f"[{param.display_name}]")
    return "`" + " ".join(words) + "`"


def answer_for(error: app_commands.AppCommandError, command: object) -> tuple[str, bool]:
    """What to tell the user about `error`, and whether the definitions need a re-sync."""
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return CHANGED, True
    if isinstance(error, app_commands.TransformerError):
        return BAD_OPTION.format(usage=usage_of(command)), False
    if isinstance(error, app_commands.CheckFailure):
        return NOT_ALLOWED, False
    return FAILED, False


class Resyncer:
    """Runs `resync` in the background, at most once per `every` (Discord allows 200
    command creates a day per guild, and a drift is shown to many users at once)."""

    def __init__(self, resync: Resync | None, clock: Clock, every: dt.timedelta) -> None:
        self._resync = resync
        self._clock = clock
        self._every = every
        self._last: dt.datetime | None = None
        self._task: asyncio.Task[None] | None = None
        self.runs = 0

    def request(self) -> None:
        if self._resync is None:
            return
        now = self._clock.now()
        if self._last is not None and now - self._last < self._every:
            return
        if self._task is not None and not self._task.done():
            return
        self._last = now
        self._task = asyncio.create_task(self._run(self._resync))

    async def _run(self, resync: Resync) -> None:
        self.runs += 1
        try:
            await resync()
        except Exception:  # a background loop's boundary: the next drift tries again
            log.exception("discord command re-sync failed")
            self._last = None

    async def wait(self) -> None:
        """For stop() and tests: the re-sync in flight, if any, has finished."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)


async def answer_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """Answer (or follow up on a deferred answer) privately; never raises."""
    kwargs: dict[str, Any] = {
        "ephemeral": True,
        "allowed_mentions": discord.AllowedMentions.none(),
    }
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, **kwargs)
        else:
            await interaction.response.send_message(text, **kwargs)
    except (discord.HTTPException, OSError, TimeoutError) as exc:
        # The token expired or Discord is unreachable: nothing more can be said to the user.
        log.warning("could not answer an interaction: %s", type(exc).__name__)


class AnsweringTree(app_commands.CommandTree[discord.Client]):
    """A CommandTree whose `on_error` answers the interaction (see the module docstring)."""

    def __init__(self, client: discord.Client, resyncer: Resyncer) -> None:
        super().__init__(client)
        self.resyncer = resyncer

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        command = interaction.command
        text, resync = answer_for(error, command)
        log.warning(
            "interaction refused: %s",
            type(error).__name__,
            extra={"command": getattr(command, "qualified_name", None)},
            exc_info=isinstance(error, app_commands.CommandInvokeError),
        )
        if resync:
            self.resyncer.request()
        if interaction.type is discord.InteractionType.autocomplete:
            if not interaction.response.is_done():  # no suggestions, rather than an error
                with contextlib.suppress(discord.HTTPException, OSError, TimeoutError):
                    await interaction.response.autocomplete([])
            return
        if interaction.response.is_done() and not isinstance(
            error, app_commands.CommandInvokeError
        ):
            return  # a handler (e.g. the missing-permission message) already answered
        await answer_ephemeral(interaction, text)


def quiet_group_errors(group: app_commands.Group) -> None:
    """Let the group's own error handler answer what it knows (a missing permission) and
    leave everything else to `AnsweringTree.on_error`: the group's handler re-raises, which
    discord.py would report as an unretrieved task exception after the tree answered."""
    original = group.on_error

    async def on_error(
        interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        with contextlib.suppress(app_commands.AppCommandError):  # the tree answers it
            await original(interaction, error)

    group.error(on_error)
