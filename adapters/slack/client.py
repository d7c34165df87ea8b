"""The Web API client every part of the adapter shares, with slack_sdk's retry handlers.

slack_sdk does not retry a 429 by default. We install its connection-error handler and
its rate-limit handler, the latter subclassed only so the wait goes through an injected
`sleep` (tests move a clock instead of sleeping) and so a long Retry-After is not waited
out in place: the send fails with `SendError(retry_after=...)` and the outbox reschedules.
The connection-error handler never repeats `chat.postMessage` (see ConnectionRetryHandler).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.settings import SlackSettings

Sleep = Callable[[float], Awaitable[None]]


Headers = Mapping[str, list[str]] | Mapping[str, str] | Mapping[str, Any]


def retry_after(headers: Headers | None, default: float = 1.0) -> float:
    """Seconds from a Retry-After header (slack_sdk gives header values as lists)."""
    for key, value in (headers or {}).items():
        if key.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(raw))
            except ValueError:
                return default
    return default


NOT_REPEATABLE = ("chat.postMessage",)  # a repeat after a lost answer posts twice


class ConnectionRetryHandler(AsyncConnectionErrorRetryHandler):
    """slack_sdk's connection-error retries, except for posting a message.

    A connection reset after Slack processed `chat.postMessage` leaves the message posted
    with its answer lost; repeating the call blindly posts it twice. `SlackDelivery` looks
    for it by its metadata first, then resends only if it is not there.
    """

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if request.url.rstrip("/").endswith(NOT_REPEATABLE):
            return False
        return await super()._can_retry_async(
            state=state, request=request, response=response, error=error
        )


class BoundedRateLimitHandler(AsyncRateLimitErrorRetryHandler):
    """Retries a 429 after its Retry-After, when that is at most `max_wait` seconds."""

    def __init__(self, max_retry_count: int, max_wait: float, sleep: Sleep) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._max_wait = max_wait
        self._sleep = sleep

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        return retry_after(response.headers) <= self._max_wait

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        await self._sleep(retry_after(response.headers if response else None))
        state.increment_current_attempt()


def make_web_client(
    token: str,
    base_url: str,
    settings: SlackSettings,
    sleep: Sleep,
    client_class: type[AsyncWebClient] = AsyncWebClient,
) -> AsyncWebClient:
    handlers: list[AsyncRetryHandler] = [
        ConnectionRetryHandler(max_retry_count=settings.connection_retries),
        BoundedRateLimitHandler(settings.rate_limit_retries, settings.max_retry_wait, sleep),
    ]
    return client_class(
        token=token or None,
        base_url=base_url,
        timeout=int(settings.timeout),
        retry_handlers=handlers,
    )
