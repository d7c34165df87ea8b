"""`paperboy db copy --to postgresql://...`: move a SQLite store into PostgreSQL."""

from __future__ import annotations

import asyncio

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from bot.cli.common import CliState, fail
from bot.config import mask_url
from storage.base import StoreError
from storage.copy import CopyReport, copy_store


@click.command("copy")
@click.option(
    "--to",
    "target",
    required=True,
    metavar="URL",
    help="The PostgreSQL store to copy into, e.g. postgresql://bot:PASSWORD@db:5432/paperboy.",
)
@click.option(
    "--from",
    "source",
    metavar="URL",
    help="The store to copy from (default: [storage] url of the configuration).",
)
@click.pass_obj
def command(state: CliState, target: str, source: str | None) -> None:
    """Copy every paper, review, subscription, channel state and delivery to PostgreSQL.

    Safe to repeat: a second run writes only what changed in the source since, and never
    re-opens a delivery the target has finished, so nothing is lost or posted twice.
    Stop `paperboy run` first, copy, then point [storage] url at the new database.
    """
    source = source or state.config().storage.url
    console = Console(stderr=True)
    console.print(f"Copying {mask_url(source)} -> {mask_url(target)}")
    with Progress(
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=False,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(table: str, done: int, total: int) -> None:
            if table not in tasks:
                tasks[table] = bar.add_task(table, total=total or 1)
            bar.update(tasks[table], completed=done if total else 1)

        try:
            report = asyncio.run(copy_store(source, target, progress=progress))
        except (StoreError, OSError) as exc:  # storage names every database failure
            fail(f"copy failed: {mask_url(str(exc).splitlines()[0] if str(exc) else repr(exc))}")
    _summary(console, report)


def _summary(console: Console, report: CopyReport) -> None:
    table = Table("table", "rows", "new", "updated", "unchanged")
    for item in report.tables:
        counts = (item.total, item.inserted, item.updated, item.unchanged)
        table.add_row(item.table, *(str(count) for count in counts))
    console.print(table)
    if report.written:
        console.print(f"Copied: {report.written} row(s) written.")
    else:
        console.print("Nothing to copy: the target already holds everything (no rows written).")
