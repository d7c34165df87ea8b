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
from bot.cli.common import CliState, fail
from bot.config import Config
from storage import StoreError, open_store


async def _report(config: Config, at: dt.datetime, channels: list[str] | None) -> StatusReport:
    store = await open_store(config.storage.url)
    try:
        return await build_report(config, store, at, channels)
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
    known = {c.name for c in config.channels}
    unknown = [name for name in channels if name not in known]
    if unknown:
        fail(f"no channel named {unknown[0]!r} (configured: {', '.join(sorted(known)) or 'none'})")
    try:
        report = asyncio.run(_report(config, at, list(channels) or None))
    except StoreError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(report_lines(report, ZoneInfo("UTC"))))
