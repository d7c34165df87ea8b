"""A server or workspace the bot was removed from: its users' topic DMs wait (nothing is
written for them, so nothing is lost) and go out once it is back; other workspaces' users
are not held up. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from bot.channels.workspaces import Workspaces
from bot.clock import FrozenClock
from bot.delivery.users import UserDeliveries
from bot.model import DeliveryMode, Owner
from storage import SqlStore
from storage.channels import channel_directory
from tests.commands.conftest import CORPUS, NOW


async def test_dms_wait_while_the_workspace_is_gone(store: SqlStore) -> None:
    clock = FrozenClock(NOW)
    directory = channel_directory(store.engine)
    gone, here = Owner("discord", "G1", "U1"), Owner("discord", "G2", "U2")
    for owner in (gone, here):
        await store.add_subscription(
            owner, "diffusion", DeliveryMode.INSTANT, NOW - dt.timedelta(days=5)
        )
    await store.upsert_papers(list(CORPUS), NOW)
    users = UserDeliveries(
        store, clock, adapters_by_platform={"discord": "discord"},
        paused_workspaces=directory.suspended_workspaces,
    )  # fmt: skip
    workspaces = Workspaces(directory, clock)

    await workspaces("discord", "G1", False)  # removed from server G1
    assert await directory.suspended_workspaces() == {("discord", "G1")}
    assert await users.instant() == 1  # U2 only
    assert await store.outbox_depth() == 1

    clock.advance(hours=2)
    assert await users.instant() == 0  # still out: nothing more, nothing lost
    await workspaces("discord", "G1", True)  # invited back
    assert await directory.suspended_workspaces() == set()
    clock.advance(hours=2)
    assert await users.instant() == 1  # U1's DM now; U2 already had it
    assert await store.outbox_depth() == 2
