"""The `paperboy` command line. One module per command (group), registered here.

Each module exposes a click command (or group) named `command`.
"""

from __future__ import annotations

import importlib

import click

from bot import __version__

# module under bot.cli -> name on the command line
COMMANDS = {
    "db": "db",
    "config_cmd": "config",
    "poll": "poll",
    "backfill": "backfill",
    "search": "search",
    "review": "review",
    "ask": "ask",
    "fulltext": "fulltext",
    "post": "post",
    "status": "status",
    "chat": "chat",
    "run": "run",
    "demo": "demo",
}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="paperboy")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="PAPERBOY_CONFIG",
    help="TOML configuration file (default: $PAPERBOY_CONFIG, else built-in defaults).",
)
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Log lines for humans or as JSON objects.",
)
@click.option("-v", "--verbose", count=True, help="More log detail (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, log_format: str, verbose: int) -> None:
    """paperboy: daily research-paper reviews for Discord, Slack and the terminal.

    Polls arXiv, Hugging Face Daily Papers and RSS/Atom feeds, writes a house-style review
    of each paper, posts a daily selection to each channel and sends each user the papers
    that match their topics. Start with `paperboy demo`.
    """
    from bot.cli.common import CliState
    from bot.logs import configure_logging

    redactor = configure_logging(log_format, verbose)
    ctx.obj = CliState(config_path=config_path, redactor=redactor)


for _module, _name in COMMANDS.items():
    _command = importlib.import_module(f"bot.cli.{_module}").command
    cli.add_command(_command, _name)


def main() -> None:
    from bot.cli.common import fail
    from bot.plugins import MissingExtra
    from storage import StoreError

    # The errors a user fixes by installing an extra or correcting the storage URL are one
    # line, whichever command meets them first; anything else keeps its traceback.
    try:
        cli()
    except (MissingExtra, StoreError) as exc:
        fail(str(exc))
