"""`paperboy config check`: validate the configuration and print it, secrets masked."""

from __future__ import annotations

import json

import click

from bot.cli.common import CliState


@click.group()
def command() -> None:
    """Inspect the configuration."""


@command.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the effective config as JSON.")
@click.pass_obj
def check(state: CliState, as_json: bool) -> None:
    """Validate the config (file + PAPERBOY_* environment) and print the effective values.

    Exits 1 with a message naming each bad key when the configuration is invalid.
    Secrets are shown as *** (or null when unset).
    """
    config = state.config()
    data = config.masked()
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
        return
    from rich.console import Console
    from rich.pretty import Pretty

    source = state.config_path or "(built-in defaults)"
    click.secho(f"configuration OK: {source}", fg="green", err=True)
    Console().print(Pretty(data, expand_all=True))
