"""Instant DMs planned by a process that kills itself (SIGKILL) at a chosen step, then
finished by the next one, for the crash tests.

    python -m tests.e2e.crashinstant CONFIG plan PAPER_ID... [--kill WHAT:N:WHEN]
    python -m tests.e2e.crashinstant CONFIG resume

`plan`: what the scheduler does after a poll brought these papers (plan the instant DMs,
then send them). `resume`: what the process that takes the scheduler over does at start
(`Jobs.instant_deliveries`, the scheduler's catch-up step), then sends.
"""

from __future__ import annotations

import argparse
import asyncio
import json

from bot.app import App, build_adapters
from bot.clock import SystemClock
from bot.config import load_config
from bot.plugins import adapter_factory
from storage import open_store
from tests.e2e.crashpost import KillSwitch, Proxy


async def main(config_path: str, step: str, papers: list[str], kill: str | None) -> None:
    config = load_config(config_path, {})
    switch = KillSwitch(kill)
    store = Proxy(await open_store(config.storage.url), "store", switch)
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
