"""Run real `paperboy run` processes for the operations tests, and read their health."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@dataclass
class BotProcess:
    """One `paperboy run` subprocess with its health port and its log file."""

    name: str
    process: asyncio.subprocess.Process
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    async def health(self) -> tuple[int, dict[str, Any]] | None:
        """(status, body) of /healthz, or None while it does not answer."""
        try:
            async with (
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session,
                session.get(f"http://127.0.0.1:{self.port}/healthz") as response,
            ):
                return response.status, await response.json()
        except (aiohttp.ClientError, TimeoutError, json.JSONDecodeError):
            return None

    async def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        """/metrics as {(sample name, sorted labels): value}."""
        from prometheus_client.parser import text_string_to_metric_families

        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session,
            session.get(f"http://127.0.0.1:{self.port}/metrics") as response,
        ):
            text = await response.text()
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        }

    async def role(self) -> str | None:
        """ "leader" or "standby" (the scheduler check), None when it does not answer."""
        found = await self.health()
        if found is None:
            return None
        detail = found[1].get("checks", {}).get("scheduler")
        return str(detail) if detail else None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGKILL)

    async def terminate(self, within: float = 10.0) -> int:
        """SIGTERM, and the exit code; raises TimeoutError past `within` seconds."""
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), within)

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()


async def start_bot(
    name: str,
    workdir: Path,
    env: dict[str, str],
    *args: str,
    port: int | None = None,
    command: list[str] | None = None,
) -> BotProcess:
    """Start `paperboy [args] run` (or `command`) with the repository on PYTHONPATH."""
    port = port or free_port()
    log = workdir / f"{name}.log"
    full_env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PAPERBOY_HEALTH__PORT": str(port),
        **env,
    }
    argv = command or [sys.executable, "-m", "bot", *args]
    with log.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            *argv,
            cwd=str(workdir),
            env=full_env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=sink,
            stderr=asyncio.subprocess.STDOUT,
        )
    return BotProcess(name, process, port, log)


async def wait_for(predicate: Any, within: float, what: str, every: float = 0.1) -> Any:
    """Poll an async predicate until it returns something truthy (real processes: no clock
    to move), failing with `what` after `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        result = await predicate()
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {within:g}s waiting for {what}")
        await asyncio.sleep(every)
