"""`paperboy backfill --source NAME --since YYYY-MM-DD`: page back through the arXiv API."""

from __future__ import annotations

import asyncio
import datetime as dt

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.cli.common import CliState, fail
from bot.clock import SystemClock
from bot.config import Config, SourceConfig
from bot.sources import BackfillError, BackfillProgress, BackfillReport, SourceError, backfill
from bot.sources.backfill import check_backfill


async def run_backfill(
    source: SourceConfig, config: Config, since: dt.date, progress: Progress
) -> BackfillReport:
    from bot.http import make_http_client
    from storage import open_store

    task = progress.add_task(f"{source.name} since {since.isoformat()}", total=None)

    def advance(step: BackfillProgress) -> None:
        progress.update(task, completed=step.done, total=step.total)

    store = await open_store(config.storage.url)
    try:
        async with make_http_client(config.http) as http:
            return await backfill(source, store, http, SystemClock(), since=since, progress=advance)
    finally:
        await store.close()


@click.command()
@click.option(
    "--source", "name", required=True, metavar="NAME", help="An [[sources]] name of kind arxiv."
)
@click.option(
    "--since",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Store papers submitted on or after this day (YYYY-MM-DD).",
)
@click.pass_obj
def command(state: CliState, name: str, since: dt.datetime) -> None:
    """Store every paper of an arXiv source submitted since a day, with a progress bar.

    Pages through the arXiv API newest first, waiting the source's delay (3 s by default)
    between requests; pages already stored stay stored if it is interrupted.
    """
    config = state.config()
    try:
        source = config.source(name)
    except KeyError:
        known = ", ".join(s.name for s in config.sources) or "none"
        fail(f"no source named {name!r} (configured: {known})")
    try:
        check_backfill(source, since.date(), SystemClock().now())
    except BackfillError as exc:
        fail(str(exc))
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, transient=False) as progress:
            report = asyncio.run(run_backfill(source, config, since.date(), progress))
    except (BackfillError, SourceError) as exc:
        fail(str(exc))
    total = report.total if report.total is not None else "?"
    click.echo(
        f"{report.source}: read {report.read} of {total} "
        f"in {report.pages} page(s): {report.new} new, {report.updated} updated, "
        f"{report.unchanged} unchanged ({report.stopped})"
    )
