"""Sync `/paper` only when its definition changed (Discord allows 200 creates a day per guild).

The local definitions and the registered ones are reduced to the fields that matter and
hashed; only a difference triggers the bulk overwrite. Reading the registered commands is
a GET, which does not count against the daily create limit.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands

log = logging.getLogger(__name__)

_COMMAND_KEYS = (
    "name",
    "description",
    "type",
    "default_member_permissions",
    "contexts",
    "integration_types",
    "nsfw",
)
_OPTION_KEYS = (
    "name",
    "description",
    "type",
    "choices",
    "min_value",
    "max_value",
    "min_length",
    "max_length",
    "channel_types",
)
_DEFAULTS: dict[str, Any] = {"type": 1, "nsfw": False, "required": False, "autocomplete": False}


def _option(raw: dict[str, Any]) -> dict[str, Any]:
    shape = {key: raw[key] for key in _OPTION_KEYS if raw.get(key) is not None}
    shape["required"] = bool(raw.get("required", False))
    shape["autocomplete"] = bool(raw.get("autocomplete", False))
    if raw.get("options"):
        shape["options"] = [_option(o) for o in raw["options"]]
    return shape


def _command(raw: dict[str, Any]) -> dict[str, Any]:
    shape = {key: raw.get(key, _DEFAULTS.get(key)) for key in _COMMAND_KEYS}
    if shape["default_member_permissions"] is not None:
        shape["default_member_permissions"] = str(shape["default_member_permissions"])
    shape["options"] = [_option(o) for o in raw.get("options") or ()]
    return shape


def definition_hash(commands: list[dict[str, Any]]) -> str:
    """A hash of what Discord shows of these commands, independent of ids and ordering."""
    shapes = sorted((_command(c) for c in commands), key=lambda c: (c["name"], c["type"]))
    return hashlib.sha256(json.dumps(shapes, sort_keys=True).encode()).hexdigest()


async def sync_if_changed(
    client: discord.Client, tree: app_commands.CommandTree[Any], guild_ids: tuple[int, ...]
) -> list[str]:
    """Sync globally (or to each of `guild_ids`) where the definitions differ; returns the
    scopes synced (`global` or guild ids)."""
    app_id = client.application_id
    if app_id is None:
        raise RuntimeError("sync needs a logged-in client (application id unknown)")
    scopes: list[discord.Object | None] = [discord.Object(g) for g in guild_ids] or [None]
    synced: list[str] = []
    for guild in scopes:
        if guild is not None:
            tree.copy_global_to(guild=guild)
        local = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
        if guild is None:
            remote = await client.http.get_global_commands(app_id)
        else:
            remote = await client.http.get_guild_commands(app_id, guild.id)
        scope = "global" if guild is None else str(guild.id)
        if definition_hash(local) == definition_hash(list(remote)):  # type: ignore[arg-type]
            log.info("discord commands unchanged", extra={"scope": scope})
            continue
        await tree.sync(guild=guild)
        log.info("discord commands synced", extra={"scope": scope})
        synced.append(scope)
    return synced
