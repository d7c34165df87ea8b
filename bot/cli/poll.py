"""`paperboy poll --once [--source NAME] [--json]`: poll sources now and show the outcome."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Sequence

import click
from rich.console import Console
from rich.table import Table

from bot.cli.common import CliState, fail
from bot.clock import SystemClock
from bot.config import Config
from bot.http import make_http_client
from bot.sources import Poller, PollReport


async def poll_sources(config: Config, names: Sequence[str] | None) -> list[PollReport]:
    from storage import open_store

    store = await open_store(config.storage.url)
    try:
        async with make_http_client(config.http) as http:
            poller = Poller(config.sources, store, http, SystemClock())
            return await poller.poll_all(names)
    finally:
        await store.close()


def render_table(reports: Sequence[PollReport]) -> Table:
    table = Table(title="Poll", show_lines=False)
    table.add_column("source")
    table.add_column("new", justify="right")
    table.add_column("updated", justify="right")
    table.add_column("unchanged", justify="right")
    table.add_column("status")
    table.add_column("error / notes", overflow="fold")
    for report in reports:
        if report.failed:
            status, note = "[red]failed[/red]", report.error or ""
        elif report.not_modified:
            status, note = "[green]not modified[/green]", ""
        else:
            status, note = "[green]ok[/green]", "; ".join(report.warnings)
        table.add_row(
            report.source,
            str(report.new),
            str(report.updated),
            str(report.unchanged),
            status,
            note,
        )
    return table


@click.command()
@click.option("--once", is_flag=True, help="Poll once now and exit (required).")
@click.option(
    "--source",
    "names",
    multiple=True,
    metavar="NAME",
    help="Poll only this source (repeatable; default: every enabled source).",
)
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per source instead of a table."
)
@click.pass_obj
def command(state: CliState, once: bool, names: tuple[str, ...], as_json: bool) -> None:
    """Poll the configured sources now and show what each found.

    Prints new, updated and unchanged papers per source, and the error of any source
    that failed; exits with status 1 when any source failed.
    """
    if not once:
        fail("`paperboy poll` polls once: pass --once (continuous polling is `paperboy run`)", 2)
    config = state.config()
    if not config.sources:
        fail("no [[sources]] configured: add one to the config file (see `paperboy config check`)")
    known = [s.name for s in config.sources]
    for name in names:
        if name not in known:
            fail(f"no source named {name!r} (configured: {', '.join(known)})")
    reports = asyncio.run(poll_sources(config, list(names) or None))
    if as_json:
        for report in reports:
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        Console(soft_wrap=False).print(render_table(reports))
    if any(report.failed for report in reports):
        sys.exit(1)
