"""`paperboy run`: the whole bot (scheduler, every configured adapter, commands, the outbox
sender) until SIGTERM or Ctrl-C, which finish the sends in flight and stop within 10 s."""

from __future__ import annotations

import asyncio
import logging
import signal

import click

from bot.app import AdapterFactory, App
from bot.cli.common import CliState, fail
from bot.config import Config

log = logging.getLogger(__name__)


async def serve(
    config: Config, adapter_factory: AdapterFactory, *, stopping: asyncio.Event | None = None
) -> None:
    """Build and run the bot until `stopping` is set (SIGTERM and SIGINT set it)."""
    stopping = stopping or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    app = await App.build(config, adapter_factory=adapter_factory)
    try:
        await app.start()
        names = ", ".join(app.adapters) or "none"
        click.secho(
            f"paperboy is running (adapters: {names}; {len(config.channels)} channel(s), "
            f"{len(config.sources)} source(s)). Ctrl-C or SIGTERM stops it.",
            fg="green",
            err=True,
        )
        await stopping.wait()
        click.echo("stopping: finishing the sends in flight...", err=True)
    finally:
        await app.stop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    click.echo("stopped.", err=True)


@click.command()
@click.pass_obj
def command(state: CliState) -> None:
    """Run the bot: scheduler, chat adapters, commands and deliveries (Ctrl-C stops)."""
    config = state.config()
    from adapters.base import adapter_factory  # the CLI edge: the core never imports adapters

    try:
        asyncio.run(serve(config, adapter_factory))
    except LookupError as exc:  # an unknown adapter kind
        fail(str(exc))
