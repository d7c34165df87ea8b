"""Fetching one paper's full text: arXiv's HTML, else its PDF; errors as `FullTextError`.

The HTTP exchange is the sources' `Fetcher` (timeouts, the size cap, retries of 429/5xx
honouring Retry-After, conditional GET), paced through a `Pacer` that the caller may share
with the arXiv sources: one request every `delay` seconds to each host, across the process.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Collection
from urllib.parse import urlsplit

import httpx

from bot.fulltext.document import FullText, Validators
from bot.fulltext.errors import FailureReason, FullTextError
from bot.fulltext.html import parse_html
from bot.fulltext.pdf import parse_pdf
from bot.fulltext.settings import FullTextConfig
from bot.sources.fetch import Fetched, Fetcher, FetchError, FetchLimits, Pacer, Sleep, show_url
from bot.sources.fetch import Validators as HttpValidators

_GONE = (404, 410)


def pace_key(url: str) -> str:
    return "fulltext:" + (urlsplit(url).netloc or url)


class FullTextFetcher:
    def __init__(
        self,
        config: FullTextConfig,
        http: httpx.AsyncClient,
        *,
        pacer: Pacer | None = None,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._config = config
        self._pacer = pacer if pacer is not None else Pacer(sleep)
        limits = FetchLimits(
            timeout=config.timeout,
            max_bytes=config.max_bytes,
            retries=config.retries,
            backoff=config.backoff,
        )
        self._fetcher = Fetcher(http, limits, sleep=sleep, rng=rng)

    async def fetch(
        self, arxiv_id: str, version: int | None, *, validators: Validators | None = None
    ) -> FullText:
        """The parsed HTML, else the PDF's text; FullTextError names why neither worked.

        `validators` are those of an HTML page that failed before: when the server says it
        has not changed (304), it is not parsed again."""
        html_url = self._config.html_url.replace("{id}", arxiv_id)
        try:
            return await self._html(html_url, arxiv_id, version, validators)
        except FullTextError as exc:
            if exc.reason is FailureReason.FETCH_FAILED:
                raise  # refused, throttled or timed out: the PDF would fare no better now
            first = exc
        pdf_url = self._config.pdf_url.replace("{id}", arxiv_id)
        try:
            return await self._pdf(pdf_url, arxiv_id, version)
        except FullTextError as exc:
            raise FullTextError(
                exc.reason, f"HTML: {first}; PDF: {exc}", validators=first.validators
            ) from None

    async def _html(
        self, url: str, arxiv_id: str, version: int | None, validators: Validators | None
    ) -> FullText:
        fetched = await self._get(url, validators)
        got = Validators(fetched.validators.etag, fetched.validators.last_modified)
        if fetched.status in _GONE:
            raise FullTextError(FailureReason.NOT_FOUND, f"HTTP {fetched.status} from {url}")
        if fetched.not_modified:
            raise FullTextError(
                FailureReason.NOT_LATEXML,
                f"{show_url(url)} is unchanged since it failed to parse",
                validators=validators,
            )
        try:
            return parse_html(fetched.content, arxiv_id=arxiv_id, version=version)
        except FullTextError as exc:
            raise FullTextError(exc.reason, str(exc), validators=got) from None

    async def _pdf(self, url: str, arxiv_id: str, version: int | None) -> FullText:
        fetched = await self._get(url, None)
        if fetched.status in _GONE:
            raise FullTextError(FailureReason.NOT_FOUND, f"HTTP {fetched.status} from {url}")
        if not fetched.content.lstrip()[:5].startswith(b"%PDF"):
            raise FullTextError(FailureReason.UNREADABLE, f"{show_url(url)} did not send a PDF")
        return parse_pdf(fetched.content, arxiv_id=arxiv_id, version=version)

    async def _get(self, url: str, validators: Validators | None) -> Fetched:
        accept: Collection[int] = _GONE
        wanted = HttpValidators(validators.etag, validators.last_modified) if validators else None
        try:
            async with self._pacer.slot(pace_key(url), self._config.delay):
                return await self._fetcher.get(url, validators=wanted, accept=accept)
        except FetchError as exc:
            # the sources' FetchError has no kind; its size-cap message is the one to tell apart
            reason = (
                FailureReason.TOO_LARGE if "size cap" in str(exc) else FailureReason.FETCH_FAILED
            )
            raise FullTextError(reason, str(exc)) from None


__all__ = ["FullTextFetcher", "pace_key"]
