"""The configuration's schema: one pydantic model per TOML table, validated at start."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.ask.settings import AskConfig
from bot.calendar.settings import CalendarConfig
from bot.config.fields import ClockTime, Duration, TimeZone
from bot.config.http import HttpConfig
from bot.config.secrets import Secrets
from bot.fulltext.settings import FullTextConfig
from bot.logs import mask_url  # the one password masker (logs, config, health)
from bot.ranking.settings import RankingConfig

DEFAULT_URLS = {
    "arxiv": "https://export.arxiv.org/api/query",
    "arxiv_listing": "https://rss.arxiv.org/rss",
    "hf_daily": "https://huggingface.co/api/daily_papers",
}

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
    empty_day: Literal["note", "skip"] = "note"  # the older spelling of quiet_day
    # a day with nothing to post: one short message saying why ("notice"), or silence
    quiet_day: Literal["notice", "skip"] = "notice"
    numbered: bool = True  # "Paper Review No. N"
    paused: bool = False

    @model_validator(mode="after")
    def _older_empty_day(self) -> ChannelConfig:
        if "quiet_day" not in self.model_fields_set and self.empty_day == "skip":
            object.__setattr__(self, "quiet_day", "skip")  # frozen: set once, at load
        return self


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
    commands_per_minute: int = Field(default=20, ge=1)  # per user
    channels_per_workspace: int = Field(default=10, ge=1)  # /paper setup, per server
    workspace_commands_per_minute: int = Field(default=120, ge=1)  # per server/workspace


class Config(_Model):
    storage: StorageConfig = StorageConfig()
    sources: tuple[SourceConfig, ...] = ()
    channels: tuple[ChannelConfig, ...] = ()
    adapters: dict[str, AdapterConfig] = Field(default_factory=dict)
    review: ReviewConfig = ReviewConfig()
    fulltext: FullTextConfig = FullTextConfig()
    ask: AskConfig = AskConfig()  # /paper ask, paperboy ask (bot/ask)
    ranking: RankingConfig = RankingConfig()  # weights of the learned ranking (bot/ranking)
    calendar: CalendarConfig = CalendarConfig()  # arXiv's holidays (bot/calendar)
    scheduler: SchedulerConfig = SchedulerConfig()
    health: HealthConfig = HealthConfig()
    http: HttpConfig = HttpConfig()
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
        data["secrets"] = self.secrets.masked()
        return data


def _unique(what: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{what}: the name {name!r} is used twice")
        seen.add(name)
