"""How the sender retries, and what it tells its observers (metrics, tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from storage.base import Delivery


@dataclass(frozen=True)
class RetryPolicy:
    """How failed sends are retried.

    A 429 is not a failure of the message: when the wait the server asks for is short
    (`inline_wait`), the send is retried in place after it (the limiter holds the target,
    or every target for a global limit), up to `inline_tries` times, so a fan-out keeps
    its pace instead of going back to the outbox. Other failures go back to the outbox
    with exponential backoff (at least the server's Retry-After) and, after
    `max_attempts`, are recorded as failed with the reason.
    """

    max_attempts: int = 5
    base: dt.timedelta = dt.timedelta(seconds=5)
    cap: dt.timedelta = dt.timedelta(minutes=10)
    parent_wait: dt.timedelta = dt.timedelta(seconds=2)
    inline_wait: float = 30.0
    inline_tries: int = 10

    def delay(self, attempts: int, retry_after: float | None) -> dt.timedelta:
        backoff: dt.timedelta = min(self.cap, self.base * (2 ** max(0, attempts - 1)))
        if retry_after is not None:
            backoff = max(backoff, dt.timedelta(seconds=retry_after))
        return backoff

    def waits_in_place(self, retry_after: float, tries: int, time_left: dt.timedelta) -> bool:
        """A 429's wait is waited out in place (not rescheduled): it is short, tries
        remain, and it ends before the claim must be let go (`time_left`)."""
        wait = dt.timedelta(seconds=retry_after)
        return tries < self.inline_tries and retry_after <= self.inline_wait and wait < time_left


class SendStage(StrEnum):
    """Where one delivery stands, as the sender tells its observers."""

    CLAIMED = "claimed"
    SENDING = "sending"
    RATE_LIMITED = "rate_limited"  # a 429; retried in place when the wait is short
    SENT = "sent"
    RECOVERED = "recovered"  # found already sent after a crash
    RETRY = "retry"  # back to the outbox, to be tried again later
    FAILED = "failed"  # given up; `detail` says why


@dataclass(frozen=True)
class SendEvent:
    """What happened to one delivery; observers (metrics, tests) receive these."""

    stage: SendStage
    delivery: Delivery
    detail: str | None = None
    rate_limited: bool = False


SendObserver = Callable[[SendEvent], None]
