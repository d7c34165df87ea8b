"""The two halves of the `commands_load` scenario: Slack HTTP mode and Discord's gateway.

Both drive the real adapters, started with the real command core, through the fakes of
tests/ on 127.0.0.1; see commands_load.py for what is measured and why.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiohttp
import discord
from aiohttp import web
from pydantic import SecretStr
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.discord import DiscordAdapter
from adapters.discord.lag import DeferPolicy
from adapters.slack import SlackAdapter
from bot.commands import Dispatcher
from bot.config import AdapterConfig, Secrets
from tests.discord import payloads as dp
from tests.discord.fake import FakeDiscord
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack
from tests.slack.payloads import form_body, signed, slash_command

SECRET = "bench-signing-secret"
USERS = 400  # distinct users, so the per-user command limit is not what is measured


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    if not ordered:
        return {"p50_ms": float("nan"), "p99_ms": float("nan"), "max_ms": float("nan")}
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p99_ms": round(p99 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


async def blast(
    url: str, bodies: Sequence[str], concurrency: int
) -> tuple[list[float], list[int], list[str]]:
    """POST each signed body, `concurrency` at a time; (ack seconds, statuses, ack bodies)."""
    gate = asyncio.Semaphore(concurrency)
    times: list[float] = []
    statuses: list[int] = []
    acks: list[str] = []
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(body: str) -> None:
            async with gate:
                headers = signed(body, SECRET)
                started = time.perf_counter()
                async with session.post(url, data=body.encode(), headers=headers) as response:
                    acks.append(await response.text())
                times.append(time.perf_counter() - started)
                statuses.append(response.status)

        await asyncio.gather(*(one(body) for body in bodies))
    return times, statuses, acks


async def serve(handle: Callable[[web.Request], Awaitable[web.Response]]) -> web.AppRunner:
    server = web.Application()
    server.router.add_post("/slack/events", handle)
    runner = web.AppRunner(server, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner


def bare_bolt(fake: FakeSlack) -> AsyncApp:
    """The baseline: bolt with signature checks and one listener that only acks."""
    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
    app = AsyncApp(client=client, signing_secret=SECRET, process_before_response=False)

    async def only_ack(ack: Any) -> None:
        await ack()

    app.command("/paper")(only_ack)
    return app


async def slack_load(
    dispatcher: Dispatcher, texts: Sequence[str], concurrency: int
) -> dict[str, Any]:
    fake = FakeSlack()
    await fake.start()
    for n in range(USERS):
        fake.add_user(f"U{n:05d}")

    def bodies(prefix: str) -> list[str]:
        return [
            form_body(slash_command(t, fake.response_url(f"{prefix}{n}"), user=f"U{n % USERS:05d}"))
            for n, t in enumerate(texts)
        ]

    app = bare_bolt(fake)

    async def handle(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    bare = await serve(handle)
    settings = AdapterConfig.model_validate(
        {"api_url": fake.api_url, "mode": "http", "host": "127.0.0.1", "port": 0}
    )
    secrets = Secrets.model_validate(
        {"slack_bot_token": SecretStr(BOT_TOKEN), "slack_signing_secret": SecretStr(SECRET)}
    )
    adapter = SlackAdapter("slack", settings, secrets)
    await adapter.start(dispatcher)
    try:
        bare_port = bare.addresses[0][1]
        bare_times, _, _ = await blast(
            f"http://127.0.0.1:{bare_port}/slack/events", bodies("b"), concurrency
        )
        url = f"http://127.0.0.1:{adapter.http_port}/slack/events"
        ours, statuses, acks = await blast(url, bodies("r"), concurrency)
        answered_in_ack = sum(bool(a) for a in acks)  # e.g. "busy, try again": no reply follows
        expected = len(texts) - answered_in_ack
        with contextlib.suppress(TimeoutError):
            await fake.wait_for(lambda: len(fake.responses) >= expected, limit=300)
    finally:
        await adapter.stop()
        await bare.cleanup()
        await fake.stop()
    answered = {rid for rid, _ in fake.responses}
    return {
        "ack": percentiles(ours),
        "ack_bare_bolt": percentiles(bare_times),
        "non_200": sum(s != 200 for s in statuses),
        "replies_delivered": len(answered),
        "answered_in_the_ack": answered_in_ack,
        "replies_expected": len(texts),
        "fallback_posts": len(fake.calls_to("chat.postEphemeral")),
        "users_info_calls": len(fake.calls_to("users.info")),
    }


class TimedDiscord(FakeDiscord):
    """The fake Discord, noting when each interaction's first response arrives."""

    def __init__(self, expected: int) -> None:
        super().__init__()
        self.first: dict[str, float] = {}
        self.answers = 0
        self.expected = expected
        self.all_answered = asyncio.Event()

    def _answered(self) -> None:
        self.answers += 1
        if self.answers >= self.expected:
            self.all_answered.set()

    async def _callback(self, request: web.Request) -> web.Response:
        self.first.setdefault(request.match_info["id"], time.perf_counter())
        if (await request.json())["type"] == 4:
            self._answered()
        return await super()._callback(request)

    async def _edit_original(self, request: web.Request) -> web.Response:
        self._answered()
        return await super()._edit_original(request)

    async def _followup(self, request: web.Request) -> web.Response:
        self._answered()
        return await super()._followup(request)


async def discord_load(
    dispatcher: Dispatcher, texts: Sequence[str], policy: DeferPolicy | None = None
) -> dict[str, Any]:
    fake = TimedDiscord(len(texts))
    await fake.start()
    settings = AdapterConfig.model_validate(
        {"api_url": fake.api_url, "guild_ready_timeout": 0.05, "identify_delay": 0}
    )
    secrets = Secrets.model_validate({"discord_token": SecretStr(fake.token)})
    adapter = DiscordAdapter("discord", settings, secrets, defer_policy=policy)
    await adapter.start(dispatcher)
    sent: dict[str, float] = {}
    try:
        for n, text in enumerate(texts):
            sub, _, rest = text.partition(" ")
            option = {"search": "query", "show": "paper"}.get(sub)
            # A snowflake id of now, as Discord's: the adapter reads the creation time.
            number = discord.utils.time_snowflake(dt.datetime.now(dt.UTC)) + n
            payload = dp.interaction(number, f"tok-{n}", sub, {option: rest} if option else None)
            payload["member"]["user"]["id"] = str(800000000000000000 + n % USERS)
            sent[str(number)] = time.perf_counter()
            await fake.dispatch("INTERACTION_CREATE", payload)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(fake.all_answered.wait(), 300)
        router = adapter._router
        deferred = router.deferred if router is not None else 0
        lag_peak = round(adapter._lag.peak * 1000, 1)
    finally:
        await adapter.stop()
        await fake.close()
    first = [fake.first[i] - sent[i] for i in sent if i in fake.first]
    return {
        "first_response": percentiles(first),
        "first_responses": len(first),
        "deferred": deferred,
        "answers_delivered": fake.answers,
        "answers_expected": len(texts),
        "loop_lag_peak_ms": lag_peak,
    }
