"""The console contract scripts drive: `paperboy chat --channel NAME --user ID [--admin]`
sets a channel up from chat; a restarted bot (`paperboy post --channel NAME`, a new
process) finds it in the database and posts there exactly once, with its topic filter."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from storage import open_store
from tests.e2e.conftest import ROOT, Deployment, Run
from tests.e2e.conftest import deployment as deployment  # the fixture: real SQLite, samples

PAPERBOY = (sys.executable, "-m", "bot")


async def _chat(deployment: Deployment, line: str, *who: str) -> Run:
    process = await asyncio.create_subprocess_exec(
        *PAPERBOY, "--config", str(deployment.config), "chat", "--channel", "reading", *who,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(line.encode() + b"\n"), 60)
    return Run(process.returncode, out.decode(), err.decode())


@pytest.mark.slow
async def test_set_up_from_chat_survives_a_restart_and_posts_exactly_once(
    deployment: Deployment,
) -> None:
    setup = "/paper setup confirm time 07:30 top 2 filter kolmogorov"
    refused = await _chat(deployment, setup, "--user", "U-guest")
    assert refused.code == 0, refused.stderr
    assert "Only channel admins can use `/paper setup`" in refused.stdout

    preview = await _chat(
        deployment, "/paper setup top 2 filter kolmogorov", "--user", "U1", "--admin"
    )
    assert "This would turn on #reading: a daily post at 09:00 UTC, top 2" in preview.stdout
    assert "`/paper setup confirm top 2 filter kolmogorov`" in preview.stdout
    store = await open_store(deployment.db_url)
    try:
        assert await store.get_channel_state("reading") is None
    finally:
        await store.close()

    done = await _chat(deployment, setup, "--user", "U1", "--admin")
    assert "Set up. #reading: a daily post at 07:30 UTC, top 2, one message per paper, " \
        "from every source, filter kolmogorov." in done.stdout  # fmt: skip

    post = (*PAPERBOY, "--config", str(deployment.config), "post", "--channel", "reading")
    first = await deployment.run(*post, "--date", "2026-03-02")
    assert first.code == 0, first.stderr
    assert "reading: posted 1 paper(s) for 2026-03-02" in first.stdout
    assert first.stdout.count("── to #reading ──") == 1
    assert "Kolmogorov-Arnold Networks" in first.stdout  # the only paper the filter keeps
    second = await deployment.run(*post, "--date", "2026-03-02")
    assert "reading: already posted for 2026-03-02 (1 sent); nothing new" in second.stdout
    assert "── to #reading ──" not in second.stdout
    assert deployment.platform.in_channel("LAB") == []  # no other channel was posted to
