"""`paperboy chat`: the bot in this terminal, through the console adapter."""

from __future__ import annotations

import asyncio
import sys
from typing import Protocol, runtime_checkable

import click

from bot.app import App
from bot.cli.common import CliState, fail
from bot.config import AdapterConfig, Config
from bot.plugins import AdapterFactory
from bot.ports import CommandHandler
from storage import StoreError


@runtime_checkable
class Conversation(Protocol):
    """A console-kind adapter: it reads the commands itself, until its input ends."""

    async def run(self, on_command: CommandHandler) -> None: ...


def _settings(
    config: Config, name: str, speaker: tuple[str | None, str | None, bool] = (None, None, False)
) -> AdapterConfig:
    """The adapter's settings; commands are typed in the first channel it serves, unless
    `speaker` (channel, user, admin from --channel/--user/--admin) says otherwise. With
    --user, the user is an admin only with --admin."""
    settings = config.adapter(name)
    extra = dict(settings.model_extra or {})
    where, user, admin = speaker
    if where:
        extra["channel"] = where
    if user:
        extra["user"] = user
        extra["admin"] = admin
    elif admin:
        extra["admin"] = True
    if "channel" not in extra:
        for channel in config.channels:
            if channel.adapter == name:
                extra["channel"] = channel.target
                break
    return AdapterConfig(**{**settings.model_dump(exclude_unset=True), **extra})


def without_command_limits(config: Config) -> Config:
    """The config with no per-user or per-server command limit. Those limits guard a public
    bot from its readers; `paperboy chat` is its operator at a terminal, or a script piping
    one command a line, which must not be told it is "too fast"."""
    unlimited = {"commands_per_minute": sys.maxsize, "workspace_commands_per_minute": sys.maxsize}
    return config.model_copy(update={"limits": config.limits.model_copy(update=unlimited)})


async def _chat(
    config: Config,
    name: str,
    adapter_factory: AdapterFactory,
    speaker: tuple[str | None, str | None, bool] = (None, None, False),
) -> None:
    """The bot as `paperboy run` builds it, talking through one console-kind adapter; no
    scheduler or sender runs (`paperboy run` does that)."""
    settings = _settings(config, name, speaker)
    try:
        adapter_cls = adapter_factory(settings.kind or name)
    except LookupError as exc:
        fail(str(exc))
    adapter = adapter_cls(name, settings, config.secrets)
    if not isinstance(adapter, Conversation):
        fail(f"adapter {name!r} cannot chat in a terminal; use a console-kind adapter")
    app = await App.build(without_command_limits(config), adapters={name: adapter})
    try:
        await adapter.run(app.dispatcher)
    finally:
        await app.stop()


@click.command()
@click.option("--adapter", "name", default="console", show_default=True,
              help="The [adapters.NAME] table to use (a console-kind adapter).")  # fmt: skip
@click.option(
    "--channel",
    metavar="NAME",
    help="Speak in this channel (e.g. to /paper setup a daily post there).",
)
@click.option("--user", metavar="ID", help="Speak as this user id (not an admin unless --admin).")
@click.option("--admin", is_flag=True, help="The user is a channel admin (setup, settings).")
@click.pass_obj
def command(state: CliState, name: str, channel: str | None, user: str | None, admin: bool) -> None:
    """Talk to the bot in this terminal: type `/paper help`; Ctrl-D or `exit` leaves.

    With input from a pipe it runs one command a line and exits at the end, so a script
    can drive it: printf '/paper search diffusion\\n' | paperboy chat. The per-user and
    per-server command limits of [limits] do not apply here.
    """
    config = state.config()
    from bot.plugins import adapter_factory  # entry points: bot/ never imports adapters

    try:
        asyncio.run(_chat(config, name, adapter_factory, (channel, user, admin)))
    except StoreError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        pass
