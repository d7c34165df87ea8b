"""The sender worker: claims deliveries from the store's outbox and sends them.

Exactly once, as far as the platform allows: the intent is in the outbox under a unique
key before anything is sent; `claim` marks it SENDING (with a lease); the adapter sends
it with `idempotency_key=<key>` (Discord: the message nonce with `enforce_nonce`; Slack:
the message metadata); `mark_sent` records the platform's message id. A crash between the
send and `mark_sent` leaves the row SENDING; once its lease runs out it is claimed again
with `attempts > 1`, and `adapter.find_sent(target, key)` is asked before resending. What
remains is the window where the platform accepted the message but can no longer tell us
(Discord's nonce dedup lasts minutes, Slack's lookup sees recent history, the console
journals just after printing): one send per target, never a whole post.

A Retry-After longer than the policy's `inline_wait` reschedules the send (and the rest
of its target's queue) to when the wait ends: not a failure, and no other target waits.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol

from bot.clock import Clock
from bot.delivery.policy import RetryPolicy, SendEvent, SendObserver, SendStage
from bot.delivery.ratelimit import RateLimiter, limits_for
from bot.model import message_from_dict
from bot.ports import ChatAdapter, MessageRef, SendError, Target
from storage.base import Delivery, DeliveryStatus, Outbox, OutboxClaims

log = logging.getLogger(__name__)

__all__ = ["RetryPolicy", "SendEvent", "SendObserver", "Sender"]

Held = tuple[dt.datetime, str]  # a target's long rate limit: until when, and the reason


class SenderStore(OutboxClaims, Outbox, Protocol):
    """What the sender asks of the store: claims and outcomes, and parent deliveries."""


class Sender:
    """Sends what the outbox holds. One per process; `run` until asked to stop."""

    def __init__(
        self,
        store: SenderStore,
        adapters: Mapping[str, ChatAdapter],
        clock: Clock,
        *,
        limiters: Mapping[str, RateLimiter] | None = None,
        adapter_kinds: Mapping[str, str] | None = None,
        policy: RetryPolicy | None = None,
        worker: str | None = None,
        batch: int = 50,
        lease: dt.timedelta = dt.timedelta(minutes=2),
        observers: Sequence[SendObserver] = (),
    ) -> None:
        self._store = store
        self._adapters = dict(adapters)
        self._clock = clock
        kinds = adapter_kinds or {}
        self._limiters = dict(limiters or {})
        for name in self._adapters:
            if name not in self._limiters:
                self._limiters[name] = RateLimiter(limits_for(kinds.get(name, name)))
        self._policy = policy or RetryPolicy()
        self._worker = worker or f"sender-{os.getpid()}"
        self._batch = batch
        self._lease = lease
        self._observers = list(observers)
        self._wake = asyncio.Event()
        self._stopping: asyncio.Event | None = None
        # Outcomes are written one at a time: concurrent writers only queue on SQLite's
        # single write lock (measured: 5 ms a write alone, 25 ms each when 30 contend).
        self._writes = asyncio.Lock()

    def add_observer(self, observer: SendObserver) -> None:
        self._observers.append(observer)

    def wake(self) -> None:
        """New work was enqueued: stop idling."""
        self._wake.set()

    # -- the loop ---------------------------------------------------------------------

    async def run(self, stopping: asyncio.Event, *, idle: float = 1.0) -> None:
        """Send until `stopping` is set. On stop, the send in flight per target finishes;
        deliveries claimed but not started go back to the outbox for the next start."""
        self._stopping = stopping
        try:
            while not stopping.is_set():
                try:
                    done = await self.run_once()
                except Exception:  # the worker loop must survive a bad batch or a store hiccup
                    log.exception("sender batch failed", extra={"worker": self._worker})
                    done = 0
                if done == 0 and not stopping.is_set():
                    await self._idle(stopping, idle)
        finally:
            self._stopping = None

    async def _idle(self, stopping: asyncio.Event, seconds: float) -> None:
        self._wake.clear()
        waiters = [asyncio.ensure_future(event.wait()) for event in (self._wake, stopping)]
        _, pending = await asyncio.wait(
            waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED
        )
        for waiter in pending:
            waiter.cancel()

    async def run_once(self) -> int:
        """Claim one batch of due deliveries and send it. Returns how many were handled.

        Deliveries to one target are sent in order (a digest before its thread replies,
        reviews in rank order); different targets go concurrently.
        """
        claimed = await self._store.claim(
            self._worker, self._clock.now(), limit=self._batch, lease=self._lease
        )
        if not claimed:
            return 0
        # Never hold a claim near its lease's end: another worker would take it over.
        deadline = self._clock.now() + self._lease * 0.6
        groups: dict[str, list[Delivery]] = defaultdict(list)
        for delivery in sorted(claimed, key=lambda d: d.id):
            self._emit(SendStage.CLAIMED, delivery)
            groups[Target(delivery.adapter, delivery.channel, delivery.user).key].append(delivery)
        await asyncio.gather(*(self._send_group(group, deadline) for group in groups.values()))
        return len(claimed)

    async def drain(self, *, max_rounds: int = 10_000) -> int:
        """Send everything due now (tests, `paperboy post`). Returns how many were handled."""
        total = 0
        for _ in range(max_rounds):
            done = await self.run_once()
            if done == 0:
                break
            total += done
        return total

    async def _send_group(self, group: list[Delivery], deadline: dt.datetime) -> None:
        held: Held | None = None  # the target's long rate limit, if any
        for delivery in group:
            now = self._clock.now()
            if self._stopping is not None and self._stopping.is_set():
                await self._write(
                    self._store.mark_retry, delivery.id, "stopped before sending", now
                )
                continue
            if now >= deadline:
                await self._write(self._store.mark_retry, delivery.id, "claim held too long", now)
                continue
            if held is not None:
                # The target asked for a long wait: the rest of its queue waits in the outbox
                # (in order) instead of in this batch, which other targets share.
                await self._write(self._store.mark_retry, delivery.id, held[1], held[0])
                self._emit(SendStage.RETRY, delivery, held[1], rate_limited=True)
                continue
            try:
                held = await self._send_one(delivery, deadline)
            except Exception as exc:  # one delivery's surprise must not stop the others
                log.exception("delivery failed unexpectedly", extra={"key": delivery.key})
                await self._retry_or_fail(delivery, f"{type(exc).__name__}: {exc}", None)

    # -- one delivery -----------------------------------------------------------------

    async def _send_one(self, delivery: Delivery, deadline: dt.datetime) -> Held | None:
        """Send one; (until, reason) when its target's long wait rescheduled it."""
        adapter = self._adapters.get(delivery.adapter)
        if adapter is None:
            await self._fail(delivery, f"no adapter named {delivery.adapter!r} is running")
            return None
        target = await self._target(delivery)
        if target is None:
            return None  # its parent message is not sent yet: it waits in the outbox
        if delivery.attempts > 1:
            # An earlier claim may have sent it (a crash, an expired lease): ask first.
            found = await self._find_sent(adapter, target, delivery)
            if found is not None:
                await self._write(
                    self._store.mark_sent, delivery.id, found.message_id, self._clock.now()
                )
                self._emit(SendStage.RECOVERED, delivery, found.message_id)
                return None
        return await self._deliver(adapter, target, delivery, deadline)

    async def _target(self, delivery: Delivery) -> Target | None:
        """Where it goes; a thread reply goes under its parent's message. None: wait."""
        thread = None
        if delivery.parent_key:
            parent = await self._store.get_delivery(delivery.parent_key)
            waiting = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)
            if parent is not None and parent.status in waiting:
                reason = "waiting for its parent message"
                not_before = self._clock.now() + self._policy.parent_wait
                await self._write(self._store.mark_retry, delivery.id, reason, not_before)
                self._emit(SendStage.RETRY, delivery, reason)
                return None
            if parent is not None and parent.status is DeliveryStatus.SENT:
                thread = parent.message_id
            # A parent that failed: the reply is posted on its own rather than lost.
        return Target(
            adapter=delivery.adapter,
            channel=delivery.channel,
            user=delivery.user,
            workspace=delivery.workspace,
            thread=thread,
        )

    async def _deliver(
        self, adapter: ChatAdapter, target: Target, delivery: Delivery, deadline: dt.datetime
    ) -> Held | None:
        """Send under the limiter; a short Retry-After is waited out in place, a long one
        reschedules the send to when it ends (returned, so the target's queue follows)."""
        message = message_from_dict(delivery.payload)
        limiter = self._limiters[delivery.adapter]
        for tries in range(1, self._policy.inline_tries + 1):
            await limiter.acquire(target.key)
            self._emit(SendStage.SENDING, delivery)
            try:
                ref = await adapter.send(target, message, idempotency_key=delivery.key)
            except SendError as exc:
                if exc.retry_after is not None:
                    limiter.block(None if exc.global_limit else target.key, exc.retry_after)
                    self._emit(SendStage.RATE_LIMITED, delivery, exc.reason, rate_limited=True)
                    left = deadline - self._clock.now()
                    waits = self._policy.waits_in_place(exc.retry_after, tries, left)
                    if waits and not exc.permanent:
                        continue  # the limiter waits out Retry-After before the next try
                if exc.permanent:
                    await self._fail(delivery, exc.reason)
                elif exc.retry_after is not None:
                    return await self._reschedule(delivery, exc.reason, exc.retry_after)
                else:
                    await self._retry_or_fail(delivery, exc.reason, exc.retry_after)
                return None
            limiter.succeeded(target.key)
            await self._write(self._store.mark_sent, delivery.id, ref.message_id, self._clock.now())
            self._emit(SendStage.SENT, delivery, ref.message_id)
            return None
        return None

    async def _reschedule(self, delivery: Delivery, reason: str, wait: float) -> Held:
        """Not a failure: due again when the wait ends, never counted towards giving up."""
        until = self._clock.now() + dt.timedelta(seconds=wait)
        note = f"rate limited: {reason}; due again at {until:%Y-%m-%d %H:%M:%S} UTC"
        await self._write(self._store.mark_retry, delivery.id, note, until)
        self._emit(SendStage.RETRY, delivery, note, rate_limited=True)
        return until, note

    async def _find_sent(
        self, adapter: ChatAdapter, target: Target, delivery: Delivery
    ) -> MessageRef | None:
        try:
            return await adapter.find_sent(target, delivery.key)
        except SendError as exc:
            # Cannot tell: send with the idempotency key and let the platform refuse a repeat.
            log.warning(
                "could not check for an earlier send",
                extra={"key": delivery.key, "reason": exc.reason},
            )
            return None

    async def _retry_or_fail(
        self, delivery: Delivery, reason: str, retry_after: float | None
    ) -> None:
        if delivery.attempts >= self._policy.max_attempts:
            await self._fail(delivery, f"gave up after {delivery.attempts} attempts: {reason}")
            return
        not_before = self._clock.now() + self._policy.delay(delivery.attempts, retry_after)
        await self._write(self._store.mark_retry, delivery.id, reason, not_before)
        self._emit(SendStage.RETRY, delivery, reason, rate_limited=retry_after is not None)
        log.info("send will be retried", extra={"key": delivery.key, "reason": reason})

    async def _fail(self, delivery: Delivery, reason: str) -> None:
        await self._write(self._store.mark_failed, delivery.id, reason, self._clock.now())
        self._emit(SendStage.FAILED, delivery, reason)
        log.warning("send failed", extra={"key": delivery.key, "reason": reason})

    async def _write(self, mark: Callable[..., Awaitable[None]], *args: Any) -> None:
        async with self._writes:
            await mark(*args)

    def _emit(
        self,
        stage: SendStage,
        delivery: Delivery,
        detail: str | None = None,
        *,
        rate_limited: bool = False,
    ) -> None:
        event = SendEvent(stage, delivery, detail, rate_limited)
        for observer in self._observers:
            observer(event)
