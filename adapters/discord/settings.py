"""`[adapters.discord]`: the Discord adapter's own keys, validated with clear errors."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.config import AdapterConfig, AdapterSpec, Secrets

DEFAULT_API_URL = "https://discord.com/api/v10"


class DiscordSettingsError(ValueError):
    """`[adapters.discord]` is invalid or the token is missing; the message names the key."""


class DiscordSettings(BaseModel):
    """The adapter-specific keys of `[adapters.discord]` (AdapterConfig's extra keys)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    api_url: str = DEFAULT_API_URL  # REST base; the gateway URL comes from its /gateway/bot
    shards: int | None = Field(default=None, ge=0)  # > 0: AutoShardedClient with this many
    guild_ids: tuple[int, ...] = ()  # sync commands to these guilds (instant); else globally
    sync_commands: bool = True  # sync `/paper` at start when its definition changed
    defer_after: float = Field(default=2.0, gt=0, le=2.8)  # seconds before deferring a reply
    ready_timeout: float = Field(default=60.0, gt=0)  # seconds start() waits for READY
    identify_delay: float = Field(default=5.0, ge=0)  # between shard IDENTIFYs (max_concurrency 1)
    guild_ready_timeout: float = Field(default=2.0, gt=0)  # wait for GUILD_CREATEs after READY
    thread_name: str = Field(default="{series} · {date}", min_length=1, max_length=100)
    thread_archive_minutes: int = 1440  # auto-archive of digest threads

    @field_validator("api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"expected an http(s) URL such as {DEFAULT_API_URL!r}, got {value!r}")
        return value.rstrip("/")

    @field_validator("guild_ids", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        if isinstance(value, int | str):
            value = [value]
        try:
            return tuple(int(item) for item in value)
        except (TypeError, ValueError):
            raise ValueError(f"expected a list of guild ids (numbers), got {value!r}") from None

    @field_validator("thread_name")
    @classmethod
    def _template(cls, value: str) -> str:
        try:
            value.format(series="Daily Paper", date="2026-01-01")
        except (KeyError, IndexError, ValueError):
            raise ValueError(
                f"a thread name template may use only {{series}} and {{date}}, got {value!r}"
            ) from None
        return value

    @field_validator("thread_archive_minutes")
    @classmethod
    def _archive(cls, value: int) -> int:
        if value not in (60, 1440, 4320, 10080):
            raise ValueError(f"expected one of 60, 1440, 4320, 10080 minutes, got {value!r}")
        return value


def load_settings(name: str, settings: AdapterConfig) -> DiscordSettings:
    """Validate `[adapters.<name>]` for Discord, naming each bad key."""
    extra = dict(settings.model_extra or {})
    if settings.api_url is not None:
        extra["api_url"] = settings.api_url
    try:
        return DiscordSettings.model_validate(extra)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown key (known: " + ", ".join(DiscordSettings.model_fields) + ")"
            problems.append(f"adapters.{name}.{key}: {message}")
        raise DiscordSettingsError("; ".join(problems)) from None


def token_of(name: str, secrets: Secrets) -> str:
    """The bot token, or a clear error naming the environment variable."""
    token = secrets.get("discord_token")
    if token is None or not token.get_secret_value().strip():
        raise DiscordSettingsError(
            f"adapter {name!r} needs the bot token: set DISCORD_TOKEN in the environment"
        )
    return token.get_secret_value().strip()


def _validate(name: str, settings: AdapterConfig) -> None:
    load_settings(name, settings)


# Declared through the entry point (DiscordAdapter.spec): `[adapters.<name>]` is checked
# when the configuration loads; the token is read from DISCORD_TOKEN and masked.
SPEC = AdapterSpec(validate=_validate, secrets={"DISCORD_TOKEN": "discord_token"})
