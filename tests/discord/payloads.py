"""Raw Discord payloads the fake serves (ids, the bot user, a guild, interactions)."""

from __future__ import annotations

from typing import Any

APP_ID = 900000000000000001
BOT_ID = APP_ID
GUILD_ID = 910000000000000001
CHANNEL_ID = 920000000000000001
USER_ID = 930000000000000001
ADMIN_ID = 930000000000000002
COMMAND_ID = 940000000000000001
MANAGE_CHANNELS = 1 << 4
SEND_MESSAGES = 1 << 11
VIEW_CHANNEL = 1 << 10
USE_APP_COMMANDS = 1 << 31

SUB_COMMAND = 1
STRING = 3


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": bot,
    }


def bot_user() -> dict[str, Any]:
    return user(BOT_ID, "paperboy", bot=True)


def app_info() -> dict[str, Any]:
    return {
        "id": str(APP_ID),
        "name": "paperboy",
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": user(USER_ID, "owner"),
        "verify_key": "00" * 32,
        "flags": 0,
        "summary": "",
        "rpc_origins": [],
    }


def text_channel(channel_id: int = CHANNEL_ID, name: str = "papers") -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(GUILD_ID),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def guild() -> dict[str, Any]:
    everyone = VIEW_CHANNEL | SEND_MESSAGES | USE_APP_COMMANDS
    return {
        "id": str(GUILD_ID),
        "name": "Reading group",
        "icon": None,
        "owner_id": str(ADMIN_ID),
        "unavailable": False,
        "member_count": 3,
        "large": False,
        "features": [],
        "roles": [
            {
                "id": str(GUILD_ID),
                "name": "@everyone",
                "permissions": str(everyone),
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            }
        ],
        "emojis": [],
        "stickers": [],
        "channels": [text_channel()],
        "threads": [],
        "members": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "system_channel_flags": 0,
        "joined_at": "2026-01-01T00:00:00+00:00",
    }


def member(user_id: int, name: str, permissions: int) -> dict[str, Any]:
    return {
        "user": user(user_id, name),
        "roles": [],
        "joined_at": "2026-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(permissions),
    }


def interaction(
    interaction_id: int,
    token: str,
    subcommand: str,
    options: dict[str, Any] | None = None,
    *,
    kind: int = 2,
    focused: str | None = None,
    admin: bool = False,
) -> dict[str, Any]:
    """An APPLICATION_COMMAND (kind 2) or AUTOCOMPLETE (kind 4) for `/paper <subcommand>`."""
    permissions = (
        VIEW_CHANNEL | SEND_MESSAGES | USE_APP_COMMANDS | (MANAGE_CHANNELS if admin else 0)
    )
    user_id, name = (ADMIN_ID, "admin") if admin else (USER_ID, "reader")
    raw_options = []
    for key, value in (options or {}).items():
        option: dict[str, Any] = {"name": key, "type": _type_of(value), "value": value}
        if key == focused:
            option["focused"] = True
        raw_options.append(option)
    return {
        "id": str(interaction_id),
        "application_id": str(APP_ID),
        "type": kind,
        "token": token,
        "version": 1,
        "guild_id": str(GUILD_ID),
        "channel_id": str(CHANNEL_ID),
        "channel": text_channel(),
        "member": member(user_id, name, permissions),
        "app_permissions": str(VIEW_CHANNEL | SEND_MESSAGES),
        "attachment_size_limit": 10 * 1024 * 1024,
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 0,
        "data": {
            "id": str(COMMAND_ID),
            "name": "paper",
            "type": 1,
            "guild_id": str(GUILD_ID),
            "options": [{"type": SUB_COMMAND, "name": subcommand, "options": raw_options}],
        },
    }


def _type_of(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    return STRING


def component(interaction_id: int, token: str, custom_id: str) -> dict[str, Any]:
    """A button click (MESSAGE_COMPONENT) on one of the bot's messages."""
    data = interaction(interaction_id, token, "help")
    data["type"] = 3
    data["data"] = {"custom_id": custom_id, "component_type": 2}
    data["message"] = message("960000000000000001", str(CHANNEL_ID), components=[], flags=0)
    return data


def message(message_id: str, channel_id: str, **fields: Any) -> dict[str, Any]:
    """A message object sent by the bot, as Discord returns it; `fields` add or override."""
    return {
        "id": message_id,
        "channel_id": channel_id,
        "author": bot_user(),
        "content": "",
        "embeds": [],
        "timestamp": "2026-11-23T09:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "pinned": False,
        "type": 0,
        **fields,
    }
