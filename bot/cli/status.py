"""`paperboy status [--json] [--at ISO_TIME]`: sources' health and calendars, each
channel's next post and why it may be empty or short."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from zoneinfo import ZoneInfo

import click

from bot.calendar.render import report_json, report_lines
from bot.calendar.report import StatusReport, build_report
from bot.channels.ports import ChannelDirectory
from bot.channels.registry import as_config
from bot.cli.common import CliState, fail
from bot.config import Config
from storage import StoreError, open_store
from storage.channels import channel_directory


async def with_chat_channels(config: Config, directory: ChannelDirectory) -> Config:
    """`config` whose channels are every channel `paperboy post` posts to: the TOML ones
    (with the settings chat gave them) and those set up from chat, none removed (as
    bot.channels.registry.ChannelRegistry.names lists them)."""
    records = {r.name: r for r in await directory.list_chat_channels()}
    channels = [
        as_config(records[c.name], c) if c.name in records else c
        for c in config.channels
        if c.name not in records or records[c.name].removed is None
    ]
    seeds = {c.name for c in config.channels}
    channels += [as_config(r) for n, r in records.items() if n not in seeds and r.removed is None]
    return config.model_copy(update={"channels": channels})


async def _report(config: Config, at: dt.datetime, channels: list[str]) -> StatusReport | str:
    """The report, or why not (a channel name that is not known)."""
    store = await open_store(config.storage.url)
    try:
        config = await with_chat_channels(config, channel_directory(store.engine))
        known = [c.name for c in config.channels]
        unknown = [name for name in channels if name not in known]
        if unknown:
            return (
                f"no channel named {unknown[0]!r} (configured or set up from chat: "
                f"{', '.join(sorted(known)) or 'none'})"
            )
        return await build_report(config, store, at, channels or None)
    finally:
        await store.close()


def parse_at(text: str | None) -> dt.datetime:
    """An ISO 8601 moment; without an offset it is read as UTC. Default: now."""
    if text is None:
        return dt.datetime.now(dt.UTC)  # the command line's one reading of the real clock
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        fail(f"--at: expected an ISO 8601 time such as 2026-12-25T09:00+01:00, got {text!r}")
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--at",
    "at_text",
    default=None,
    metavar="ISO_TIME",
    help="Evaluate at this moment instead of now (UTC when it has no offset).",
)
@click.option("--channel", "channels", multiple=True, help="Only this channel (repeatable).")
@click.pass_obj
def command(state: CliState, as_json: bool, at_text: str | None, channels: tuple[str, ...]) -> None:
    """Each source's last success, failures and next announcement; each channel's next
    post and why it may be empty or short (weekend, arXiv holiday, a failing source)."""
    config = state.config()
    at = parse_at(at_text)
    try:
        report = asyncio.run(_report(config, at, list(channels)))
    except StoreError as exc:
        fail(str(exc))
    if isinstance(report, str):
        fail(report)
    if as_json:
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(report_lines(report, ZoneInfo("UTC"))))
