"""`paperboy run` as the image runs it: its start command, its health check, one process
per SQLite file, a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from tests.ops.container import parse
from tests.ops.runner import BotProcess, free_port, start_bot, wait_for
from tests.ops.test_metrics import EXPECTED


async def healthcheck(command: list[str], port: int) -> int:
    """Run the image's HEALTHCHECK command; its exit code (0 = healthy)."""
    env = {**os.environ, "PAPERBOY_HEALTH__PORT": str(port)}
    argv = [sys.executable if command[0] == "python" else command[0], *command[1:]]
    process = await asyncio.create_subprocess_exec(
        *argv, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    return await asyncio.wait_for(process.wait(), 10)


async def test_the_image_command_serves_health_and_metrics_and_stops_cleanly(
    tmp_path: Path,
) -> None:
    image = parse()[-1]
    data = tmp_path / "data"
    port = free_port()
    env = {
        **image.env,
        "PATH": os.environ["PATH"],
        "PAPERBOY_STORAGE__URL": f"sqlite:///{data}/paperboy.db",
        "PAPERBOY_HEALTH__PORT": str(port),
    }
    env.pop("PAPERBOY_CONFIG", None)
    bot = await start_bot("image", tmp_path, env, port=port, command=image.cmd)
    try:

        async def healthy() -> bool:
            return await healthcheck(image.healthcheck, port) == 0

        await wait_for(healthy, 30, "the HEALTHCHECK command to pass")
        status, body = await bot.health() or (0, {})
        assert status == 200
        assert body["checks"]["scheduler"] == "leader"
        assert body["checks"]["store"].startswith("ok")
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/metrics") as response,
        ):
            text = await response.text()
        families = {family.name: family for family in text_string_to_metric_families(text)}
        assert set(families) >= EXPECTED
        assert families["paperboy_scheduler_leader"].samples[0].value == 1

        # a second process on the same SQLite file is refused, with the reason
        second = await start_bot("second", tmp_path, env, port=free_port(), command=image.cmd)
        code = await asyncio.wait_for(second.process.wait(), 30)
        assert code != 0
        output = "\n".join(second.log_lines())
        assert "another paperboy process" in output
        assert str(data / "paperboy.db") in output
        assert (await bot.health() or (0, {}))[0] == 200  # the first one is unharmed

        assert await bot.terminate(10) == 0
        assert await healthcheck(image.healthcheck, port) != 0
    finally:
        bot.kill()


async def test_a_worker_role_on_sqlite_is_refused(tmp_path: Path) -> None:
    env = {"PAPERBOY_STORAGE__URL": f"sqlite:///{tmp_path}/paperboy.db"}
    bot: BotProcess = await start_bot("worker", tmp_path, env, "run", "--role", "worker")
    code = await asyncio.wait_for(bot.process.wait(), 30)
    assert code != 0
    assert "PostgreSQL" in "\n".join(bot.log_lines())


async def test_json_logs_of_run_hold_no_token(tmp_path: Path) -> None:
    """The fake adapter logs its token raw on start: `--log-format json` must mask it."""
    from aiohttp import web

    from tests.ops.fake_platform import FakePlatform

    token = "xoxb-999988887777-666655554444-ZyXwVuTsRqPoNmLkJiHgFeDc"
    llm_key = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789"
    runner = web.AppRunner(FakePlatform().app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    api = f"http://127.0.0.1:{runner.addresses[0][1]}"
    config = tmp_path / "paperboy.toml"
    kind = "tests.ops.fake_platform:FakePlatformAdapter"
    config.write_text(f'[adapters.fake]\nkind = "{kind}"\napi_url = "{api}"\n', encoding="utf-8")
    env = {
        "PAPERBOY_CONFIG": str(config),
        "PAPERBOY_STORAGE__URL": f"sqlite:///{tmp_path}/paperboy.db",
        "SLACK_BOT_TOKEN": token,
        "PAPERBOY_LLM_API_KEY": llm_key,
    }
    bot = await start_bot("json", tmp_path, env, "--log-format", "json", "-v", "run")
    try:

        async def up() -> bool:
            found = await bot.health()
            return found is not None and found[0] == 200

        await wait_for(up, 30, "the bot to be healthy")
        assert await bot.terminate(10) == 0
    finally:
        bot.kill()
        await runner.cleanup()
    lines = bot.log_lines()
    assert not [line for line in lines if token in line or llm_key in line]
    events = [json.loads(line) for line in lines if line.startswith("{")]
    leak = [e for e in events if e["event"].startswith("fake adapter fake")]
    assert leak  # the adapter did try to log the token: it was masked
    assert leak[0]["token"] == "***"
    assert {"time", "level", "logger", "event"} <= set(events[0])
