"""The Discord adapter (discord.py): embeds, `/paper` slash commands, DMs and threads."""

from adapters.discord.adapter import DiscordAdapter, DiscordConnectError
from adapters.discord.settings import DiscordSettings, DiscordSettingsError

__all__ = ["DiscordAdapter", "DiscordConnectError", "DiscordSettings", "DiscordSettingsError"]
