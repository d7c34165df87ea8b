"""The leader lock: one scheduler on PostgreSQL (advisory lock), one process on SQLite."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from bot.leader import LeaderElector, RunRefused, process_lock
from storage.leader import (
    FileLeaderLock,
    LeaderLockHeld,
    PostgresLeaderLock,
    leader_lock,
    one_process_only,
    sqlite_path,
)

HOLDER = """
import asyncio, sys
from storage.leader import PostgresLeaderLock

async def main():
    lock = PostgresLeaderLock(sys.argv[1], name=sys.argv[2])
    print("held" if await lock.try_acquire() else "refused", flush=True)
    await asyncio.sleep(3600)

asyncio.run(main())
"""


def start_holder(url: str, name: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, url, name], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    return process


async def test_two_contenders_only_one_holds(pg_dsn: str) -> None:
    name = f"test-{uuid.uuid4()}"
    first, second = PostgresLeaderLock(pg_dsn, name=name), PostgresLeaderLock(pg_dsn, name=name)
    try:
        assert await first.try_acquire()
        assert not await second.try_acquire()
        assert await first.still_held()
        assert not await second.still_held()
        await first.release()
        assert await second.try_acquire()  # released on purpose: the other takes it at once
    finally:
        await first.release()
        await second.release()


async def test_another_process_takes_over_after_the_holder_is_killed(pg_dsn: str) -> None:
    name = f"test-{uuid.uuid4()}"
    holder = start_holder(pg_dsn, name)
    elected = asyncio.Event()

    async def on_elected() -> None:
        elected.set()

    async def on_lost() -> None:
        return None

    lock = PostgresLeaderLock(pg_dsn, name=name)
    assert not await lock.try_acquire()  # refused while the holder lives
    elector = LeaderElector(lock, on_elected=on_elected, on_lost=on_lost, retry=0.1)
    task = asyncio.create_task(elector.run())
    try:
        assert elector.status() == "standby"
        killed_at = time.monotonic()
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        await asyncio.wait_for(elected.wait(), 30)
        assert time.monotonic() - killed_at < 30
        assert elector.status() == "leader"
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()


async def test_the_holder_steps_down_when_its_connection_dies(pg_dsn: str) -> None:
    import asyncpg

    name = f"test-{uuid.uuid4()}"
    changes: list[bool] = []
    elected, lost = asyncio.Event(), asyncio.Event()

    async def on_elected() -> None:
        elected.set()

    async def on_lost() -> None:
        lost.set()

    lock = PostgresLeaderLock(pg_dsn, name=name, application_name=name)
    elector = LeaderElector(
        lock, on_elected=on_elected, on_lost=on_lost, retry=0.05, on_change=changes.append
    )
    task = asyncio.create_task(elector.run())
    admin = await asyncpg.connect(pg_dsn)
    try:
        await asyncio.wait_for(elected.wait(), 10)
        # the server ends the leader's session, as when the network between them fails
        ended = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE application_name = $1",
            name,
        )
        assert ended == 1
        await asyncio.wait_for(lost.wait(), 10)
        assert changes[:2] == [True, False]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await admin.close()


async def test_a_second_process_on_one_sqlite_file_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "paperboy.db"
    first = FileLeaderLock(database)
    assert await first.try_acquire()
    script = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from storage.leader import FileLeaderLock, LeaderLockHeld\n"
        "try:\n"
        "    asyncio.run(FileLeaderLock(Path(sys.argv[1])).try_acquire())\n"
        "except LeaderLockHeld as exc:\n"
        "    print(exc)\n"
        "    sys.exit(3)\n"
    )

    async def second_process() -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", script, str(database), stdout=asyncio.subprocess.PIPE
        )
        out, _ = await asyncio.wait_for(process.communicate(), 30)
        return process.returncode or 0, out.decode()

    code, out = await second_process()
    assert code == 3
    assert f"pid {os.getpid()}" in out
    assert str(database) in out
    assert "PostgreSQL" in out
    await first.release()
    code, out = await second_process()
    assert code == 0  # free again once the first process let go


async def test_sqlite_lock_in_one_process_refuses_a_second_holder(tmp_path: Path) -> None:
    database = tmp_path / "x.db"
    first, second = FileLeaderLock(database), FileLeaderLock(database)
    assert await first.try_acquire()
    with pytest.raises(LeaderLockHeld, match="one process per database"):
        await second.try_acquire()
    await first.release()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///paperboy.db", Path("paperboy.db")),
        ("sqlite:////data/paperboy.db", Path("/data/paperboy.db")),
        ("sqlite:///:memory:", None),
        ("sqlite://", None),
    ],
)
def test_sqlite_path(url: str, expected: Path | None) -> None:
    assert sqlite_path(url) == expected


def test_lock_kind_follows_the_storage_url(tmp_path: Path) -> None:
    assert isinstance(leader_lock(f"sqlite:///{tmp_path}/a.db"), FileLeaderLock)
    assert isinstance(leader_lock("postgresql://u@h/db"), PostgresLeaderLock)
    assert leader_lock("sqlite:///:memory:") is None
    assert one_process_only("sqlite+aiosqlite:///a.db")
    assert not one_process_only("postgres://u@h/db?schema=s")


async def test_process_lock_on_sqlite_takes_the_file_lock_and_refuses_split_roles(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path}/p.db"
    with pytest.raises(RunRefused, match="--role worker needs PostgreSQL"):
        await process_lock(url, "worker")
    lock = await process_lock(url)
    assert lock is not None
    try:
        with pytest.raises(RunRefused, match="one process per database"):
            await process_lock(url)
    finally:
        await lock.release()
