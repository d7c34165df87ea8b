"""Interactions to the core and back: CommandInvocation in, CommandReply out.

Every `/paper` subcommand, autocomplete and action button ends here. The reply is sent
within Discord's 3-second limit: if the handler has not answered after `defer_after`
seconds (less when the event loop lags; at once when it is behind, see lag.DeferPolicy)
the interaction is deferred (ephemeral, "thinking") and the reply edits it later (a
public reply replaces it with a public follow-up).
Interactions are remembered for their 15-minute lifetime so `respond` can follow up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from adapters.discord.counts import vote_options
from adapters.discord.faults import (
    UNKNOWN_BUTTON,
    OptionTypeError,
    answer_ephemeral,
    option_text,
)
from adapters.discord.lag import DeferPolicy, FirstResponses, LoopLag
from adapters.discord.notices import NOTICE, ClosedDms
from adapters.discord.render import ACTION_PREFIX, render
from adapters.discord.text import one_line, truncate
from adapters.discord.threads import thread_options
from adapters.discord.views import edit_kwargs, part_kwargs
from bot.clock import Clock
from bot.model import CommandInvocation, CommandReply, OutboundMessage
from bot.ports import CommandCompleter, CommandHandler, SendError

log = logging.getLogger(__name__)

TOKEN_LIFETIME = dt.timedelta(minutes=15)
AUTOCOMPLETE_TIMEOUT = 2.5  # autocomplete cannot be deferred
MAX_PLAUSIBLE_AGE = 60.0  # an older creation time means another clock (a test's), not lag
MAX_CHOICES = 25
_REMEMBERED = 1000
_ANSWERED_HERE = (discord.InteractionType.component, discord.InteractionType.modal_submit)
FAILED = OutboundMessage.text("Something went wrong while running this command; please try again.")


class InteractionRouter:
    def __init__(
        self,
        handler: CommandHandler,
        clock: Clock,
        *,
        defer_after: float = 2.0,
        closed_dms: ClosedDms | None = None,
        lag: LoopLag | None = None,
        policy: DeferPolicy | None = None,
    ) -> None:
        self._handler = handler
        self._lag = lag
        self.deferred = 0  # interactions deferred (benchmarks, tests)
        self._policy = policy or DeferPolicy()
        self._running = asyncio.Semaphore(self._policy.max_running)
        self._firsts = FirstResponses()
        self._closed_dms = closed_dms or ClosedDms()
        self._completer = handler if isinstance(handler, CommandCompleter) else None
        self._clock = clock
        self._defer_after = defer_after
        self._open: OrderedDict[CommandInvocation, _Open] = OrderedDict()

    def invocation(
        self,
        interaction: discord.Interaction,
        command: str,
        arguments: str = "",
        options: Sequence[tuple[str, str]] = (),
    ) -> CommandInvocation:
        permissions = interaction.permissions
        user = interaction.user
        return CommandInvocation(
            platform="discord",
            workspace=str(interaction.guild_id or ""),
            channel=str(interaction.channel_id or ""),
            user=str(user.id),
            is_admin=bool(permissions.manage_channels or permissions.administrator),
            command=command,
            arguments=arguments,
            options=(*options, *thread_options(interaction)),  # /paper ask in a thread
            user_name=user.display_name,
        )

    async def run(
        self,
        interaction: discord.Interaction,
        command: str,
        arguments: str = "",
        options: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Hand the command to the core; reply (deferring first if it takes a while)."""
        try:
            text, pairs = option_text(arguments), [(k, option_text(v)) for k, v in options]
        except OptionTypeError as exc:
            # Discord sent a value of another type than registered (definitions drifted):
            # the core only takes text, so the user gets the usage instead of a failure.
            log.warning("option of the wrong type", extra={"command": command, "type": exc.kind})
            await answer_ephemeral(interaction, f"{exc} Try `/paper help` for the usage.")
            return
        invocation = self.invocation(interaction, command, text, pairs)
        answered = self._remember(invocation, interaction)
        try:
            await self._answer(interaction, invocation)
        finally:
            answered.set()
        if self._closed_dms.take(invocation.user):
            await self._reply(interaction, NOTICE, ephemeral=True)

    async def _answer(
        self, interaction: discord.Interaction, invocation: CommandInvocation
    ) -> None:
        self._firsts.arrived()
        pending = True

        def first_response_out() -> None:
            nonlocal pending
            if pending:
                pending = False
                self._firsts.answered()

        try:
            await self._answer_tracked(interaction, invocation, first_response_out)
        finally:
            first_response_out()

    async def _answer_tracked(
        self,
        interaction: discord.Interaction,
        invocation: CommandInvocation,
        first_response_out: Callable[[], None],
    ) -> None:
        late = self._lateness(interaction)
        if late >= self._policy.lag_defer or self._running.locked():
            # Behind already (the loop lags, the interaction waited in a queue, or the
            # handlers are all busy): the cheap deferral goes out before the work starts,
            # and the work waits for the other first responses.
            deferred = await self._defer(interaction, first_response_out)
            hold = self._policy.hold_deferred
            task = asyncio.ensure_future(self._run_handler(invocation, after_firsts=hold))
        else:
            task = asyncio.ensure_future(self._run_handler(invocation, after_firsts=False))
            # Every callback runs up to `late` late, this timer and the deferral included.
            wait = max(0.0, self._defer_after - self._policy.margin * late)
            done, _ = await asyncio.wait({task}, timeout=wait)
            deferred = not done and await self._defer(interaction, first_response_out)
        try:
            reply = await task
        except Exception:  # the command-dispatch loop boundary: log and answer
            command, user = invocation.command, invocation.user
            log.exception("command failed", extra={"command": command, "user": user})
            reply = CommandReply(FAILED)
        if deferred and not reply.ephemeral:
            # The deferral was ephemeral (its visibility is fixed then); a public answer
            # replaces it with a public follow-up.
            await interaction.delete_original_response()
            await self._reply(interaction, reply.message, ephemeral=False)
            return
        await self._reply(
            interaction, reply.message, ephemeral=reply.ephemeral, edit_original=deferred
        )

    async def _defer(
        self, interaction: discord.Interaction, first_response_out: Callable[[], None]
    ) -> bool:
        self.deferred += 1
        await interaction.response.defer(ephemeral=True, thinking=True)
        first_response_out()
        return True

    def _lateness(self, interaction: discord.Interaction) -> float:
        """Seconds this interaction is behind: the loop's lag, or its age when Discord's
        creation time (from its snowflake id) is plausible on our clock (0 to 60 s)."""
        lag = self._lag.lag if self._lag is not None else 0.0
        age = (self._clock.now() - interaction.created_at).total_seconds()
        plausible = self._policy.use_age and 0.0 <= age <= MAX_PLAUSIBLE_AGE
        return max(lag, age) if plausible else lag

    async def _run_handler(
        self, invocation: CommandInvocation, *, after_firsts: bool
    ) -> CommandReply:
        while after_firsts:  # deferred: wait until no first response waits and the loop
            await self._firsts.none_waiting()  # keeps up (its replies have 15 minutes)
            if self._lag is not None:
                await self._lag.calm.wait()
            if not self._firsts.waiting:
                break
        async with self._running:  # bounded, so deferrals are not queued behind the work
            return await self._handler(invocation)

    async def respond(
        self, invocation: CommandInvocation, message: OutboundMessage, *, ephemeral: bool
    ) -> None:
        """A follow-up to a command whose interaction is still open (15 minutes)."""
        found = self._open.get(invocation)
        if found is None or self._clock.now() - found.created >= TOKEN_LIFETIME:
            raise SendError(
                "the interaction for this command is gone (Discord tokens last 15 minutes)",
                permanent=True,
            )
        await found.answered.wait()  # the first answer goes out before any follow-up
        await self._reply(found.interaction, message, ephemeral=ephemeral)

    async def complete(
        self, interaction: discord.Interaction, command: str, option: str, current: str
    ) -> list[app_commands.Choice[str]]:
        if self._completer is None:
            return []
        invocation = self.invocation(interaction, command, current)
        try:
            pairs = await asyncio.wait_for(
                self._completer.complete(invocation, option, current), AUTOCOMPLETE_TIMEOUT
            )
        except Exception:  # autocomplete is best effort: an empty list, never an error
            log.exception("autocomplete failed", extra={"command": command, "option": option})
            return []
        choices = []
        for label, value in list(pairs)[:MAX_CHOICES]:
            name = truncate(one_line(label), 100) or value[:100]
            if name and 0 < len(value) <= 100:
                choices.append(app_commands.Choice(name=name, value=value))
        return choices

    async def on_component(self, interaction: discord.Interaction) -> None:
        """An action button (`paperboy:<action>:<value>`) runs as that command."""
        data: Any = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        if interaction.type not in _ANSWERED_HERE:
            return  # commands and autocomplete go through the command tree
        if interaction.type is not discord.InteractionType.component or not custom_id.startswith(
            ACTION_PREFIX
        ):
            # A button or form of an older version (or another app's leftovers): every
            # interaction is answered, or Discord shows "The application did not respond".
            log.info("unknown component", extra={"custom_id": custom_id[:100]})
            await answer_ephemeral(interaction, UNKNOWN_BUTTON)
            return
        action, _, value = custom_id.removeprefix(ACTION_PREFIX).partition(":")
        if interaction.guild_id is None and not vote_options(interaction, action):  # a DM
            await interaction.response.send_message(
                f"Buttons work in a server channel; there, use `/paper {action} {value}`.",
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )
            return
        await self.run(interaction, action, value, vote_options(interaction, action))

    async def _reply(
        self,
        interaction: discord.Interaction,
        message: OutboundMessage,
        *,
        ephemeral: bool,
        edit_original: bool = False,
    ) -> None:
        """The first part answers the interaction (or fills the deferred answer: it keeps
        the deferral's ephemeral visibility); further parts are follow-ups."""
        for index, part in enumerate(render(message)):
            kwargs: dict[str, Any] = part_kwargs(part)
            if index == 0 and not interaction.response.is_done():
                await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
            elif index == 0 and edit_original:
                await interaction.edit_original_response(**edit_kwargs(kwargs))
            else:
                await interaction.followup.send(ephemeral=ephemeral, **kwargs)

    def _remember(
        self, invocation: CommandInvocation, interaction: discord.Interaction
    ) -> asyncio.Event:
        now = self._clock.now()
        entry = _Open(interaction, now, asyncio.Event())
        self._open[invocation] = entry
        self._open.move_to_end(invocation)
        while self._open:
            oldest, first = next(iter(self._open.items()))
            if len(self._open) <= _REMEMBERED and now - first.created < TOKEN_LIFETIME:
                break
            del self._open[oldest]
        return entry.answered


@dataclass
class _Open:
    """An interaction whose token may still be used (15 minutes)."""

    interaction: discord.Interaction
    created: dt.datetime
    answered: asyncio.Event
