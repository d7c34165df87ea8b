"""HTTP fetching for every source: one shared `httpx.AsyncClient`, bounded in size and time.

A `Fetcher` does conditional GETs (ETag / Last-Modified), retries timeouts, 5xx and 429
with exponential backoff and jitter (waiting what `Retry-After` asks, up to a bound), and
stops reading a body past the size cap. Failures raise `FetchError`, whose message names
the cause in words a user can act on; the URL shown never carries credentials or a query.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from bot.http import make_http_client as make_http_client  # re-exported for bot.sources

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 120.0  # seconds: a longer Retry-After fails the poll and moves next_poll


class SourceError(Exception):
    """A source's poll failed. The message is one line naming the cause."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, retryable: bool = False
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds the server asked us to wait, when it did
        self.retryable = retryable


class FetchError(SourceError):
    """The HTTP exchange failed: refused, timed out, an error status, too large."""


class ParseError(SourceError):
    """The response arrived but is not what the source serves (HTML, bad XML, JSON...)."""


@dataclass(frozen=True)
class Validators:
    """What a server said to send back for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    content: bytes
    headers: Mapping[str, str]
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = 30.0  # seconds for the whole exchange, body included
    max_bytes: int = 20 * 1024 * 1024
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry, doubled each time


def show_url(url: str) -> str:
    """`https://user:pw@host/path?key=secret` -> `https://host/path` (for messages and logs)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


def _retry_after(value: str | None, server_date: str | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds, or an HTTP date measured against
    the response's own Date header (no local clock needed; 60 s when there is none)."""
    if not value:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        pass
    try:
        until = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    try:
        sent = email.utils.parsedate_to_datetime(server_date) if server_date else None
    except (TypeError, ValueError):
        sent = None
    if sent is None or until.tzinfo is None or sent.tzinfo is None:
        return 60.0
    return max(0.0, (until - sent).total_seconds())


class Pacer:
    """At most one request per `interval` seconds per key (arXiv asks for 3 s between
    API calls, whichever of our sources makes them). `monotonic` is injectable."""

    def __init__(self, sleep: Sleep, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._sleep = sleep
        self._monotonic = monotonic
        self._last: dict[str, float] = {}

    @contextlib.asynccontextmanager
    async def slot(self, key: str, interval: float) -> AsyncIterator[None]:
        """Wait until `interval` has passed since the last request under `key` ended,
        then run the request; its end is the new mark (so slow answers count fully)."""
        last = self._last.get(key)
        if last is not None and interval > 0:
            remaining = interval - (self._monotonic() - last)
            if remaining > 0:
                await self._sleep(remaining)
        try:
            yield
        finally:
            self._last[key] = self._monotonic()


class Fetcher:
    """GETs for one source. `sleep` and `rng` are injected so tests neither wait nor guess."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        limits: FetchLimits,
        *,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._http = http
        self._limits = limits
        self._sleep = sleep
        self._rng = rng or random.Random()

    async def get(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        validators: Validators | None = None,
        accept: Collection[int] = (),
        throttle_body: bytes | None = None,
    ) -> Fetched:
        """GET `url`. Statuses in `accept` (besides 200 and 304) are returned, not raised.

        A body starting with `throttle_body` (arXiv's `Rate exceeded.`) is retried like 429.
        """
        headers: dict[str, str] = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        attempt = 0
        while True:
            try:
                fetched = await self._once(url, params, headers, accept)
                if throttle_body and fetched.content.lstrip().startswith(throttle_body):
                    text = throttle_body.decode("utf-8", "replace")
                    raise _retryable(f"rate limited: {show_url(url)} answered {text!r}")
                return fetched
            except FetchError as exc:
                if not exc.retryable or attempt >= self._limits.retries:
                    raise
                wait = self._backoff(attempt)
                if exc.retry_after is not None:
                    if exc.retry_after > MAX_RETRY_AFTER:
                        raise
                    wait = max(wait, exc.retry_after)
                attempt += 1
                log.info(
                    "retrying in %.1f s (attempt %d of %d): %s",
                    wait,
                    attempt,
                    self._limits.retries,
                    exc,
                )
                await self._sleep(wait)

    def _backoff(self, attempt: int) -> float:
        base: float = self._limits.backoff * 2**attempt
        return base * self._rng.uniform(0.5, 1.5)

    async def _once(
        self,
        url: str,
        params: Mapping[str, str | int] | None,
        headers: Mapping[str, str],
        accept: Collection[int],
    ) -> Fetched:
        shown = show_url(url)
        limit = self._limits.timeout
        try:
            async with asyncio.timeout(limit):
                return await self._exchange(url, params, headers, accept, shown)
        except TimeoutError:
            raise _retryable(f"timed out after {limit:g} s fetching {shown}") from None
        except httpx.TimeoutException:
            raise _retryable(f"timed out after {limit:g} s fetching {shown}") from None
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect to {shown}: {_reason(exc)}") from None
        except httpx.TransportError as exc:
            raise _retryable(f"network error fetching {shown}: {_reason(exc)}") from None
        except httpx.TooManyRedirects:
            raise FetchError(f"too many redirects fetching {shown}") from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid url {shown}: {exc}") from None
        except httpx.HTTPError as exc:  # decoding errors, unsupported protocols...
            raise FetchError(f"cannot fetch {shown}: {_reason(exc)}") from None

    async def _exchange(
        self,
        url: str,
        params: Mapping[str, str | int] | None,
        headers: Mapping[str, str],
        accept: Collection[int],
        shown: str,
    ) -> Fetched:
        cap = self._limits.max_bytes
        async with self._http.stream(
            "GET", url, params=params, headers=headers, timeout=self._limits.timeout
        ) as response:
            status = response.status_code
            if status in RETRY_STATUSES:
                retry_after = _retry_after(
                    response.headers.get("retry-after"), response.headers.get("date")
                )
                what = "rate limited" if status == 429 else "server error"
                hint = f", retry after {retry_after:g} s" if retry_after is not None else ""
                raise _retryable(
                    f"{what}: HTTP {status} {response.reason_phrase} from {shown}{hint}",
                    retry_after=retry_after,
                )
            if status not in (200, 304) and status not in accept:
                raise FetchError(f"HTTP {status} {response.reason_phrase} from {shown}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise FetchError(_too_large(shown, cap, int(declared)))
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    raise FetchError(_too_large(shown, cap, None))
                chunks.append(chunk)
            return Fetched(
                url=str(response.url),
                status=status,
                content=b"".join(chunks),
                headers=dict(response.headers.items()),
                validators=Validators(
                    response.headers.get("etag"), response.headers.get("last-modified")
                ),
            )


def _retryable(message: str, *, retry_after: float | None = None) -> FetchError:
    return FetchError(message, retry_after=retry_after, retryable=True)


def _too_large(shown: str, cap: int, declared: int | None) -> str:
    size = f" ({declared:,} bytes)" if declared is not None else ""
    return f"response from {shown}{size} is over the size cap of {cap:,} bytes"


def _reason(exc: BaseException) -> str:
    """A short cause, looking through httpx's wrapping for the OS error underneath."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError):
            return "connection refused"
        text = str(seen).lower()
        if "refused" in text or "errno 111" in text:
            return "connection refused"
        if "name or service not known" in text or "nodename nor servname" in text:
            return "unknown host"
        seen = seen.__cause__ or seen.__context__
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]
