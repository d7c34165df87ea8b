"""The `[adapters.slack]` table: Slack's own keys, validated with clear errors."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.config import AdapterConfig, AdapterSpec, Secrets
from bot.delivery.ratelimit import Limits, Rate, limits_for

DEFAULT_API_URL = "https://slack.com/api/"


class SlackConfigError(ValueError):
    """The Slack adapter's settings or secrets are missing or invalid; the message names the key."""


class SlackSettings(BaseModel):
    """Keys of `[adapters.slack]` beyond `kind` and `api_url`.

    `mode`: "socket" (default, needs SLACK_APP_TOKEN) or "http" (a web server on
    `host:port` answering at `path`, needs SLACK_SIGNING_SECRET). `admins`: Slack user ids
    treated as admins besides workspace admins and owners. `min_interval`: seconds between
    two posts to one channel (Slack allows about one a second; the outbox sender paces
    by it, see `send_limits`). A 429 whose Retry-After is
    at most `max_retry_wait` seconds is waited out in place (up to `rate_limit_retries`
    times); a longer one is handed back to the outbox as `SendError(retry_after=...)`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Literal["socket", "http"] = "socket"
    host: str = "0.0.0.0"
    port: int = Field(default=3000, ge=0, le=65535)
    path: str = "/slack/events"
    admins: tuple[str, ...] = ()
    min_interval: float = Field(default=1.0, ge=0, le=60)
    max_retry_wait: float = Field(default=30.0, ge=0)
    rate_limit_retries: int = Field(default=2, ge=0, le=10)
    connection_retries: int = Field(default=2, ge=0, le=10)
    history_limit: int = Field(default=100, ge=1, le=999)
    timeout: float = Field(default=30.0, gt=0)
    # Many workspaces (HTTP mode): the OAuth v2 install flow at `install_path` and
    # `redirect_path`, each workspace's token kept encrypted in the bot's database
    # (adapters/slack/oauth.py; SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, PAPERBOY_TOKEN_KEY).
    installs: bool = False
    scopes: tuple[str, ...] = (  # the manifest's bot scopes (tests/slack/test_manifest.py)
        "commands", "chat:write", "im:write", "users:read", "channels:history",
        "groups:history", "im:history", "app_mentions:read", "reactions:read",
        "files:write",
    )  # fmt: skip
    install_path: str = "/slack/install"
    redirect_path: str = "/slack/oauth_redirect"

    @field_validator("path")
    @classmethod
    def _absolute_path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError(f"expected a path starting with '/' e.g. /slack/events, got {value!r}")
        return value

    @field_validator("admins")
    @classmethod
    def _user_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for user in value:
            if not user or user[0] not in "UW" or not user.isalnum():
                raise ValueError(f"expected Slack user ids such as U012AB3CD, got {user!r}")
        return value


def parse_settings(name: str, config: AdapterConfig) -> SlackSettings:
    """`[adapters.<name>]` extra keys -> SlackSettings, or SlackConfigError naming each key."""
    extra: dict[str, Any] = dict(config.model_extra or {})
    try:
        return SlackSettings.model_validate(extra)
    except ValidationError as exc:
        lines = [f"invalid [adapters.{name}] settings:"]
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                known = ", ".join(sorted(SlackSettings.model_fields))
                lines.append(f"  adapters.{name}.{key}: unknown key (known: {known})")
            else:
                lines.append(f"  adapters.{name}.{key}: {message} (got {error.get('input')!r})")
        raise SlackConfigError("\n".join(lines)) from None


def send_limits(settings: SlackSettings) -> Limits:
    """Posts to one channel `min_interval` apart (0: unpaced), within Slack's workspace-wide
    pace; the outbox sender applies them (bot.delivery.ratelimit)."""
    interval = settings.min_interval
    per_channel = Rate(1.0 / interval, 1) if interval > 0 else Rate(0.0)
    return Limits(global_rate=limits_for("slack").global_rate, target_rate=per_channel)


def api_base_url(config: AdapterConfig) -> str:
    """The Web API base URL, with the trailing slash slack_sdk expects."""
    url = config.api_url or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


def require_secret(secrets: Secrets, attr: str, env: str, why: str) -> str:
    value = secrets.get(attr)
    if value is None or not value.get_secret_value():
        raise SlackConfigError(f"{env} is not set: the Slack adapter needs it {why}")
    secret: str = value.get_secret_value()
    return secret


def _validate(name: str, config: AdapterConfig) -> None:
    parse_settings(name, config)


# Declared through the entry point (SlackAdapter.spec): `[adapters.<name>]` is checked when
# the configuration loads; the tokens are read from these variables and masked.
SPEC = AdapterSpec(
    validate=_validate,
    secrets={
        "SLACK_BOT_TOKEN": "slack_bot_token",
        "SLACK_APP_TOKEN": "slack_app_token",
        "SLACK_SIGNING_SECRET": "slack_signing_secret",
        "SLACK_CLIENT_ID": "slack_client_id",  # installs: the OAuth app's id and secret
        "SLACK_CLIENT_SECRET": "slack_client_secret",
        "PAPERBOY_TOKEN_KEY": "slack_token_key",  # installs: Fernet key, tokens at rest
    },
)
