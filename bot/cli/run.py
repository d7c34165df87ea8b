"""`paperboy run`: the whole bot (scheduler, every configured adapter, commands, the outbox
sender) until SIGTERM or Ctrl-C, which finish the sends in flight and stop within 10 s."""

from __future__ import annotations

import asyncio
import logging
import signal

import click

from bot.app import App
from bot.cli.common import CliState, fail
from bot.config import Config
from bot.health import HealthServer, runtime_server
from bot.leader import Role, RunRefused, process_lock, scheduler_elector
from bot.metrics import Metrics
from bot.plugins import AdapterFactory

log = logging.getLogger(__name__)


async def serve(
    config: Config,
    adapter_factory: AdapterFactory,
    *,
    stopping: asyncio.Event | None = None,
    role: Role = Role.ALL,
) -> None:
    """Build and run the bot until `stopping` is set (SIGTERM and SIGINT set it).

    `role`: all, scheduler or worker. The scheduler runs only while this process holds
    the leader lock (bot/leader.py); workers send what the outbox holds.
    """
    lock = await process_lock(config.storage.url, role)  # SQLite: refuses a second process
    stopping = stopping or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    metrics = Metrics()
    app = await App.build(config, adapter_factory=adapter_factory, metrics=metrics)
    elector = None
    if role is not Role.WORKER and lock is not None:
        elector = scheduler_elector(lock, app.scheduler, on_change=metrics.set_leader)
    health: HealthServer | None = None
    if config.health.port is not None:
        adapters = list(app.adapters.values())
        health = runtime_server(
            config.health, store=app.store, adapters=adapters, metrics=metrics, scheduler=elector
        )
    leading: asyncio.Task[None] | None = None
    try:
        scheduler = role is not Role.WORKER and elector is None
        await app.start(scheduler=scheduler, sender=role is not Role.SCHEDULER)
        if elector is not None:
            leading = asyncio.create_task(elector.run())
        if health is not None:
            await health.start()
        names = ", ".join(app.adapters) or "none"
        click.secho(
            f"paperboy is running (adapters: {names}; {len(config.channels)} channel(s), "
            f"{len(config.sources)} source(s)). Ctrl-C or SIGTERM stops it.",
            fg="green",
            err=True,
        )
        if not config.sources or not config.channels:
            click.secho(
                "No [[sources]] or no [[channels]] configured: nothing will be polled or posted. "
                "Copy paperboy.example.toml and pass it with --config (or try `paperboy demo`).",
                fg="yellow",
                err=True,
            )
        await stopping.wait()
        click.echo("stopping: finishing the sends in flight...", err=True)
    finally:
        if leading is not None:
            leading.cancel()
            await asyncio.gather(leading, return_exceptions=True)
        if health is not None:
            await health.stop()
        await app.stop()
        if lock is not None:
            await lock.release()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    click.echo("stopped.", err=True)


@click.command()
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.ALL.value,
    show_default=True,
    help="scheduler: plan posts and polls (one process at a time holds the scheduler); "
    "worker: send from the outbox; all: both. Several processes need PostgreSQL.",
)
@click.pass_obj
def command(state: CliState, role: str) -> None:
    """Run the bot: scheduler, chat adapters, commands and deliveries (Ctrl-C stops)."""
    config = state.config()
    from bot.plugins import adapter_factory  # entry points: bot/ never imports adapters

    try:
        asyncio.run(serve(config, adapter_factory, role=Role(role)))
    except LookupError as exc:  # an unknown adapter kind
        fail(str(exc))
    except RunRefused as exc:  # another process on this SQLite file, or a role it cannot run
        fail(str(exc))
