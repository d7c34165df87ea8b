"""Finding chat adapters without importing them by name.

The core never imports `adapters` (the architecture test enforces it). Adapters are found
through the `paperboy.adapters` entry-point group (the built-in console, discord and slack
adapters are registered there by pyproject.toml, third parties register theirs the same
way), or by an importable `package.module:Class` path given as an adapter's `kind`.

An adapter's class declares its config table and secrets in a `spec` attribute
(bot.config.AdapterSpec); `adapter_spec` hands it to `load_config`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from importlib.metadata import entry_points
from typing import Protocol

from bot.config import AdapterConfig, Config, Secrets
from bot.config.adapters import AdapterSpec
from bot.ports import ChatAdapter

ENTRY_POINT_GROUP = "paperboy.adapters"


class AdapterClass(Protocol):
    """An adapter class: built as `cls(name, its [adapters.<name>] table, the secrets)`."""

    def __call__(self, name: str, settings: AdapterConfig, secrets: Secrets) -> ChatAdapter: ...


AdapterFactory = Callable[[str], AdapterClass]  # kind -> adapter class (`adapter_factory`)


class MissingExtra(ImportError):
    """An adapter's package is not installed; the message names the pip extra."""


class UnknownAdapter(LookupError):
    """No adapter is registered under that name."""


def adapter_names() -> list[str]:
    return sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))


def adapter_factory(kind: str) -> AdapterClass:
    """The adapter class for `kind`: an entry-point name or a `package.module:Class` path.

    Raises `UnknownAdapter` naming the registered adapters, or ImportError with the
    missing package when an adapter's extra is not installed (e.g. `paperboy[discord]`).
    """
    if ":" in kind:
        module_name, _, attr = kind.partition(":")
        found: AdapterClass = getattr(importlib.import_module(module_name), attr)
        return found
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == kind:
            try:
                loaded: AdapterClass = ep.load()
            except ImportError as exc:
                raise MissingExtra(
                    f"the {kind!r} adapter needs its extra: pip install 'paperboy[{kind}]' ({exc})"
                ) from exc
            return loaded
    known = ", ".join(adapter_names()) or "none"
    raise UnknownAdapter(f"unknown adapter {kind!r}; registered adapters: {known}")


def adapter_spec(kind: str) -> AdapterSpec | None:
    """What the adapter of `kind` declares (its `spec`), or None when it declares nothing,
    is unknown, or its extra is not installed: building the bot then names the problem."""
    try:
        cls = adapter_factory(kind)
    except (LookupError, ImportError, AttributeError, ValueError):
        return None
    spec = getattr(cls, "spec", None)
    return spec if isinstance(spec, AdapterSpec) else None


def adapter_kinds(config: Config) -> dict[str, str]:
    """Adapter name -> platform kind (`[adapters.<name>] kind`, default the name)."""
    return {name: config.adapter(name).kind or name for name in config.adapter_names()}


def build_adapters(config: Config, factory: AdapterFactory) -> dict[str, ChatAdapter]:
    adapters: dict[str, ChatAdapter] = {}
    for name, kind in adapter_kinds(config).items():
        cls = factory(kind)
        adapters[name] = cls(name, config.adapter(name), config.secrets)
    return adapters


def platform_map(kinds: Mapping[str, str]) -> dict[str, str]:
    """The platform a command came from (`slack`, `discord`, or a console adapter's name)
    -> the adapter that sends direct messages there."""
    found: dict[str, str] = {}
    for name, kind in kinds.items():
        found.setdefault(kind, name)
        found[name] = name
    return found
