"""Which 429s were global: discord.py's `RateLimited` does not say, the response does.

An aiohttp trace on discord.py's session notes when Discord answered a global 429
(`X-RateLimit-Global` / `X-RateLimit-Scope: global`), so the `SendError` can carry
`global_limit=True` and the sender pauses every target of the adapter, not just one.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import aiohttp

from bot.clock import Clock

RECENT = dt.timedelta(seconds=5)


class GlobalLimitWatch:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._seen: dt.datetime | None = None

    def trace(self) -> aiohttp.TraceConfig:
        """A trace config for discord.py's HTTP session (`Client(http_trace=...)`)."""
        trace = aiohttp.TraceConfig()
        trace.on_request_end.append(self._on_request_end)
        return trace

    def recently_global(self) -> bool:
        """A global 429 was answered in the last few seconds."""
        return self._seen is not None and self._clock.now() - self._seen <= RECENT

    async def _on_request_end(
        self,
        session: aiohttp.ClientSession,
        context: SimpleNamespace,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        response = params.response
        if response.status != 429:
            return
        headers = response.headers
        is_global = headers.get("X-RateLimit-Global", "").lower() == "true"
        if is_global or headers.get("X-RateLimit-Scope", "").lower() == "global":
            self._seen = self._clock.now()
