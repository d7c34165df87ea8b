"""Configuration: one TOML file, overridable by `PAPERBOY_...` environment variables.

Load with `load_config(path, environ)`: the environment is a parameter, never read from a
global, so tests pass a dict. Validation errors name the key, the bad value and what is
allowed (`ConfigError`). Secrets (tokens, signing secrets, API keys) come only from the
environment and are held as `SecretStr`, so a repr or a dump shows `***`.

Environment overrides use `__` between levels and indexes for lists:
`PAPERBOY_STORAGE__URL=postgresql://...`, `PAPERBOY_CHANNELS__0__TIME=08:30`,
`PAPERBOY_REVIEW__SERIES="Lab Daily"`. Values are parsed as TOML values when they can
be (`true`, `5`, `["a", "b"]`), else taken as strings.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

ENV_PREFIX = "PAPERBOY_"
CONFIG_ENV = "PAPERBOY_CONFIG"

DEFAULT_URLS = {
    "arxiv": "https://export.arxiv.org/api/query",
    "arxiv_listing": "https://rss.arxiv.org/rss",
    "hf_daily": "https://huggingface.co/api/daily_papers",
}

# Secrets: environment variable -> attribute of `Secrets`. Read only from the environment.
SECRET_ENV = {
    "DISCORD_TOKEN": "discord_token",
    "SLACK_BOT_TOKEN": "slack_bot_token",
    "SLACK_APP_TOKEN": "slack_app_token",
    "SLACK_SIGNING_SECRET": "slack_signing_secret",
    "PAPERBOY_LLM_API_KEY": "llm_api_key",
}


class ConfigError(Exception):
    """The configuration is invalid; the message lists each bad key, value and what is allowed."""


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


def _duration(value: Any) -> Any:
    """Accept 90, 90.0, "90s", "15m", "1h", "2d" (seconds when no unit)."""
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.timedelta(seconds=value)
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            return dt.timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])
    raise ValueError(f'expected a duration such as 90, "90s", "15m", "1h" or "1d", got {value!r}')


Duration = Annotated[dt.timedelta, BeforeValidator(_duration)]


def _clock_time(value: Any) -> Any:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, str) and re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", value.strip()):
        hours, minutes = value.strip().split(":")
        return f"{int(hours):02d}:{minutes}"
    raise ValueError(f"expected a time of day as HH:MM (00:00 to 23:59), got {value!r}")


ClockTime = Annotated[str, BeforeValidator(_clock_time)]


def _timezone(value: Any) -> Any:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f'expected an IANA time zone such as "UTC" or "Europe/Berlin", got {value!r}'
        ) from None
    return str(value)


TimeZone = Annotated[str, BeforeValidator(_timezone)]

_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StorageConfig(_Model):
    url: str = "sqlite:///paperboy.db"

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not value.startswith(
            ("sqlite://", "postgresql://", "postgres://", "postgresql+asyncpg://")
        ):
            scheme = value.split("://")[0]
            raise ValueError(
                f"expected sqlite:///PATH or postgresql://USER@HOST/DB, got {scheme!r} scheme"
            )
        return value


SourceKind = Literal["arxiv", "arxiv_listing", "hf_daily", "feed"]


class SourceConfig(_Model):
    name: str = Field(pattern=_NAME)
    kind: SourceKind
    url: str | None = None  # defaults to the public endpoint for arxiv / hf kinds
    interval: Duration = dt.timedelta(hours=1)
    query: str | None = None  # arxiv: search syntax, e.g. "cat:cs.LG AND abs:diffusion"
    categories: tuple[str, ...] = ()  # arxiv_listing: e.g. ["cs.LG", "cs.CL"]
    max_results: int = Field(default=100, ge=1, le=2000)  # arxiv: per request
    max_pages: int = Field(default=5, ge=1, le=15)  # arxiv: per poll
    delay: float = Field(default=3.0, ge=0)  # arxiv: seconds between requests
    timeout: float = Field(default=30.0, gt=0)  # seconds per request
    max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    retries: int = Field(default=3, ge=0, le=10)
    enabled: bool = True

    @model_validator(mode="after")
    def _kind_rules(self) -> SourceConfig:
        if self.kind == "feed" and not self.url:
            raise ValueError(f'source {self.name!r}: kind "feed" needs a url')
        if self.kind == "arxiv" and not self.query:
            raise ValueError(f'source {self.name!r}: kind "arxiv" needs a query, e.g. "cat:cs.LG"')
        if self.kind == "arxiv_listing" and not self.categories:
            raise ValueError(f'source {self.name!r}: kind "arxiv_listing" needs categories')
        return self

    @property
    def effective_url(self) -> str:
        return self.url or DEFAULT_URLS[self.kind]


class ChannelConfig(_Model):
    name: str = Field(pattern=_NAME)
    adapter: str = "console"
    target: str  # the platform's channel id
    time: ClockTime = "09:00"
    timezone: TimeZone = "UTC"
    top: int = Field(default=5, ge=1, le=50)
    sources: tuple[str, ...] = ()  # empty: every source
    categories: tuple[str, ...] = ()  # empty: every category
    mode: Literal["per_paper", "digest"] = "per_paper"
    empty_day: Literal["note", "skip"] = "note"
    numbered: bool = True  # "Paper Review No. N"
    paused: bool = False


class ReviewLLMConfig(_Model):
    base_url: str | None = None  # an OpenAI-compatible endpoint; unset = no LLM
    model: str = "gpt-4o-mini"
    timeout: float = Field(default=60.0, gt=0)
    max_tokens: int = Field(default=900, ge=64)
    temperature: float = Field(default=0.2, ge=0, le=2)
    daily_cap: int = Field(default=100, ge=0)


class ReviewConfig(_Model):
    series: str = "Daily Paper"
    emoji: str = ""
    producer: Literal["auto", "extractive", "article", "llm"] = "auto"
    llm: ReviewLLMConfig = ReviewLLMConfig()


class SchedulerConfig(_Model):
    grace: Duration = dt.timedelta(hours=6)  # a missed daily post is still made within this
    alert_after: int = Field(default=3, ge=1)  # consecutive failed polls before an alert
    admin_channel: str | None = None  # a [[channels]] name that gets source-health alerts


class AdapterConfig(_Model):
    """`[adapters.<name>]`: keys every adapter understands, plus its own (extra allowed)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    kind: str | None = None  # defaults to the table's name
    api_url: str | None = None  # the platform API base URL (tests point it at a fake)


class HealthConfig(_Model):
    port: int | None = Field(default=None, ge=0, le=65535)  # off when unset
    host: str = "127.0.0.1"


class DeliveryConfig(_Model):
    """The outbox sender. `lease`: how long a claimed send stays with the process that
    claimed it; when that process dies, another takes the send over after this."""

    lease: Duration = dt.timedelta(minutes=2)


class LimitsConfig(_Model):
    max_subscriptions: int = Field(default=25, ge=1)
    max_topic_chars: int = Field(default=200, ge=10)
    max_query_chars: int = Field(default=300, ge=10)
    commands_per_minute: int = Field(default=20, ge=1)


class Secrets(_Model):
    discord_token: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    llm_api_key: SecretStr | None = None


class Config(_Model):
    storage: StorageConfig = StorageConfig()
    sources: tuple[SourceConfig, ...] = ()
    channels: tuple[ChannelConfig, ...] = ()
    adapters: dict[str, AdapterConfig] = Field(default_factory=dict)
    review: ReviewConfig = ReviewConfig()
    scheduler: SchedulerConfig = SchedulerConfig()
    health: HealthConfig = HealthConfig()
    delivery: DeliveryConfig = DeliveryConfig()
    limits: LimitsConfig = LimitsConfig()
    secrets: Secrets = Secrets()

    @model_validator(mode="after")
    def _references(self) -> Config:
        _unique("sources", [s.name for s in self.sources])
        _unique("channels", [c.name for c in self.channels])
        source_names = {s.name for s in self.sources}
        for channel in self.channels:
            for name in channel.sources:
                if name not in source_names:
                    raise ValueError(
                        f"channel {channel.name!r} names source {name!r}, which is not among "
                        f"[[sources]] ({', '.join(sorted(source_names)) or 'none'})"
                    )
        admin = self.scheduler.admin_channel
        if admin and admin not in {c.name for c in self.channels}:
            raise ValueError(f"scheduler.admin_channel {admin!r} is not a [[channels]] name")
        return self

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)

    def channel(self, name: str) -> ChannelConfig:
        for channel in self.channels:
            if channel.name == name:
                return channel
        raise KeyError(name)

    def adapter_names(self) -> list[str]:
        """Adapters in use: those configured plus those channels name."""
        names = dict.fromkeys(self.adapters)
        names.update(dict.fromkeys(c.adapter for c in self.channels))
        return list(names) or ["console"]

    def adapter(self, name: str) -> AdapterConfig:
        return self.adapters.get(name, AdapterConfig())

    def masked(self) -> dict[str, Any]:
        """The effective configuration as plain data, secrets shown as `***` (or unset)."""
        data = self.model_dump(mode="json")
        data["storage"]["url"] = mask_url(self.storage.url)
        data["secrets"] = {
            key: ("***" if getattr(self.secrets, key) is not None else None)
            for key in Secrets.model_fields
        }
        return data


def mask_url(url: str) -> str:
    """`postgresql://bot:secret@db/x` -> `postgresql://bot:***@db/x`."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _unique(what: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{what}: the name {name!r} is used twice")
        seen.add(name)


# ---------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------


def load_config(path: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Read the TOML file (if any), apply `PAPERBOY_*` overrides, read secrets, validate."""
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
        )
    _apply_env(data, environ)
    data["secrets"] = {attr: environ[env] for env, attr in SECRET_ENV.items() if environ.get(env)}
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, data)) from None


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
