"""The console adapter: the bot in a terminal, for trying it and for scripts and tests.

`paperboy chat` runs it: type `/paper search diffusion` and see the reply the chat
platforms would show, rendered as text. On a terminal it offers line editing and history
(readline) and colour; otherwise it reads one command a line and stops at end of input,
so a script can drive it. Daily posts and deliveries addressed to the console print in
the same terminal.

Settings (`[adapters.console]`): `channel` (the channel id commands are typed in, default
"general", so a `[[channels]]` entry with `adapter = "console"` and that `target` is this
terminal), `user`, `admin` (default true: may use admin commands), `journal` (a file
recording each sent message with its idempotency key,
so `find_sent` can answer after a crash; the window left: a crash after the message is
printed and before its journal line is written sends it again).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import threading
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from adapters.console_render import PREFIX, clean, dim, render
from bot.config import AdapterConfig, AdapterSpec, Secrets
from bot.model import CommandInvocation, OutboundMessage
from bot.ports import CommandHandler, MessageRef, Target

PROMPT = "paperboy> "
KEYS = ("channel", "user", "timezone", "journal", "admin")  # of `[adapters.<name>]`, see above


def check_table(name: str, settings: AdapterConfig) -> None:
    """Only the console's own keys: a misspelt one is named when the config loads."""
    unknown = sorted(set(settings.model_extra or {}) - set(KEYS))
    if unknown:
        known = ", ".join(KEYS)
        raise ValueError(
            "; ".join(f"adapters.{name}.{key}: unknown key (known: {known})" for key in unknown)
        )


class ConsoleAdapter:
    """bot.ports.ChatAdapter for the terminal (see the module docstring)."""

    spec = AdapterSpec(validate=check_table)  # its table; it needs no secret

    def __init__(
        self,
        name: str,
        settings: AdapterConfig,
        secrets: Secrets,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        extra: dict[str, Any] = dict(settings.model_extra or {})
        env = os.environ if environ is None else environ
        self.channel = str(extra.get("channel", "general"))
        self.user = str(extra.get("user") or env.get("USER") or "you")
        self.timezone: str | None = extra.get("timezone")
        # Whether the user may use admin commands (setup, settings): the operator at their
        # own terminal is, unless `admin = false` (`paperboy chat --user ID` without --admin).
        self.admin = extra.get("admin", True) is not False
        self._journal = Path(str(extra["journal"])) if extra.get("journal") else None
        self._stdin = stdin if stdin is not None else sys.stdin
        self._stdout = stdout if stdout is not None else sys.stdout
        self._interactive = _isatty(self._stdin) and _isatty(self._stdout)
        self._colour = _isatty(self._stdout) and not env.get("NO_COLOR")
        self._handler: CommandHandler | None = None
        self._task: asyncio.Task[None] | None = None
        self.sent: list[tuple[Target, OutboundMessage, MessageRef]] = []  # this session's

    # -- the ChatAdapter seam ------------------------------------------------------------
    async def start(self, on_command: CommandHandler) -> None:
        """Begin reading commands in the background; returns at once."""
        self._handler = on_command
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self.run(on_command))

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def wait_closed(self) -> None:
        """Wait until the input ended (end of file, `exit`)."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def send(
        self, target: Target, message: OutboundMessage, *, idempotency_key: str | None = None
    ) -> MessageRef:
        where = f"@{target.user}" if target.is_direct else f"#{target.channel or self.channel}"
        if target.thread:
            where += " (thread)"
        ref = MessageRef(self.name, target.key, uuid.uuid4().hex[:12])
        self._print(dim(f"── to {clean(where)} ──", self._colour))
        self._print(self._text(message))
        self._print("")
        if self._journal is not None:
            record = {"key": idempotency_key, "target": target.key, "id": ref.message_id}
            with self._journal.open("a", encoding="utf-8") as journal:
                journal.write(json.dumps(record) + "\n")
                journal.flush()
                os.fsync(journal.fileno())
        self.sent.append((target, message, ref))
        return ref

    async def find_sent(self, target: Target, idempotency_key: str) -> MessageRef | None:
        if self._journal is None or not self._journal.exists():
            return None
        for line in self._journal.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut by a crash
            if record.get("key") == idempotency_key and record.get("target") == target.key:
                return MessageRef(self.name, target.key, str(record["id"]))
        return None

    async def respond(
        self, invocation: CommandInvocation, message: OutboundMessage, *, ephemeral: bool = True
    ) -> None:
        self._print(self._text(message))
        self._print("")

    def _text(self, message: OutboundMessage) -> str:
        """On a terminal: the blocks, styled. Otherwise the plain-text fallback (what a
        script reads), or the blocks when a message has no fallback."""
        if self._colour or not message.fallback:
            text = render(message, colour=self._colour)
        else:
            text = clean(message.fallback)
        attached = message.attachment
        if attached is not None:  # a terminal shows the file itself (an export)
            text += "\n" + dim(f"── {clean(attached.filename)} ──", self._colour)
            text += "\n" + clean(attached.content.rstrip("\n"))
        return text

    # -- reading commands ----------------------------------------------------------------
    def invocation(self, line: str) -> CommandInvocation | None:
        """`/paper search x` -> the invocation; None for a line that is not a command."""
        text = line.strip()
        if text == PREFIX or text.startswith(PREFIX + " "):
            rest = text[len(PREFIX) :].strip()
        elif text.startswith("paper "):
            rest = text[len("paper ") :].strip()
        else:
            return None
        command, _, arguments = rest.partition(" ")
        return CommandInvocation(
            platform=self.name,
            workspace="local",
            channel=self.channel,
            user=self.user,
            is_admin=self.admin,
            command=command.lower(),
            arguments=arguments.strip(),
            user_timezone=self.timezone,
            user_name=self.user,
        )

    async def handle_line(self, line: str, on_command: CommandHandler) -> bool:
        """Run one input line; False when the user asked to leave."""
        text = line.strip()
        if not text:
            return True
        if text in ("exit", "quit", "/exit", "/quit"):
            return False
        invocation = self.invocation(text)
        if invocation is None:
            self._print(f"Commands start with {PREFIX}, e.g. `{PREFIX} search diffusion` "
                        f"or `{PREFIX} help`. `exit` leaves.")  # fmt: skip
            return True
        reply = await on_command(invocation)
        await self.respond(invocation, reply.message, ephemeral=reply.ephemeral)
        return True

    async def run(self, on_command: CommandHandler) -> None:
        """Read and run commands until end of input (or `exit`)."""
        if self._interactive:
            self._print(f"paperboy chat: type `{PREFIX} help`; Ctrl-D or `exit` leaves.")
        while True:
            line = await self._read_line()
            if line is None or not await self.handle_line(line, on_command):
                break

    async def _read_line(self) -> str | None:
        if self._interactive:
            return await _in_daemon_thread(_prompt)
        if _is_real(self._stdin):
            # a pipe or file: read it off the event loop so sends keep flowing meanwhile
            line = await _in_daemon_thread(self._stdin.readline)
        else:
            line = self._stdin.readline()  # an in-memory stream: tests drive it in-process
        return line if line else None

    def _print(self, text: str) -> None:
        self._stdout.write(text + "\n")
        self._stdout.flush()


async def _in_daemon_thread(read: Callable[[], str | None]) -> str | None:
    """Run a blocking read in a daemon thread, so a read still waiting for input never
    keeps the process from exiting (the default executor would be joined at shutdown)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str | None] = loop.create_future()

    def work() -> None:
        try:
            result = read()
        except (OSError, ValueError, KeyboardInterrupt):
            result = None
        if not loop.is_closed():
            loop.call_soon_threadsafe(_settle, future, result)

    threading.Thread(target=work, name="console-input", daemon=True).start()
    return await future


def _settle(future: asyncio.Future[str | None], result: str | None) -> None:
    if not future.done():
        future.set_result(result)


def _prompt() -> str | None:
    """One line from the terminal with readline editing and history; None at Ctrl-D."""
    with contextlib.suppress(ImportError):  # Windows has no readline
        import readline  # noqa: F401  (importing it gives input() editing and history)
    try:
        return input(PROMPT)
    except EOFError:
        return None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _is_real(stream: TextIO) -> bool:
    try:
        stream.fileno()
    except (OSError, ValueError, AttributeError):
        return False
    return True


__all__ = ["ConsoleAdapter", "clean", "render"]
