"""Instant DMs planned by a process that kills itself (SIGKILL) at a chosen step, then
finished by the next one, for the crash tests.

    python -m tests.e2e.crashinstant CONFIG plan PAPER_ID... [--kill WHAT:N:WHEN]
    python -m tests.e2e.crashinstant CONFIG resume

`--kill store.enqueue_for_user:3:before` kills the process before the third user's write;
`store.enqueue_for_user.build:3:after` inside it: the third user's seen rows are inserted
and the DM built, but the transaction is not committed.

`plan`: what the scheduler does after a poll brought these papers (plan the instant DMs,
then send them). `resume`: what the process that takes the scheduler over does at start
(`Jobs.instant_deliveries`, the scheduler's catch-up step), then sends.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

from bot.app import App
from bot.clock import SystemClock
from bot.config import load_config
from bot.model import Owner
from bot.plugins import adapter_factory, build_adapters
from storage import open_store
from storage.base import NewDelivery
from tests.e2e.crashpost import KillSwitch, Proxy


class KillInsideWrites:
    """The store (a kill-switch Proxy) whose `enqueue_for_user` also passes the kill switch
    inside its transaction, around the call of `build` (`store.enqueue_for_user.build`)."""

    def __init__(self, store: Any, switch: KillSwitch) -> None:
        self._store, self._switch = store, switch

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._store, attr)

    async def enqueue_for_user(
        self,
        owner: Owner,
        paper_ids: Sequence[str],
        now: dt.datetime,
        build: Callable[[list[str]], NewDelivery | None],
    ) -> str | None:
        name, switch = "store.enqueue_for_user.build", self._switch

        def watched(fresh: list[str]) -> NewDelivery | None:
            switch.check(name, "before")
            item = build(fresh)
            switch.after(name)
            return item

        result: str | None = await self._store.enqueue_for_user(owner, paper_ids, now, watched)
        return result


async def main(config_path: str, step: str, papers: list[str], kill: str | None) -> None:
    config = load_config(config_path, {})
    switch = KillSwitch(kill)
    store = KillInsideWrites(Proxy(await open_store(config.storage.url), "store", switch), switch)
    app = await App.build(
        config,
        adapter_factory=adapter_factory,
        clock=SystemClock(),
        store=store,
        adapters=build_adapters(config, adapter_factory),
    )
    app._owns = (True, True)
    try:
        if step == "plan":
            planned = await app.users.instant(papers)
        else:
            before = await app.store.outbox_depth()
            await app.jobs.instant_deliveries()
            planned = await app.store.outbox_depth() - before
        await app.deliver(max_wait=3)
        print(json.dumps({"planned": planned}), flush=True)
    finally:
        await app.stop()


def cli() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("step", choices=["plan", "resume"])
    parser.add_argument("papers", nargs="*")
    parser.add_argument("--kill")
    args = parser.parse_args()
    asyncio.run(main(args.config, args.step, args.papers, args.kill))


if __name__ == "__main__":
    cli()
