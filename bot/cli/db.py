"""`paperboy db ...`: database maintenance (schema migrations)."""

from __future__ import annotations

import asyncio

import click

from bot.cli.common import CliState, fail
from bot.cli.db_copy import command as copy_command
from bot.logs import mask_url
from storage import StoreError, revision
from storage import upgrade as upgrade_store
from storage.migrate import head_revision, pending_revisions


@click.group()
def command() -> None:
    """Database maintenance."""


@command.command("upgrade")
@click.pass_obj
def upgrade(state: CliState) -> None:
    """Apply the schema migrations (also done automatically at start)."""
    url = state.config().storage.url
    try:
        before, after = asyncio.run(upgrade_store(url))
    except StoreError as exc:
        fail(str(exc))
    if before == after:
        click.echo(f"{mask_url(url)}: already up to date (revision {after})")
        return
    click.echo(f"{mask_url(url)}: upgraded from {before or 'an empty database'} to {after}")
    for line in pending_revisions(before):
        click.echo(f"  applied {line}")


@command.command("status")
@click.pass_obj
def status(state: CliState) -> None:
    """Show the database's schema revision and the migrations not applied yet."""
    url = state.config().storage.url
    try:
        current = asyncio.run(revision(url))
    except StoreError as exc:
        fail(str(exc))
    click.echo(
        f"{mask_url(url)}: revision {current or '(none: empty database)'}, head {head_revision()}"
    )
    waiting = pending_revisions(current) if current != head_revision() else []
    for line in waiting:
        click.echo(f"  pending {line}")
    if waiting:
        click.echo("run `paperboy db upgrade` to apply them (they are also applied at start)")


command.add_command(copy_command, "copy")
