"""Stopping `paperboy run` with Ctrl-C is normal: it must not read like a failure."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.leader import LeaderElector
from storage.leader import FileLeaderLock


async def test_a_normal_stop_logs_no_warning_about_losing_the_scheduler_lock(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Ctrl-C on `paperboy run` (SQLite, one process) printed "WARNING bot.leader: this
    # process no longer holds the scheduler lock; scheduler stopped" between "stopping..."
    # and "stopped.": an operator reads that as a lost lock.
    elected, lost = asyncio.Event(), asyncio.Event()

    async def on_elected() -> None:
        elected.set()

    async def on_lost() -> None:
        lost.set()

    lock = FileLeaderLock(tmp_path / "bot.db")
    elector = LeaderElector(lock, on_elected=on_elected, on_lost=on_lost, retry=60)
    caplog.set_level(logging.INFO, logger="bot.leader")
    task = asyncio.create_task(elector.run())
    await asyncio.wait_for(elected.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert lost.is_set()  # the scheduler is still shut down
    assert not elector.leading
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    # and the lock is free for the next start
    again = FileLeaderLock(tmp_path / "bot.db")
    assert await again.try_acquire()
    await again.release()
