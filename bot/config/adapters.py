"""What an adapter declares about its configuration, so `bot/config` never has to know it.

A chat adapter is a plugin: the class its `paperboy.adapters` entry point names carries a
`spec = AdapterSpec(...)` attribute with

- `validate(name, table)`: checks its `[adapters.<name>]` table at load time (so
  `paperboy config check` names a bad key before anything starts) and raises `ValueError`
  whose message names each bad key; and
- `secrets`: environment variable -> secret name (`{"SLACK_BOT_TOKEN": "slack_bot_token"}`),
  read from the environment only for the adapters in use, masked in `config check` and in
  every log line like the core's secrets, handed to the adapter in `Secrets`.

A third-party adapter does the same and needs no edit here. Environment variables named
`PAPERBOY_...` are configuration overrides, so an adapter's secrets use other names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.config.schema import AdapterConfig, Config
from bot.config.secrets import CORE_SECRET_ENV, Secrets

ValidateTable = Callable[[str, AdapterConfig], Any]


@dataclass(frozen=True)
class AdapterSpec:
    """An adapter's declaration (see the module docstring)."""

    validate: ValidateTable | None = None
    secrets: Mapping[str, str] = field(default_factory=dict)  # env var -> secret name


# kind -> its spec, or None for a kind that declares nothing or cannot be loaded (an
# unknown kind is reported when the bot is built, naming the registered adapters).
FindSpec = Callable[[str], AdapterSpec | None]


def adapter_specs(config: Config, find: FindSpec) -> dict[str, AdapterSpec]:
    """The spec of each adapter in use (by adapter name), where its kind declares one."""
    found: dict[str, AdapterSpec] = {}
    for name in config.adapter_names():
        spec = find(config.adapter(name).kind or name)
        if spec is not None:
            found[name] = spec
    return found


def table_problems(config: Config, specs: Mapping[str, AdapterSpec]) -> list[str]:
    """Each adapter's own check of its table: its error message per bad table (empty: all
    good)."""
    problems: list[str] = []
    for name, spec in specs.items():
        if spec.validate is None:
            continue
        try:
            spec.validate(name, config.adapter(name))
        except ValueError as exc:
            problems.append(str(exc))
    return problems


def read_secrets(environ: Mapping[str, str], specs: Mapping[str, AdapterSpec]) -> Secrets:
    """The core's secrets and those of the adapters in use, from the environment."""
    wanted = dict(CORE_SECRET_ENV)
    for spec in specs.values():
        wanted.update(spec.secrets)
    return Secrets.model_validate({name: environ.get(env) or None for env, name in wanted.items()})
