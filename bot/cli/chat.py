"""`paperboy chat`: not built yet (a later issue fills it)."""

from __future__ import annotations

import click

from bot.cli.common import not_built


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def command(args: tuple[str, ...]) -> None:
    """(not built yet)"""
    not_built("chat")
