"""Scenario `fanout`: N direct messages through the outbox and the sender against a fake
platform on 127.0.0.1 that allows R sends/s and answers 429 + Retry-After past it: achieved
rate over the allowed rate (target >= 0.9), 429s, lost and duplicated messages (target 0).

Two runs at the same size: `published` (the limiter knows the platform's limit, as it does
for Discord and Slack) and `unaware` (the limiter allows twice the real limit, so the pace
comes from the server's 429 answers alone). Options: `-o rate=200 -o burst=20`.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.clock import SystemClock
from bot.config import AdapterConfig, Secrets
from bot.delivery.policy import SendStage
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender, SendEvent
from bot.model import OutboundMessage, message_to_dict
from storage import open_store
from storage.base import DeliveryStatus, NewDelivery
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter

NAME = "fanout"


async def _one_run(
    workdir: Path, label: str, size: int, rate: float, burst: int, limiter_rate: float
) -> dict[str, float]:
    store = await open_store(f"sqlite:///{workdir / (label + '.db')}")
    platform = FakePlatform(rate=rate, burst=burst)
    platform._tokens, platform._updated = float(burst), time.monotonic()
    await platform.start()
    adapter = FakePlatformAdapter("fake", AdapterConfig(api_url=platform.url), Secrets())
    clock = SystemClock()
    try:
        message = message_to_dict(OutboundMessage.text("New papers on your topics: ..."))
        await store.enqueue(
            [
                NewDelivery(
                    key=f"dm:fake:dm:u{i}:bench",
                    adapter="fake",
                    channel="",
                    kind="dm",
                    payload=message,
                    user=f"u{i}",
                )
                for i in range(size)
            ],
            clock.now(),
        )
        limiter = RateLimiter(
            Limits(Rate(limiter_rate, max(1, int(burst * limiter_rate / rate))), Rate(1.0, 3))
        )
        finished = asyncio.Event()
        done = 0

        def count(event: SendEvent) -> None:
            nonlocal done
            if event.stage in (SendStage.SENT, SendStage.FAILED, SendStage.RECOVERED):
                done += 1
                if done == size:
                    finished.set()

        sender = Sender(
            store, {"fake": adapter}, clock, limiters={"fake": limiter}, observers=[count]
        )
        stopping = asyncio.Event()
        started = time.monotonic()
        task = asyncio.create_task(sender.run(stopping, idle=0.05))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(finished.wait(), size / rate * 4 + 30)
        stopping.set()
        await task
        last = max((m.at for m in platform.messages), default=started)
        elapsed = max(1e-9, last - started)
        delivered = len(platform.messages)
        nonces = [m.nonce for m in platform.messages]
        sent = len(await store.deliveries(status=DeliveryStatus.SENT, limit=size + 10))
        allowed = (burst + rate * elapsed) / elapsed  # the most the platform lets through
        return {
            "seconds": round(elapsed, 3),
            "achieved_per_s": round(delivered / elapsed, 2),
            "allowed_per_s": round(allowed, 2),
            "rate_ratio": round(delivered / elapsed / allowed, 3),
            "http_429": platform.rejected_429,
            "lost": size - len(set(nonces)),
            "duplicated": len(nonces) - len(set(nonces)),
            "unconfirmed": size - sent,
        }
    finally:
        await adapter.stop()
        await platform.stop()
        await store.close()


async def run(
    size: int | None = None, rate: float = 50.0, burst: int = 5, **options: Any
) -> dict[str, Any]:
    size = size or 1000
    with tempfile.TemporaryDirectory(prefix="paperboy-fanout-") as workdir:
        published = await _one_run(Path(workdir), "published", size, rate, burst, rate)
        unaware = await _one_run(Path(workdir), "unaware", size, rate, burst, rate * 2)
    figures = {f"published_{k}": v for k, v in published.items()}
    figures.update({f"unaware_{k}": v for k, v in unaware.items()})
    ratios = {
        "published_rate_ratio": published["rate_ratio"],
        "unaware_rate_ratio": unaware["rate_ratio"],
    }
    faults = {
        "lost": published["lost"] + unaware["lost"],
        "duplicated": published["duplicated"] + unaware["duplicated"],
        "unconfirmed": published["unconfirmed"] + unaware["unconfirmed"],
    }
    ok = (
        published["rate_ratio"] >= 0.9
        and unaware["rate_ratio"] >= 0.9
        and all(v == 0 for v in faults.values())
    )
    return {
        "scenario": NAME,
        "sizes": {"dms": size, "allowed_rate": rate, "burst": burst},
        "figures": {**figures, **faults},
        "ratios": ratios,
        "targets": {
            "published_rate_ratio": ">= 0.9",
            "unaware_rate_ratio": ">= 0.9",
            "lost": "== 0",
            "duplicated": "== 0",
            "unconfirmed": "== 0",
        },
        "ok": ok,
    }
