"""A `paperboy post` that kills itself (SIGKILL) at a chosen step, for the crash tests.

    python -m tests.e2e.crashpost CONFIG DAY [--kill WHAT:N:WHEN] [--clock-offset SECONDS]

`--kill store.enqueue:1:after` kills the process right after the first call of the store's
`enqueue` returns; `adapter.send:2:before` right before the second send of any adapter.
`--clock-offset` moves the clock forward (a restart after the send leases ran out).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import signal
from typing import Any

from bot.app import App
from bot.config import load_config
from bot.plugins import adapter_factory, build_adapters


class OffsetClock:
    def __init__(self, offset: float) -> None:
        self._offset = dt.timedelta(seconds=offset)

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self._offset


class KillSwitch:
    def __init__(self, spec: str | None) -> None:
        self.what, self.count, self.when = None, 0, "after"
        if spec:
            what, count, when = spec.split(":")
            self.what, self.count, self.when = what, int(count), when
        self.calls: dict[str, int] = {}

    def check(self, name: str, when: str) -> None:
        if name != self.what or when != self.when:
            return
        if when == "before":
            self.calls[name] = self.calls.get(name, 0) + 1
        if self.calls.get(name, 0) == self.count:
            os.kill(os.getpid(), signal.SIGKILL)

    def after(self, name: str) -> None:
        if self.when == "after":
            self.calls[name] = self.calls.get(name, 0) + 1
        self.check(name, "after")


class Proxy:
    """Delegates every attribute; async methods go through the kill switch."""

    def __init__(self, target: Any, prefix: str, switch: KillSwitch) -> None:
        self._target, self._prefix, self._switch = target, prefix, switch

    def __getattr__(self, attr: str) -> Any:
        value = getattr(self._target, attr)
        if not asyncio.iscoroutinefunction(value):
            return value
        name = f"{self._prefix}.{attr}"
        switch = self._switch

        async def call(*args: Any, **kwargs: Any) -> Any:
            switch.check(name, "before")
            result = await value(*args, **kwargs)
            switch.after(name)
            return result

        return call


async def main(config_path: str, day: dt.date, kill: str | None, offset: float) -> None:
    config = load_config(config_path, {})
    switch = KillSwitch(kill)
    from storage import open_store

    store = Proxy(await open_store(config.storage.url), "store", switch)
    adapters = {
        name: Proxy(adapter, "adapter", switch)
        for name, adapter in build_adapters(config, adapter_factory).items()
    }
    app = await App.build(
        config,
        adapter_factory=adapter_factory,
        clock=OffsetClock(offset),
        store=store,
        adapters=adapters,
    )
    app._owns = (True, True)
    try:
        outcomes = await app.post(None, day)
        await app.deliver(max_wait=3)
        print(json.dumps([o.describe() for o in outcomes]), flush=True)
    finally:
        await app.stop()


def cli(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("day", type=dt.date.fromisoformat)
    parser.add_argument("--kill")
    parser.add_argument("--clock-offset", type=float, default=0.0)
    args = parser.parse_args(argv)
    asyncio.run(main(args.config, args.day, args.kill, args.clock_offset))


if __name__ == "__main__":
    cli()
