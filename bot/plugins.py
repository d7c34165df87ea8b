"""Finding chat adapters without importing them by name.

The core never imports `adapters` (the architecture test enforces it). Adapters are found
through the `paperboy.adapters` entry-point group (the built-in console, discord and slack
adapters are registered there by pyproject.toml, third parties register theirs the same
way), or by an importable `package.module:Class` path given as an adapter's `kind`.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any

ENTRY_POINT_GROUP = "paperboy.adapters"


class UnknownAdapter(LookupError):
    """No adapter is registered under that name."""


def adapter_names() -> list[str]:
    return sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))


def adapter_factory(kind: str) -> Any:
    """The adapter class for `kind`: an entry-point name or a `package.module:Class` path.

    Raises `UnknownAdapter` naming the registered adapters, or ImportError with the
    missing package when an adapter's extra is not installed (e.g. `paperboy[discord]`).
    """
    if ":" in kind:
        module_name, _, attr = kind.partition(":")
        return getattr(importlib.import_module(module_name), attr)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == kind:
            try:
                return ep.load()
            except ImportError as exc:
                raise ImportError(
                    f"the {kind!r} adapter needs its extra: pip install 'paperboy[{kind}]' ({exc})"
                ) from exc
    known = ", ".join(adapter_names()) or "none"
    raise UnknownAdapter(f"unknown adapter {kind!r}; registered adapters: {known}")
