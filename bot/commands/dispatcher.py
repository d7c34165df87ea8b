"""The dispatcher: one `/paper <command> <arguments>` in, one reply out, never an exception.

It is the `CommandHandler` every adapter calls. It picks the command, applies the
per-user rate limit (on the injected clock) and the admin check, runs the command, and
turns every error into a short reply that says what was wrong and shows a correct example.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

from bot.categories import CATEGORIES
from bot.commands.common import PREFIX, CommandSpec, Context, UsageError, reply, safe_echo
from bot.commands.deps import CommandDeps
from bot.commands.help import help_reply
from bot.commands.ratelimit import CommandRateLimiter
from bot.commands.table import ALIASES, COMMANDS
from bot.model import CommandInvocation, CommandReply
from bot.query import QueryError
from bot.textindex import Analyzer

log = logging.getLogger(__name__)

MAX_ARGUMENT_CHARS = 2_000  # far above every limit; longer input is refused before parsing


class Dispatcher:
    """`await dispatcher(invocation) -> CommandReply`; see the module docstring."""

    def __init__(self, deps: CommandDeps) -> None:
        self._deps = deps
        self._analyzer = deps.analyzer or Analyzer()
        limits = deps.config.limits
        self._limiter = CommandRateLimiter(deps.clock, limits.commands_per_minute)
        # A public instance: one busy server must not starve the others.
        self._servers = CommandRateLimiter(deps.clock, limits.workspace_commands_per_minute)
        self._commands = {spec.name: spec for spec in COMMANDS}

    @property
    def commands(self) -> Sequence[CommandSpec]:
        return COMMANDS

    async def __call__(self, invocation: CommandInvocation) -> CommandReply:
        try:
            return await self._dispatch(invocation)
        except Exception:  # the command loop: log with context, answer, keep going
            log.exception(
                "command %r failed (platform=%s user=%s)",
                invocation.command[:40],
                invocation.platform,
                invocation.user,
            )
            return reply(
                "Sorry, something went wrong on our side while running that command. "
                "It was logged; please try again in a minute."
            )

    def _resolve(self, invocation: CommandInvocation) -> tuple[str, str]:
        name, arguments = invocation.command.strip(), invocation.arguments
        if not name:  # bare `/paper search x`: the subcommand is the first word
            first, _, rest = arguments.strip().partition(" ")
            name, arguments = first, rest
        name = name.lower()
        return ALIASES.get(name, name), arguments

    async def _dispatch(self, invocation: CommandInvocation) -> CommandReply:
        texts = (invocation.command, invocation.arguments, *sum(invocation.options, ()))
        if not all(isinstance(text, str) for text in texts):  # adapters convert; refuse the rest
            return reply(f"Options must be text. Usage: `{PREFIX} help` lists every command.")
        name, arguments = self._resolve(invocation)
        wait = self._limiter.retry_after(invocation.owner)
        if wait is not None:
            limit = self._deps.config.limits.commands_per_minute
            seconds = max(1, math.ceil(wait.total_seconds()))
            return reply(
                f"You are sending commands too fast (at most {limit} a minute). "
                f"Try again in {seconds} s."
            )
        wait = self._servers.retry_after((invocation.platform, invocation.workspace))
        if wait is not None:
            limit = self._deps.config.limits.workspace_commands_per_minute
            seconds = max(1, math.ceil(wait.total_seconds()))
            return reply(
                f"This server is sending the bot too many commands (at most {limit} a minute "
                f"for everyone here). Try again in {seconds} s."
            )
        if not name:
            return help_reply(COMMANDS)
        spec = self._commands.get(name)
        if spec is None:
            names = ", ".join(s.name for s in COMMANDS)
            return reply(
                f"Unknown command {safe_echo(name, 30)!r}. The commands are: {names}. "
                f"Example: `{PREFIX} search diffusion`, or `{PREFIX} help`."
            )
        if spec.admin_only and not invocation.is_admin:
            return reply(
                f"Only channel admins can use `{PREFIX} {spec.name}` (Discord: Manage Channels; "
                "Slack: workspace admins and owners, or users the operator lists)."
            )
        if len(arguments) > MAX_ARGUMENT_CHARS:
            return reply(
                f"That is {len(arguments):,} characters long; `{spec.name}` takes a short "
                f"line. Example: `{spec.example}`"
            )
        ctx = Context(self._deps, invocation, self._analyzer)
        try:
            return await spec.handler(ctx, arguments)
        except UsageError as exc:
            return reply(exc.text())
        except QueryError as exc:
            return reply(f"{exc.problem}. Example: `{PREFIX} {spec.name} {exc.example}`")

    async def complete(
        self, invocation: CommandInvocation, option: str, partial: str
    ) -> Sequence[tuple[str, str]]:
        """Suggestions while typing (bot.ports.CommandCompleter): topics, categories."""
        try:
            needle = partial.strip().lower()
            if option in ("topic", "id"):
                held = await self._deps.store.list_subscriptions(invocation.owner)
                return [
                    (f"{s.id}. {s.query}"[:100], str(s.id))
                    for s in held
                    if needle in s.query.lower() or needle == str(s.id)
                ][:25]
            if option in ("categories", "category", "cat"):
                last = needle.rsplit(",", 1)[-1].strip()
                head = partial[: len(partial) - len(partial.rsplit(",", 1)[-1])]
                found = [c for key, c in CATEGORIES.items() if key.startswith(last)]
                return [(head + c, head + c) for c in sorted(found)][:25]
        except Exception:  # the completion loop: suggestions are optional, never raise
            log.exception("completion for %r failed", option)
        return []


__all__ = ["ALIASES", "COMMANDS", "MAX_ARGUMENT_CHARS", "Dispatcher"]
