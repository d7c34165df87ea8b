"""The chat-made channels role on SQLite and PostgreSQL: a record survives a reopen,
(adapter, target) is unique, removal and suspension keep the row and change the version."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError

from bot.channels.model import ChatChannel, PostMode, channel_name
from storage import SqlStore, open_store
from storage.channels import channel_directory
from storage.installations import installation_records

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def _record(name: str, target: str, workspace: str = "T1") -> ChatChannel:
    return ChatChannel(
        name=name, adapter="slack", workspace=workspace, target=target, time="07:30",
        timezone="Europe/Berlin", top=3, mode=PostMode.DIGEST, sources=("arxiv-ml",),
        filter='cat:cs.LG "diffusion" -medical', created_by="U1",
    )  # fmt: skip


async def test_a_record_round_trips_and_survives_a_reopen(store: SqlStore) -> None:
    directory = channel_directory(store.engine)
    saved = await directory.save_chat_channel(_record("slack-C1", "C1"), NOW)
    assert saved == dataclasses.replace(_record("slack-C1", "C1"), created=NOW, updated=NOW)
    if store.dialect == "sqlite":  # reopen the same file: nothing kept in memory
        url = store.engine.url.render_as_string(hide_password=False).replace("+aiosqlite", "")
        again = await open_store(url)
        try:
            assert await channel_directory(again.engine).get_chat_channel("slack-C1") == saved
        finally:
            await again.close()
    assert await directory.chat_channel_at("slack", "C1") == saved
    assert await directory.chat_channel_at("discord", "C1") is None


async def test_the_version_changes_on_every_save_removal_and_suspension(store: SqlStore) -> None:
    directory = channel_directory(store.engine)
    versions = [await directory.chat_channels_version()]
    first = await directory.save_chat_channel(_record("slack-C1", "C1"), NOW)
    versions.append(await directory.chat_channels_version())
    await directory.save_chat_channel(dataclasses.replace(first, top=5), NOW)  # same instant
    versions.append(await directory.chat_channels_version())
    await directory.save_chat_channel(dataclasses.replace(first, removed=NOW), NOW)
    versions.append(await directory.chat_channels_version())
    await directory.save_chat_channel(_record("slack-C2", "C2"), NOW)
    assert await directory.count_chat_channels("slack", "T1") == 1  # the removed one not counted
    assert await directory.suspend_workspace("slack", "T1", True, NOW) == 2
    versions.append(await directory.chat_channels_version())
    assert await directory.suspend_workspace("slack", "T1", True, NOW) == 0  # already
    assert await directory.suspend_workspace("slack", "T2", True, NOW) == 0  # another one
    assert len(set(versions)) == len(versions)
    kept = {c.name: c for c in await directory.list_chat_channels()}
    assert kept["slack-C1"].removed == NOW
    assert kept["slack-C1"].suspended
    assert kept["slack-C1"].created == NOW
    assert kept["slack-C2"].suspended


async def test_one_record_per_channel(store: SqlStore) -> None:
    directory = channel_directory(store.engine)
    await directory.save_chat_channel(_record("slack-C1", "C1"), NOW)
    with pytest.raises(IntegrityError):
        await directory.save_chat_channel(_record("other-name", "C1"), NOW)
    assert [c.name for c in await directory.list_chat_channels()] == ["slack-C1"]


def test_names_are_valid_channel_names() -> None:
    assert channel_name("console", "reading") == "reading"
    assert channel_name("slack", "C0123") == "slack-C0123"
    assert channel_name("discord", "12345/#x y") == "discord-12345-x-y"
    assert len(channel_name("slack", "C" * 200)) == 64


async def test_installations_and_one_time_states(store: SqlStore) -> None:
    records = installation_records(store.engine)
    await records.save_installation("slack", "T1", "cipher-1", NOW)
    await records.save_installation("slack", "T1", "cipher-2", NOW)  # a reinstall replaces
    await records.save_installation("slack", "T2", "cipher-3", NOW)
    assert await records.get_installation("slack", "T1") == "cipher-2"
    assert await records.get_installation("discord", "T1") is None
    assert await records.delete_installation("slack", "T1")
    assert not await records.delete_installation("slack", "T1")
    assert await records.get_installation("slack", "T2") == "cipher-3"
    later = NOW + dt.timedelta(minutes=10)
    await records.issue_state("s1", later)
    await records.issue_state("s2", later)
    assert await records.consume_state("s1", NOW)
    assert not await records.consume_state("s1", NOW)  # once
    assert not await records.consume_state("s2", later)  # expired
    assert not await records.consume_state("never-issued", NOW)
