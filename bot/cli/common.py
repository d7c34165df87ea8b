"""What every CLI command shares: the loaded config, error printing, the store."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import NoReturn

import click

from bot.config import Config, ConfigError, load_config


@dataclass
class CliState:
    config_path: str | None

    def config(self) -> Config:
        try:
            return load_config(self.config_path, os.environ)
        except ConfigError as exc:
            fail(str(exc))


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a readable one-line (or few-line) error and exit non-zero; no traceback."""
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


def not_built(name: str) -> NoReturn:
    fail(f"`paperboy {name}` is not built yet in this version", code=2)
