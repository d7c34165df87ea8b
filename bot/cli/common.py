"""What every CLI command shares: the loaded config, error printing, the store."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import NoReturn

import click

from bot.config import Config, ConfigError, load_config
from bot.logs import RedactingFilter


@dataclass
class CliState:
    config_path: str | None
    redactor: RedactingFilter = field(default_factory=RedactingFilter)

    def config(self) -> Config:
        """Load and validate the configuration; its secret values are masked in every log line
        from now on."""
        try:
            config = load_config(self.config_path, os.environ)
        except ConfigError as exc:
            fail(str(exc))
        self.redactor.add_secrets(config.secrets.values())
        return config


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a readable one-line (or few-line) error and exit non-zero; no traceback."""
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)
