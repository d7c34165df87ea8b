"""Metrics: a registry of their own, the expected names, the wrappers that feed them."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from bot.delivery.ratelimit import Limits, Rate, limits_for, limits_of
from bot.metrics import InstrumentedAdapter, Metrics
from bot.model import CommandInvocation, CommandReply, OutboundMessage
from bot.ports import CommandHandler, MessageRef, SendError, Target

EXPECTED = {
    "paperboy_polls",
    "paperboy_poll_failures",
    "paperboy_papers_stored",
    "paperboy_reviews",
    "paperboy_sends",
    "paperboy_send_failures",
    "paperboy_rate_limited",
    "paperboy_command_seconds",
    "paperboy_outbox_depth",
    "paperboy_scheduler_leader",
}


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(metrics.render().decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


class RecordingAdapter:
    """A tiny adapter that fails the sends it is told to fail."""

    name = "fake"

    def __init__(self, failures: list[SendError]) -> None:
        self.failures = failures
        self.sent: list[str] = []
        self.is_connected = True

    async def start(self, on_command: CommandHandler) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(
        self, target: Target, message: OutboundMessage, *, idempotency_key: str | None = None
    ) -> MessageRef:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message.fallback)
        return MessageRef(self.name, target.channel, str(len(self.sent)))

    async def find_sent(self, target: Target, idempotency_key: str) -> MessageRef | None:
        return None

    async def respond(
        self, invocation: CommandInvocation, message: OutboundMessage, *, ephemeral: bool = True
    ) -> None:
        return None


def test_every_metric_is_exported_on_its_own_registry() -> None:
    metrics = Metrics()
    names = {family.name for family in text_string_to_metric_families(metrics.render().decode())}
    assert names >= EXPECTED
    global_names = {family.name for family in REGISTRY.collect()}
    assert not (global_names & EXPECTED)  # nothing leaked into the process-wide registry
    Metrics()  # a second bot in one process does not clash (no duplicate registration)


def test_poll_review_and_outbox_observers_count() -> None:
    metrics = Metrics()
    metrics.poll_done("arxiv", new=3)
    metrics.poll_done("arxiv", failed=True)
    metrics.review_made("extractive")
    metrics.set_outbox_depth(7)
    found = samples(metrics)
    assert found[("paperboy_polls_total", (("source", "arxiv"),))] == 2
    assert found[("paperboy_poll_failures_total", (("source", "arxiv"),))] == 1
    assert found[("paperboy_papers_stored_total", (("source", "arxiv"),))] == 3
    assert found[("paperboy_reviews_total", (("producer", "extractive"),))] == 1
    assert found[("paperboy_outbox_depth", ())] == 7


async def test_instrumented_adapter_counts_sends_failures_and_429s() -> None:
    metrics = Metrics()
    inner = RecordingAdapter(
        [
            SendError("429 too many requests", retry_after=1.5),
            SendError("not_in_channel", permanent=True),
        ]
    )
    adapter = InstrumentedAdapter(inner, metrics)
    target = Target("fake", channel="C1")
    for _ in range(2):
        with pytest.raises(SendError):
            await adapter.send(target, OutboundMessage.text("hi"))
    ref = await adapter.send(target, OutboundMessage.text("hi"))
    assert ref.message_id == "1"
    assert adapter.is_connected is True  # the inner adapter's own answer
    found = samples(metrics)
    assert found[("paperboy_sends_total", (("adapter", "fake"),))] == 1
    failures = "paperboy_send_failures_total"
    assert found[(failures, (("adapter", "fake"), ("permanent", "false")))] == 1
    assert found[(failures, (("adapter", "fake"), ("permanent", "true")))] == 1
    assert found[("paperboy_rate_limited_total", (("adapter", "fake"),))] == 1


async def test_command_latency_is_observed_per_command_even_on_error() -> None:
    metrics = Metrics()
    ticks = iter([10.0, 10.25, 20.0, 23.5])

    async def handler(invocation: CommandInvocation) -> CommandReply:
        if invocation.command == "boom":
            raise RuntimeError("boom")
        return CommandReply(OutboundMessage.text("ok"))

    timed = metrics.timed(handler, timer=lambda: next(ticks))
    invocation = CommandInvocation("console", "w", "c", "u", False, "search", "diffusion")
    await timed(invocation)
    with pytest.raises(RuntimeError):
        await timed(CommandInvocation("console", "w", "c", "u", False, "boom"))
    found = samples(metrics)
    assert found[("paperboy_command_seconds_sum", (("command", "search"),))] == 0.25
    assert found[("paperboy_command_seconds_bucket", (("command", "search"), ("le", "0.25")))] == 1
    assert found[("paperboy_command_seconds_bucket", (("command", "search"), ("le", "0.1")))] == 0
    assert found[("paperboy_command_seconds_count", (("command", "boom"),))] == 1


async def test_instrumented_reviewer_counts_reviews_by_producer() -> None:
    import datetime as dt

    from bot.metrics import InstrumentedReviewer
    from bot.model import Paper, Producer, Review

    class Reviewer:
        async def review(
            self, paper: Paper, *, producer: str | None = None, number: int | None = None
        ) -> Review:
            made: Producer = "article" if paper.article else "extractive"
            return Review(paper.arxiv_id, paper.title, dt.date(2026, 1, 1), "", (), "", made)

    metrics = Metrics()
    reviewer = InstrumentedReviewer(Reviewer(), metrics)
    for n in range(3):
        review = await reviewer.review(Paper(f"2401.0000{n}", "T"), number=n)
        assert review.paper_id == f"2401.0000{n}"
    assert samples(metrics)[("paperboy_reviews_total", (("producer", "extractive"),))] == 3


def test_poll_reports_count_polls_failures_and_new_papers() -> None:
    from bot.sources.poller import PollReport

    metrics = Metrics()
    reports = [
        PollReport("arxiv", new=2, new_ids=("a", "b")),
        PollReport("arxiv", failed=True, error="HTTP 503"),
        PollReport("arxiv", new=1, new_ids=("c",)),
    ]
    for report in reports:
        metrics.poll_reported(report)
    found = samples(metrics)
    assert found[("paperboy_polls_total", (("source", "arxiv"),))] == 3
    assert found[("paperboy_poll_failures_total", (("source", "arxiv"),))] == 1
    assert found[("paperboy_papers_stored_total", (("source", "arxiv"),))] == 3


async def test_the_counted_adapter_answers_what_the_core_asks_as_the_inner_one_would() -> None:
    """Readiness and pacing ask an adapter optional questions; wrapping it for metrics
    changes none of the answers."""

    class Paced(RecordingAdapter):
        send_limits = Limits(global_rate=Rate(2.0, 4), target_rate=Rate(0.5, 1))

    class Mute(RecordingAdapter):  # cannot tell whether it is connected, paces by its kind
        def __init__(self) -> None:
            super().__init__([])
            del self.is_connected

    paced = InstrumentedAdapter(Paced([]), Metrics())
    assert limits_of(paced, "slack") == Paced.send_limits
    mute = InstrumentedAdapter(Mute(), Metrics(), kind="discord")
    assert limits_of(mute, "discord") == limits_for("discord")
    assert (mute.is_connected, mute.connection_reason) == (True, None)
    inner = RecordingAdapter([])
    inner.is_connected = False
    assert InstrumentedAdapter(inner, Metrics()).is_connected is False
