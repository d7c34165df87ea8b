"""What every adapter builds on: the seam (re-exported from the core) and the registry."""

from __future__ import annotations

from importlib.metadata import entry_points

from bot.ports import ChatAdapter, CommandHandler, MessageRef, SendError, Target

ENTRY_POINT_GROUP = "paperboy.adapters"
BUILTIN = {
    "console": "adapters.console:ConsoleAdapter",
    "discord": "adapters.discord:DiscordAdapter",
    "slack": "adapters.slack:SlackAdapter",
}


def adapter_factory(kind: str) -> type:
    """The adapter class for `kind`: a built-in name, a `paperboy.adapters` entry point,
    or an importable `package.module:Class` path (third-party and test adapters)."""
    if ":" in kind:
        module_name, _, attr = kind.partition(":")
        module = __import__(module_name, fromlist=[attr])
        found: type = getattr(module, attr)
        return found
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == kind:
            loaded: type = ep.load()
            return loaded
    if kind not in BUILTIN:
        known = ", ".join(sorted(BUILTIN))
        raise LookupError(f"unknown adapter {kind!r}; known: {known}")
    module_name, _, attr = BUILTIN[kind].partition(":")
    module = __import__(module_name, fromlist=[attr])
    cls: type = getattr(module, attr)
    return cls


__all__ = [
    "BUILTIN",
    "ENTRY_POINT_GROUP",
    "ChatAdapter",
    "CommandHandler",
    "MessageRef",
    "SendError",
    "Target",
    "adapter_factory",
]
