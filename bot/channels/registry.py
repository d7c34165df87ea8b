"""The channels a bot posts to: the TOML seeds and the channels set up from chat, merged.

A channel is known by name. Its base settings are its chat record when there is one (a
TOML seed adjusted from chat is stored under the seed's name), else its TOML table; the
run-time overrides of `/paper settings` (storage.base.ChannelState) apply on top, as for
every channel. A removed record takes the channel out of the schedule (its history, the
outbox and its state, stays); a suspended one (bot uninstalled from the workspace or
removed from the server) and a paused one stay listed but are not posted to.

Workers learn of changes made by other processes through `version()` (see
bot.scheduling.scheduler: the scheduler compares it on a short interval).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from bot.channels.model import ChatChannel, channel_name
from bot.channels.ports import ChannelDirectory
from bot.config import ChannelConfig, Config
from bot.model import Paper
from bot.query import parse_query
from bot.selection import SelectionStore, choose, effective_channel
from bot.textindex import Analyzer
from bot.topics import PaperDoc, compile_topic
from storage.base import ChannelStates


class UnknownChannel(LookupError):
    """No TOML channel and no chat record has this name."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"no channel named {name!r}; configured: {', '.join(known) or 'none'}")
        self.name = name


def as_config(record: ChatChannel, seed: ChannelConfig | None = None) -> ChannelConfig:
    """A chat record as the ChannelConfig the poster and scheduler read (a seed's other
    settings, e.g. its categories or numbering, carry over)."""
    base = seed or ChannelConfig(name=record.name, adapter=record.adapter, target=record.target)
    return base.model_copy(
        update={
            "name": record.name,
            "adapter": record.adapter,
            "target": record.target,
            "time": record.time,
            "timezone": record.timezone,
            "top": record.top,
            "mode": record.mode.value,
            "sources": record.sources,
            "paused": not record.active,
        }
    )


class ChannelRegistry:
    def __init__(
        self,
        config: Config,
        directory: ChannelDirectory,
        states: ChannelStates,
        *,
        platforms: Mapping[str, str],
        analyzer: Analyzer | None = None,
    ) -> None:
        self._config = config
        self._directory = directory
        self._states = states
        self._platforms = dict(platforms)  # platform kind or adapter name -> adapter name
        self._analyzer = analyzer or Analyzer()
        self._seeds = {c.name: c for c in config.channels}

    @property
    def directory(self) -> ChannelDirectory:
        return self._directory

    def adapter_for(self, platform: str) -> str:
        """The adapter that sends to channels of the platform a command came from."""
        return self._platforms.get(platform, platform)

    def seed(self, name: str) -> ChannelConfig | None:
        return self._seeds.get(name)

    def seed_at(self, platform: str, target: str) -> ChannelConfig | None:
        """The TOML channel at (platform, target), matched by adapter name or its kind."""
        for channel in self._config.channels:
            kind = self._config.adapter(channel.adapter).kind or channel.adapter
            if channel.target == target and platform in (channel.adapter, kind):
                return channel
        return None

    def new_name(self, platform: str, target: str) -> str:
        seed = self.seed_at(platform, target)
        return seed.name if seed is not None else channel_name(self.adapter_for(platform), target)

    async def record_at(self, platform: str, target: str) -> ChatChannel | None:
        seed = self.seed_at(platform, target)
        if seed is not None:
            return await self._directory.get_chat_channel(seed.name)
        return await self._directory.chat_channel_at(self.adapter_for(platform), target)

    async def base(self, name: str) -> ChannelConfig | None:
        """The channel's settings before `/paper settings` overrides; None when unknown."""
        record = await self._directory.get_chat_channel(name)
        seed = self._seeds.get(name)
        if record is not None:
            return as_config(record, seed)
        return seed

    async def at(self, platform: str, target: str) -> ChannelConfig | None:
        """The channel a command was typed in (not removed), with its base settings."""
        record = await self.record_at(platform, target)
        if record is not None:
            return None if record.removed is not None else await self.base(record.name)
        return self.seed_at(platform, target)

    async def names(self) -> list[str]:
        """Every channel not removed: the seeds, then the chat-made ones, by name."""
        records = {r.name: r for r in await self._directory.list_chat_channels()}
        names = [n for n in self._seeds if n not in records or records[n].removed is None]
        names += [n for n, r in records.items() if n not in self._seeds and r.removed is None]
        return names

    async def effective(self, name: str) -> ChannelConfig:
        """The channel's settings as posted: base plus `/paper settings` overrides. A
        removed channel reads as paused. Raises UnknownChannel."""
        base = await self.base(name)
        if base is None:
            raise UnknownChannel(name, await self.names())
        return effective_channel(base, await self._states.get_channel_state(name))

    async def all(self) -> list[ChannelConfig]:
        """Every channel not removed, with its effective settings."""
        return [await self.effective(name) for name in await self.names()]

    async def workspace_of(self, adapter: str, target: str) -> str | None:
        """The workspace or server a chat-made channel was set up in (None: unknown)."""
        record = await self._directory.chat_channel_at(adapter, target)
        return record.workspace if record is not None else None

    async def version(self) -> str:
        return await self._directory.chat_channels_version()

    async def select(
        self, store: SelectionStore, channel: ChannelConfig, since: dt.datetime, *, scan: int = 500
    ) -> list[Paper]:
        """bot.selection.select_for_channel, with the channel's topic filter applied
        before the cut to `top` (a filter in the search language, matched as a topic)."""
        papers = await store.papers_since(
            since,
            sources=list(channel.sources) or None,
            categories=list(channel.categories) or None,
            limit=scan,
        )
        record = await self._directory.get_chat_channel(channel.name)
        if record is not None and record.filter:
            query = parse_query(record.filter, max_chars=10_000, analyzer=self._analyzer)
            topic = compile_topic(query, self._analyzer)
            papers = [p for p in papers if topic.matches(PaperDoc.of(p, self._analyzer))]
        posted = await store.posted_paper_ids(channel.adapter, channel.target)
        return choose(papers, posted, channel.top)


__all__ = ["ChannelRegistry", "UnknownChannel", "as_config"]
