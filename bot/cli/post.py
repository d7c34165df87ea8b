"""`paperboy post`: make the daily post now, over the same outbox as the scheduler, so
running it twice posts once (the second run says so)."""

from __future__ import annotations

import asyncio
import datetime as dt

import click

from bot.app import App
from bot.channels.registry import UnknownChannel
from bot.cli.common import CliState, fail
from bot.config import Config
from bot.delivery.outcome import PostOutcome, is_missed_record
from bot.plugins import AdapterFactory
from storage.base import DeliveryStatus


async def post(
    config: Config,
    adapter_factory: AdapterFactory,
    channels: tuple[str, ...],
    day: dt.date | None,
) -> tuple[list[PostOutcome], list[str]]:
    """Plan and send. Returns the outcomes and the failures (one line each).

    The adapters are not started: sending needs no socket or gateway (see
    `App.start_adapters`), so no Slack Socket Mode connection or Discord gateway is opened
    and no SLACK_APP_TOKEN or signing secret is needed."""
    app = await App.build(config, adapter_factory=adapter_factory)
    try:
        known = await app.channels.names() if app.channels else [c.name for c in config.channels]
        if not known:
            raise UnknownChannel("", [])
        for name in channels:
            if name not in known:
                raise UnknownChannel(name, known)
        outcomes = await app.post(channels, day)
        await app.deliver()
        failures = []
        for outcome in outcomes:
            for delivery in await app.poster.day_deliveries(outcome.channel, outcome.day):
                if is_missed_record(delivery):
                    continue  # `describe` says the day was missed; nothing was to be sent
                if delivery.status is DeliveryStatus.FAILED:
                    failures.append(f"{outcome.channel}: {delivery.key}: {delivery.error}")
                elif delivery.status is not DeliveryStatus.SENT:
                    failures.append(f"{outcome.channel}: {delivery.key}: still {delivery.status}")
        return outcomes, failures
    finally:
        await app.stop()


@click.command()
@click.option(
    "--channel",
    "channels",
    multiple=True,
    metavar="NAME",
    help="A channel's name, from [[channels]] or set up from chat (repeatable; default: every "
    "channel).",
)
@click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day to post for, YYYY-MM-DD (default: today in each channel's time zone).",
)
@click.pass_obj
def command(state: CliState, channels: tuple[str, ...], date: dt.datetime | None) -> None:
    """Make the daily post now through the configured adapters (never twice a day)."""
    config = state.config()
    from bot.plugins import adapter_factory  # entry points: bot/ never imports adapters

    day = date.date() if date is not None else None
    try:
        outcomes, failures = asyncio.run(post(config, adapter_factory, channels, day))
    except UnknownChannel as exc:
        if not exc.name:
            fail("no [[channels]] are configured or set up from chat: nothing to post to")
        fail(str(exc.args[0]))
    for outcome in outcomes:
        click.echo(outcome.describe())
    for line in failures:
        click.secho(f"not delivered: {line}", fg="red", err=True)
    if failures:
        raise SystemExit(1)
