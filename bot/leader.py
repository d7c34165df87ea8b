"""Exactly one scheduler: the loop that runs it while this process holds the leader lock.

The lock itself belongs to storage (`storage.leader`: a PostgreSQL advisory lock, or a
file lock beside a SQLite database); this module asks only for the small `LeaderLock`
below. The holder checks its lock every `retry` seconds (5 by default) and stops its
scheduler when it is gone; a contender takes over at its next try. The window in which
an old holder has not yet noticed is covered by the outbox's unique keys: a second
scheduler can enqueue nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Protocol

from storage.leader import LeaderLockHeld, leader_lock, one_process_only

log = logging.getLogger(__name__)


class Role(StrEnum):
    """What one `paperboy run` process does (`--role`)."""

    ALL = "all"  # schedule and send: the one process of a SQLite deployment
    SCHEDULER = "scheduler"  # plan posts and polls, while it holds the leader lock
    WORKER = "worker"  # send what the outbox holds


class RunRefused(Exception):
    """`paperboy run` may not start as asked; the message says why and what to do."""


class LeaderLock(Protocol):
    async def try_acquire(self) -> bool:
        """Take the lock if it is free; True when this process holds it afterwards.
        Raises `storage.leader.LeaderLockHeld` when this process may not wait for it."""
        ...

    async def still_held(self) -> bool:
        """Whether the lock taken by `try_acquire` is still ours."""
        ...

    async def release(self) -> None: ...


async def process_lock(url: str, role: Role = Role.ALL) -> LeaderLock | None:
    """The leader lock of a `paperboy run` process with this storage url and role.

    A database that serves one process only (SQLite): the lock is taken now (a second
    process is refused) and the split roles, which need several processes, are refused.
    PostgreSQL: the advisory lock, taken later by the elector.
    """
    lock = leader_lock(url)
    if one_process_only(url):
        if role is not Role.ALL:
            raise RunRefused(
                f"--role {role} needs PostgreSQL: SQLite runs one process doing everything "
                '(--role all); set [storage] url = "postgresql://..." to run several'
            )
        if lock is not None:
            try:
                await lock.try_acquire()
            except LeaderLockHeld as exc:
                raise RunRefused(str(exc)) from None
    return lock


class SchedulerControl(Protocol):
    """bot.scheduling.scheduler.Scheduler, as the elector drives it."""

    async def start(self) -> None: ...

    def shutdown(self) -> None: ...


def scheduler_elector(
    lock: LeaderLock,
    scheduler: SchedulerControl,
    *,
    retry: float = 5.0,
    on_change: Callable[[bool], None] | None = None,
) -> LeaderElector:
    """An elector that runs `scheduler` exactly while this process holds `lock`."""

    async def stop() -> None:
        scheduler.shutdown()
        await asyncio.sleep(0)  # APScheduler's asyncio scheduler stops on the next loop turn

    return LeaderElector(
        lock, on_elected=scheduler.start, on_lost=stop, retry=retry, on_change=on_change
    )


class LeaderElector:
    """Runs `on_elected` when this process takes the lock and `on_lost` when it loses it;
    tries again every `retry` seconds. `run()` returns only when cancelled."""

    def __init__(
        self,
        lock: LeaderLock,
        *,
        on_elected: Callable[[], Awaitable[None]],
        on_lost: Callable[[], Awaitable[None]],
        retry: float = 5.0,
        on_change: Callable[[bool], None] | None = None,
    ) -> None:
        self._lock = lock
        self._on_elected = on_elected
        self._on_lost = on_lost
        self._retry = retry
        self._on_change = on_change
        self.leading = False
        self.running = False

    def status(self) -> str:
        return "leader" if self.leading else "standby"

    async def run(self) -> None:
        self.running = True
        try:
            while True:
                await self._step()
                await asyncio.sleep(self._retry)
        finally:
            self.running = False
            if self.leading:
                await self._set(False, stopping=True)
            await self._lock.release()

    async def _step(self) -> None:
        try:
            if not self.leading:
                if await self._lock.try_acquire():
                    await self._set(True)
            elif not await self._lock.still_held():
                await self._set(False)
        except LeaderLockHeld:
            raise
        except Exception as exc:  # the elector loop (database unreachable...): retry later
            error = f"{type(exc).__name__}: {exc}"
            log.warning("leader lock unavailable", extra={"error": error}, exc_info=True)
            if self.leading:
                await self._set(False)

    async def _set(self, leading: bool, *, stopping: bool = False) -> None:
        self.leading = leading
        if self._on_change is not None:
            self._on_change(leading)
        if leading:
            log.info("this process now runs the scheduler")
            await self._on_elected()
        elif stopping:  # a normal stop (Ctrl-C, SIGTERM) gives the lock up: not a warning
            log.info("scheduler stopped; releasing the scheduler lock")
            await self._on_lost()
        else:
            log.warning("this process no longer holds the scheduler lock; scheduler stopped")
            await self._on_lost()


__all__ = [
    "LeaderElector",
    "LeaderLock",
    "RunRefused",
    "SchedulerControl",
    "process_lock",
    "scheduler_elector",
]
