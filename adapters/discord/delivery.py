"""Sending over REST only (no gateway needed): channels, digest threads, direct messages.

Discord's answers become `SendError`s: 401/403/404 are permanent (the target is paused,
never retried in a loop: 10,000 invalid requests in 10 minutes get the bot banned), a DM
to a user with closed DMs is permanent with a clear reason, and a 429 beyond discord.py's
own rate-limit handling carries `retry_after`. Each send carries a nonce derived from the
idempotency key with `enforce_nonce`, so Discord refuses a duplicate of a recent send, and
`find_sent` finds it in the channel's recent messages (by nonce, or by the
nonce marked on the first embed's link).
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import aiohttp
import discord

from adapters.discord.notices import ClosedDms
from adapters.discord.ratelimits import GlobalLimitWatch
from adapters.discord.render import Rendered
from adapters.discord.text import one_line, truncate
from adapters.discord.views import message_kwargs
from bot.ports import MessageRef, SendError, Target

log = logging.getLogger(__name__)

THREAD_EXISTS = 160004  # "A thread has already been created for this message"
RECENT = 50  # messages looked at by find_sent
_CACHE = 4096  # DM channels and known threads remembered


def nonce_for(key: str, part: int = 0) -> str:
    """A Discord nonce (at most 25 characters) derived from an idempotency key."""
    digest = hashlib.sha256(f"{key}#{part}".encode()).hexdigest()
    return "pb" + digest[:23]


def _marker(nonce: str) -> str:
    return f"#{nonce}"


def marked(part: Rendered, nonce: str) -> Rendered:
    """The part with the nonce as the fragment of its first embed's link.

    Discord deduplicates by nonce only for a few minutes and returns the nonce only on
    creation, so `find_sent` (after a crash, maybe much later) also looks for this marker
    in the channel's history. Only an embed that already links somewhere is marked.
    """
    if not part.embeds or "url" not in part.embeds[0] or "#" in part.embeds[0]["url"]:
        return part
    first = {**part.embeds[0], "url": part.embeds[0]["url"] + _marker(nonce)}
    return replace(part, embeds=(first, *part.embeds[1:]))


class _Lru(OrderedDict[str, str]):
    def remember(self, key: str, value: str) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > _CACHE:
            self.popitem(last=False)


class DiscordDelivery:
    """Posts rendered messages through discord.py's public API (a logged-in client, REST
    only): `PartialMessageable.send(nonce=...)`, `Client.create_dm`, `history`, and
    `PartialMessage.create_thread`."""

    def __init__(
        self,
        name: str,
        client: Callable[[], Awaitable[discord.Client]],
        *,
        archive_minutes: int = 1440,
        global_limits: GlobalLimitWatch | None = None,
        closed_dms: ClosedDms | None = None,
    ) -> None:
        self._name = name
        self._client = client
        self._global_limits = global_limits
        self._closed_dms = closed_dms or ClosedDms()
        self._archive = archive_minutes
        self._dm_channels = _Lru()
        self._threads = _Lru()

    async def send(
        self, target: Target, parts: tuple[Rendered, ...], key: str | None, thread_name: str
    ) -> MessageRef:
        client = await self._client()
        channel = await self._channel_of(client, target, thread_name)
        first: str | None = None
        for index, part in enumerate(parts):
            nonce = nonce_for(key, index) if key is not None else None
            if nonce is not None and index == 0:
                part = marked(part, nonce)
            sent = await self._call(target, self._post(client, channel, part, nonce))
            first = first or str(sent.id)
        if first is None:
            raise SendError("nothing to send: the rendered message is empty", permanent=True)
        if target.user is not None:
            self._closed_dms.opened(target.user)
        return MessageRef(self._name, channel, first)

    async def find_sent(self, target: Target, key: str) -> MessageRef | None:
        client = await self._client()
        channel = await self._channel_of(client, target, thread_name="", create=False)
        nonce = nonce_for(key)
        recent = await self._call(target, self._recent(client, channel))
        for message in recent:
            url = message.embeds[0].url if message.embeds else None
            if str(message.nonce) == nonce or _marker(nonce) in (url or ""):
                return MessageRef(self._name, channel, str(message.id))
        return None

    async def _recent(self, client: discord.Client, channel: str) -> list[discord.Message]:
        messageable = client.get_partial_messageable(int(channel))
        return [message async for message in messageable.history(limit=RECENT)]

    async def _post(
        self, client: discord.Client, channel: str, part: Rendered, nonce: str | None
    ) -> discord.Message:
        kwargs: Any = message_kwargs(part.embeds, part.content, part.buttons)
        if nonce is not None:
            # discord.py then sends `enforce_nonce`: Discord answers a repeat within its
            # nonce window with the message first created instead of posting again.
            kwargs["nonce"] = nonce
        messageable = client.get_partial_messageable(int(channel))
        sent: discord.Message = await messageable.send(**kwargs)
        return sent

    async def _channel_of(
        self, client: discord.Client, target: Target, thread_name: str, *, create: bool = True
    ) -> str:
        if target.user is not None:
            known = self._dm_channels.get(target.user)
            if known is None:
                if not target.user.isdigit():
                    raise SendError(f"not a Discord user id: {target.user!r}", permanent=True)
                dm = await self._call(target, client.create_dm(discord.Object(int(target.user))))
                known = str(dm.id)
                self._dm_channels.remember(target.user, known)
            return known
        if not target.channel or not target.channel.isdigit():
            raise SendError(f"not a Discord channel id: {target.channel!r}", permanent=True)
        if target.thread is None:
            return target.channel
        if not create:
            return target.thread  # a thread started from a message has that message's id
        return await self._thread(client, target, thread_name)

    async def _thread(self, client: discord.Client, target: Target, thread_name: str) -> str:
        assert target.thread is not None
        known = self._threads.get(target.thread)
        if known is not None:
            return known
        name = truncate(one_line(thread_name), 100) or "Reviews"
        try:
            # Starting a thread needs the channel's guild: one GET of the channel.
            channel = await client.fetch_channel(int(target.channel))
            if not isinstance(channel, discord.TextChannel):
                raise SendError(
                    f"channel {target.channel} cannot hold digest threads", permanent=True
                )
            parent = channel.get_partial_message(int(target.thread))
            thread = str(
                (await parent.create_thread(name=name, auto_archive_duration=self._archive)).id  # type: ignore[arg-type]
            )
        except discord.HTTPException as exc:
            if exc.code != THREAD_EXISTS:
                raise self._error(exc, target) from None
            thread = target.thread
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise SendError(f"network error talking to Discord: {type(exc).__name__}") from None
        self._threads.remember(target.thread, thread)
        return thread

    async def _call(self, target: Target, call: Awaitable[Any]) -> Any:
        try:
            return await call
        except discord.RateLimited as exc:
            watch = self._global_limits
            raise SendError(
                f"Discord rate limit: retry in {exc.retry_after:.1f}s",
                retry_after=exc.retry_after,
                global_limit=watch is not None and watch.recently_global(),
            ) from None
        except discord.HTTPException as exc:
            raise self._error(exc, target) from None
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise SendError(f"network error talking to Discord: {type(exc).__name__}") from None

    def _error(self, exc: discord.HTTPException, target: Target) -> SendError:
        where = f"user {target.user}" if target.user else f"channel {target.channel}"
        detail = f"{exc.status} code {exc.code}: {exc.text}" if exc.text else f"{exc.status}"
        if exc.status == 429:
            headers = exc.response.headers
            retry = float(headers.get("Retry-After") or headers.get("X-RateLimit-Reset-After") or 1)
            is_global = headers.get("X-RateLimit-Global", "").lower() == "true"
            return SendError(
                f"Discord rate limit on {where}", retry_after=retry, global_limit=is_global
            )
        if target.user is not None and exc.status == 403:
            self._closed_dms.closed(target.user)
            return SendError(
                f"DMs closed: user {target.user} does not accept direct messages from the bot "
                f"(Discord {detail})",
                permanent=True,
            )
        if exc.status == 401:
            return SendError(
                "Discord rejected the bot token (401): check DISCORD_TOKEN", permanent=True
            )
        if exc.status == 403:
            return SendError(
                f"no access to {where} (Discord {detail}): the bot needs View Channel, "
                "Send Messages, Embed Links (and Create Public Threads for digests)",
                permanent=True,
            )
        if exc.status == 404:
            return SendError(f"{where} not found (Discord {detail})", permanent=True)
        if exc.status >= 500:
            return SendError(f"Discord server error on {where} ({detail})")
        return SendError(f"Discord refused the message to {where} ({detail})", permanent=True)
