"""`paperboy db ...`: not built yet (the storage work fills it)."""

from __future__ import annotations

import click

from bot.cli.common import not_built


@click.group()
def command() -> None:
    """Database maintenance."""


@command.command("upgrade")
def upgrade() -> None:
    """Apply the schema migrations (also done automatically at start)."""
    not_built("db upgrade")
