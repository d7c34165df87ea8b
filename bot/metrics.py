"""Prometheus metrics, on a registry of their own (never prometheus_client's global one).

One `Metrics` object is built per running bot and handed to what it observes. Other parts
need not know prometheus: they accept small observer callbacks, or are wrapped here
(`InstrumentedAdapter` counts sends, failures and 429s around any `ChatAdapter`;
`Metrics.timed` wraps a `CommandHandler` to measure command latency).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest

from bot.delivery.ratelimit import Limits, limits_of
from bot.model import CommandInvocation, CommandReply, OutboundMessage, Paper, Review
from bot.ports import (
    ChatAdapter,
    CommandHandler,
    ExplainsConnection,
    MessageRef,
    ReportsConnection,
    ReviewService,
    SendError,
    Target,
)

# The classic text format that `generate_latest` writes, which every Prometheus version reads.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# Command latency buckets: commands must answer within the platforms' 3 s deadline.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)


class PollOutcome(Protocol):
    """What a poll reports (bot.sources.PollReport has these)."""

    @property
    def source(self) -> str: ...

    @property
    def new(self) -> int: ...

    @property
    def failed(self) -> bool: ...


class Metrics:
    """Every metric the bot exports. Names are `paperboy_*`; see `/metrics`."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry(auto_describe=True)
        reg = self.registry
        self.polls = Counter("paperboy_polls", "Source polls made.", ["source"], registry=reg)
        self.poll_failures = Counter(
            "paperboy_poll_failures", "Source polls that failed.", ["source"], registry=reg
        )
        self.papers_stored = Counter(
            "paperboy_papers_stored", "Papers stored for the first time.", ["source"], registry=reg
        )
        self.reviews = Counter(
            "paperboy_reviews", "Reviews written, by producer.", ["producer"], registry=reg
        )
        self.llm_ungrounded = Counter(
            "paperboy_llm_ungrounded",
            "LLM reviews refused by the grounding check (a number, data set or model not in "
            "the paper); the extractive review was used.",
            registry=reg,
        )
        self.sends = Counter(
            "paperboy_sends", "Messages sent to a chat platform.", ["adapter"], registry=reg
        )
        self.send_failures = Counter(
            "paperboy_send_failures",
            "Sends that failed (retried or not).",
            ["adapter", "permanent"],
            registry=reg,
        )
        self.rate_limited = Counter(
            "paperboy_rate_limited",
            "Sends the platform refused for its rate limit (HTTP 429).",
            ["adapter"],
            registry=reg,
        )
        self.command_latency = Histogram(
            "paperboy_command_seconds",
            "Time to answer a /paper command.",
            ["command"],
            buckets=LATENCY_BUCKETS,
            registry=reg,
        )
        self.outbox_depth = Gauge(
            "paperboy_outbox_depth", "Deliveries waiting in the outbox.", registry=reg
        )
        self.scheduler_leader = Gauge(
            "paperboy_scheduler_leader",
            "1 while this process runs the scheduler (holds the leader lock), else 0.",
            registry=reg,
        )

    # observers: plain methods, so parts can take them as callbacks --------------------

    def poll_done(self, source: str, *, new: int = 0, failed: bool = False) -> None:
        """One poll of `source` finished; `new` papers were stored for the first time."""
        self.polls.labels(source).inc()
        if failed:
            self.poll_failures.labels(source).inc()
        if new:
            self.papers_stored.labels(source).inc(new)

    def poll_reported(self, report: PollOutcome) -> None:
        """The Poller's `on_report` hook."""
        self.poll_done(report.source, new=report.new, failed=report.failed)

    def llm_review_ungrounded(self) -> None:
        self.llm_ungrounded.inc()

    def review_made(self, producer: str) -> None:
        self.reviews.labels(producer).inc()

    def send_ok(self, adapter: str) -> None:
        self.sends.labels(adapter).inc()

    def send_failed(self, adapter: str, error: SendError) -> None:
        self.send_failures.labels(adapter, "true" if error.permanent else "false").inc()
        if error.retry_after is not None or "429" in error.reason:
            self.rate_limited.labels(adapter).inc()

    def command_answered(self, command: str, seconds: float) -> None:
        self.command_latency.labels(command or "help").observe(seconds)

    def set_outbox_depth(self, depth: int) -> None:
        self.outbox_depth.set(depth)

    def set_leader(self, leading: bool) -> None:
        self.scheduler_leader.set(1 if leading else 0)

    # wrappers --------------------------------------------------------------------------

    def timed(
        self, handler: CommandHandler, *, timer: Callable[[], float] = time.perf_counter
    ) -> CommandHandler:
        """`handler`, measuring each command's latency (also when it raises)."""

        async def timed_handler(invocation: CommandInvocation) -> CommandReply:
            started = timer()
            try:
                return await handler(invocation)
            finally:
                self.command_answered(invocation.command, timer() - started)

        return timed_handler

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)


class InstrumentedReviewer:
    """Counts the reviews a reviewer hands out, by producer (extractive, article, llm)."""

    def __init__(self, inner: ReviewService, metrics: Metrics) -> None:
        self._inner: ReviewService = inner
        self._metrics = metrics

    async def review(
        self, paper: Paper, *, producer: str | None = None, number: int | None = None
    ) -> Review:
        review = await self._inner.review(paper, producer=producer, number=number)
        self._metrics.review_made(review.producer)
        return review


class InstrumentedAdapter:
    """A `ChatAdapter` that counts the sends of the one it wraps.

    It forwards, by name, the protocol and the optional capabilities the core asks an
    adapter for (bot.ports `ReportsConnection`, `ExplainsConnection`; bot.delivery.ratelimit
    `PacedAdapter`), answering for an inner adapter that lacks one what the core would
    assume of it: connected, no reason, its kind's published limits. `kind` is the
    platform kind (the adapter's name unless told).
    """

    def __init__(self, inner: ChatAdapter, metrics: Metrics, *, kind: str | None = None) -> None:
        self._inner: ChatAdapter = inner
        self.name = inner.name
        self._kind = kind or inner.name
        self._metrics = metrics

    @property
    def is_connected(self) -> bool:
        """The inner adapter's; one that cannot tell is taken as connected (bot.checks)."""
        return self._inner.is_connected if isinstance(self._inner, ReportsConnection) else True

    @property
    def connection_reason(self) -> str | None:
        inner = self._inner
        return inner.connection_reason if isinstance(inner, ExplainsConnection) else None

    @property
    def send_limits(self) -> Limits:
        return limits_of(self._inner, self._kind)

    async def start(self, on_command: CommandHandler) -> None:
        await self._inner.start(on_command)

    async def stop(self) -> None:
        await self._inner.stop()

    async def send(
        self, target: Target, message: OutboundMessage, *, idempotency_key: str | None = None
    ) -> MessageRef:
        try:
            ref = await self._inner.send(target, message, idempotency_key=idempotency_key)
        except SendError as exc:
            self._metrics.send_failed(self.name, exc)
            raise
        self._metrics.send_ok(self.name)
        return ref

    async def find_sent(self, target: Target, idempotency_key: str) -> MessageRef | None:
        return await self._inner.find_sent(target, idempotency_key)

    async def respond(
        self, invocation: CommandInvocation, message: OutboundMessage, *, ephemeral: bool = True
    ) -> None:
        await self._inner.respond(invocation, message, ephemeral=ephemeral)


__all__ = [
    "CONTENT_TYPE",
    "InstrumentedAdapter",
    "InstrumentedReviewer",
    "Metrics",
    "PollOutcome",
    "ReviewService",
]
