"""Loading: the TOML file, then `PAPERBOY_*` environment overrides, then validation."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.config.adapters import FindSpec, adapter_specs, read_secrets, table_problems
from bot.config.schema import Config
from bot.config.secrets import CORE_SECRET_ENV

ENV_PREFIX = "PAPERBOY_"
CONFIG_ENV = "PAPERBOY_CONFIG"


# The core's secrets: environment variable -> name in `Secrets`. Each adapter declares its
# own (bot.config.adapters.AdapterSpec). Secrets are read only from the environment.
SECRET_ENV = CORE_SECRET_ENV


class ConfigError(Exception):
    """The configuration is invalid; the message lists each bad key, value and what is allowed."""


def load_config(
    path: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    adapters: FindSpec | None = None,
) -> Config:
    """Read the TOML file (if any), apply `PAPERBOY_*` overrides, validate, let each adapter
    in use validate its `[adapters.<name>]` table, and read the secrets (the core's and those
    the adapters in use declare). `adapters`: kind -> AdapterSpec (default: the installed
    adapters' entry points, bot.plugins.adapter_spec)."""
    environ = dict(environ or {})
    if path is None and environ.get(CONFIG_ENV):
        path = environ[CONFIG_ENV]
    data: dict[str, Any] = {}
    if path is not None:
        file = Path(path)
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {file}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: not valid TOML: {exc}") from None
    if "secrets" in data:
        raise ConfigError(
            "secrets are read only from the environment: remove [secrets] from the file and set "
            + ", ".join(SECRET_ENV)
            + " and each adapter's (e.g. SLACK_BOT_TOKEN, DISCORD_TOKEN) there"
        )
    _apply_env(data, environ)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, data)) from None
    if adapters is None:
        from bot.plugins import adapter_spec  # entry points, loaded on demand

        adapters = adapter_spec
    specs = adapter_specs(config, adapters)
    problems = table_problems(config, specs)
    if problems:
        lines = [f"invalid configuration ({len(problems)} adapter table(s)):"]
        lines += [f"  {line.strip()}" for text in problems for line in text.splitlines()]
        raise ConfigError("\n".join(lines))
    return config.model_copy(update={"secrets": read_secrets(environ, specs)})


def _apply_env(data: dict[str, Any], environ: Mapping[str, str]) -> None:
    for key, raw in sorted(environ.items()):
        if not key.startswith(ENV_PREFIX) or key == CONFIG_ENV or key in SECRET_ENV:
            continue
        if key.startswith(ENV_PREFIX + "TEST_"):
            continue  # test-suite settings, not configuration
        parts = [p.lower() for p in key[len(ENV_PREFIX) :].split("__") if p]
        if not parts:
            continue
        node: Any = data
        for index, part in enumerate(parts[:-1]):
            following: Any = [] if parts[index + 1].isdigit() else {}
            node = _child(node, part, following)
        _set(node, parts[-1], _parse_env_value(raw))


def _child(node: Any, part: str, default: Any) -> Any:
    if isinstance(node, list):
        position = int(part)
        while len(node) <= position:
            node.append({})
        return node[position]
    if not isinstance(node.get(part), dict | list):
        node[part] = default
    return node[part]


def _set(node: Any, part: str, value: Any) -> None:
    if isinstance(node, list):
        position = int(part)
        while len(node) <= position:
            node.append(None)
        node[position] = value
    else:
        node[part] = value


def _parse_env_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _describe(exc: ValidationError, data: Mapping[str, Any]) -> str:
    lines = [f"invalid configuration ({exc.error_count()} problem(s)):"]
    for error in exc.errors():
        location = _location(error["loc"], data)
        message = error["msg"].removeprefix("Value error, ")
        shown = error.get("input")
        if error["type"] == "extra_forbidden":
            lines.append(f"  {location}: unknown key (check its spelling)")
        elif isinstance(shown, dict | list) or location.startswith("secrets") or "got " in message:
            lines.append(f"  {location}: {message}")
        else:
            lines.append(f"  {location}: {message} (got {shown!r})")
    return "\n".join(lines)


def _location(loc: tuple[Any, ...], data: Mapping[str, Any]) -> str:
    parts: list[str] = []
    node: Any = data
    for item in loc:
        if isinstance(item, int):
            name = (
                node[item].get("name")
                if isinstance(node, list) and item < len(node) and isinstance(node[item], dict)
                else None
            )
            parts[-1] = (
                f"{parts[-1]}[{item}]" + (f" ({name})" if name else "") if parts else f"[{item}]"
            )
            node = node[item] if isinstance(node, list) and item < len(node) else None
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts) or "(top level)"
