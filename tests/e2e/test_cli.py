"""`paperboy demo`, `paperboy post` and `paperboy run` as a user runs them: subprocesses."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from storage import open_store
from storage.base import DeliveryStatus
from tests.e2e.conftest import ROOT, Deployment

PAPERBOY = (sys.executable, "-m", "bot")


async def test_demo_runs_offline_without_configuration(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERBOY_")}
    process = await asyncio.create_subprocess_exec(
        *PAPERBOY,
        "demo",
        cwd=tmp_path,  # no config file around, nothing written here
        env={**env, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    text = out.decode()
    assert process.returncode == 0, err.decode()
    assert err.decode() == ""  # no warnings, no tracebacks
    assert "Paper Review No. 1" in text
    assert "Paper Review No. 3" in text
    assert "Paper Review No. 4" not in text
    assert "Results for" in text  # the search
    assert "Subscribed" in text
    dm = text.split("── to @you ──", 1)[1]
    assert "Chain-of-Thought Prompting" in dm
    assert await asyncio.to_thread(lambda: list(tmp_path.iterdir())) == []


async def test_post_twice_posts_once_and_says_so(deployment: Deployment) -> None:
    args = (*PAPERBOY, "--config", str(deployment.config), "post", "--channel", "lab")
    first = await deployment.run(*args, "--date", "2026-03-02")
    assert first.code == 0, first.stderr
    assert "lab: posted 3 paper(s) for 2026-03-02" in first.stdout
    second = await deployment.run(*args, "--date", "2026-03-02")
    assert second.code == 0, second.stderr
    assert "lab: already posted for 2026-03-02 (3 sent); nothing new" in second.stdout
    assert len(deployment.platform.in_channel("LAB")) == 3
    assert deployment.platform.in_channel("DIGEST") == []  # only the channel asked for


async def test_post_names_an_unknown_channel(deployment: Deployment) -> None:
    run = await deployment.run(
        *PAPERBOY, "--config", str(deployment.config), "post", "--channel", "nope"
    )
    assert run.code == 1
    assert "no channel named 'nope'; configured: terminal, lab, digest" in run.stderr


@pytest.mark.slow
async def test_run_stops_on_sigterm_within_ten_seconds_finishing_the_send_in_flight(
    deployment: Deployment, tmp_path: Path
) -> None:
    deployment.platform.delay = 1.0  # a slow platform: a send is in flight when we stop
    due = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)).strftime("%H:%M")
    config = tmp_path / "run.toml"
    text = deployment.config.read_text(encoding="utf-8")
    config.write_text(text.replace('target = "LAB"', f'target = "LAB"\ntime = "{due}"'))
    process = await asyncio.create_subprocess_exec(
        *PAPERBOY,
        "--config",
        str(config),
        "run",
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
        stdin=asyncio.subprocess.PIPE,  # the console adapter reads commands from it
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    # The missed 'lab' post is made at start (within the grace window): wait for a send.
    await asyncio.wait_for(deployment.platform.got_send.wait(), 30)
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    _, err = await asyncio.wait_for(process.communicate(), 15)
    assert time.monotonic() - started < 10
    assert process.returncode == 0, err.decode()
    assert "stopped." in err.decode()
    store = await open_store(deployment.db_url)
    try:
        rows = await store.deliveries(channel_name="lab")
    finally:
        await store.close()
    statuses = sorted(r.status for r in rows)
    sent = [r for r in rows if r.status is DeliveryStatus.SENT]
    assert len(sent) == len(deployment.platform.in_channel("LAB")) >= 1  # in flight: finished
    assert DeliveryStatus.SENDING not in statuses  # nothing left half-done
    assert len(rows) == 3
