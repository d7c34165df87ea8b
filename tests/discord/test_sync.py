"""The command-definition hash: what decides whether `/paper` is synced again."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from adapters.discord.sync import definition_hash

LOCAL: list[dict[str, Any]] = [
    {
        "name": "paper",
        "description": "Papers",
        "type": 1,
        "contexts": [0],
        "integration_types": [0],
        "default_member_permissions": None,
        "nsfw": False,
        "dm_permission": False,
        "options": [
            {
                "type": 1,
                "name": "search",
                "description": "Search",
                "options": [
                    {"type": 3, "name": "query", "description": "Q", "required": True},
                ],
            },
            {"type": 1, "name": "help", "description": "Help", "options": []},
        ],
    }
]


def _registered() -> list[dict[str, Any]]:
    """What Discord answers for the same definition: ids, versions, defaults spelled out."""
    remote = copy.deepcopy(LOCAL)
    remote[0].update({"id": "1", "application_id": "2", "version": "3", "guild_id": "4"})
    remote[0].pop("dm_permission")
    remote[0]["description_localizations"] = None
    help_ = remote[0]["options"][1]
    help_.pop("options")
    help_["required"] = False
    return remote


def test_the_registered_form_of_the_same_commands_hashes_the_same() -> None:
    assert definition_hash(LOCAL) == definition_hash(_registered())


def test_a_changed_description_option_or_permission_changes_the_hash() -> None:
    base = definition_hash(LOCAL)
    changes: tuple[Callable[[list[dict[str, Any]]], object], ...] = (
        lambda c: c[0].update(description="Other"),
        lambda c: c[0]["options"][0]["options"][0].update(required=False),
        lambda c: c[0]["options"].append({"type": 1, "name": "new", "description": "N"}),
        lambda c: c[0].update(default_member_permissions="16"),
        lambda c: c[0].update(contexts=[0, 1]),
    )
    for change in changes:
        changed = copy.deepcopy(LOCAL)
        change(changed)
        assert definition_hash(changed) != base
