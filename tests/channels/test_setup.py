"""`/paper setup` and `/paper settings filter` through the real dispatcher and App, over a
real store: who may, what a preview shows, what confirm stores, how another worker's
scheduler learns of it without a restart, and the limits of a public instance."""

from __future__ import annotations

import datetime as dt

from bot.clock import FrozenClock
from bot.commands.setup import SetupAction, parse_setup
from storage import SqlStore
from tests.channels.conftest import MakeBot


async def test_a_non_admin_is_refused_and_nothing_is_stored(
    make_bot: MakeBot, store: SqlStore
) -> None:
    bot = await make_bot()
    text = await bot.say("/paper setup confirm time 07:30", admin=False)
    assert "Only channel admins can use `/paper setup`" in text
    assert await bot.channels.names() == ["seeded"]


async def test_preview_stores_nothing_and_confirm_schedules_it_in_another_worker(
    make_bot: MakeBot,
) -> None:
    writer, leader = await make_bot(), await make_bot()  # two processes over one store
    await leader.app.scheduler.start(paused=True, catch_up=False)
    assert leader.app.scheduler.job("post:reading") is None

    preview = await writer.say("/paper setup time 07:30 timezone Europe/Berlin mode digest")
    assert "This would turn on #reading: a daily post at 07:30 Europe/Berlin, top 5, one " \
        "digest, from every source, no topic filter." in preview  # fmt: skip
    assert "`/paper setup confirm time 07:30 timezone Europe/Berlin mode digest`" in preview
    assert not await leader.app.scheduler.refresh()  # nothing stored, nothing to re-derive

    done = await writer.say("/paper setup confirm time 07:30 timezone Europe/Berlin mode digest")
    assert done.startswith("Set up. #reading: a daily post at 07:30 Europe/Berlin")
    assert await leader.app.scheduler.refresh()
    job = leader.app.scheduler.job("post:reading")
    assert job is not None
    assert job.next_run_time == dt.datetime(2025, 3, 11, 6, 30, tzinfo=dt.UTC)  # 07:30 CET
    assert not await leader.app.scheduler.refresh()  # unchanged: the jobs are left alone

    await writer.say("/paper settings time 10:15")
    assert await leader.app.scheduler.refresh()
    moved = leader.app.scheduler.job("post:reading")
    assert moved is not None
    assert moved.next_run_time == dt.datetime(2025, 3, 11, 9, 15, tzinfo=dt.UTC)

    removed = await writer.say("/paper setup remove confirm")
    assert "Removed: #reading gets no daily post" in removed
    assert await leader.app.scheduler.refresh()
    assert leader.app.scheduler.job("post:reading") is None
    assert leader.app.scheduler.job("post:seeded") is not None  # the TOML channel stays


async def test_the_post_keeps_to_the_filter_and_mode_and_removal_keeps_the_history(
    make_bot: MakeBot, store: SqlStore, clock: FrozenClock
) -> None:
    bot = await make_bot()
    await bot.say("/paper setup confirm top 3 filter diffusion -survey")
    [outcome] = await bot.app.post(["reading"])
    await bot.app.deliver(max_wait=0)
    assert len(outcome.papers) == 2
    printed = bot.out.getvalue()
    assert printed.count("── to #reading ──") == 2  # one message per paper
    assert "Diffusion Models for Video Generation" in printed
    assert "Robot Learning from Demonstration" in printed  # "diffusion policies"
    assert "A Survey of Diffusion" not in printed  # -survey
    assert "State Space Models" not in printed  # no "diffusion"

    bad = await bot.say('/paper settings filter "unclosed')
    assert "Example: `/paper settings" in bad
    record = await bot.channels.directory.get_chat_channel("reading")
    assert record is not None
    assert record.filter == "diffusion -survey"  # a bad filter changes nothing
    shown = await bot.say("/paper settings")
    assert "#reading: daily post at 09:00 UTC, top 3" in shown
    assert "filter diffusion -survey." in shown

    state = await store.get_channel_state("reading")
    assert state is not None
    assert state.review_counter == 2
    await bot.say("/paper setup remove confirm")
    assert "reading" not in await bot.channels.names()
    assert await store.get_channel_state("reading") == state  # the history stays
    assert "already off" in await bot.say("/paper setup remove confirm")
    assert "already off" in await bot.say("/paper setup remove")
    clock.advance(days=1)
    await bot.say("/paper setup confirm top 1 filter none")
    await bot.app.post(["reading"])
    await bot.app.deliver(max_wait=0)
    assert "Paper Review No. 3" in bot.out.getvalue()  # the numbering goes on


async def test_remove_previews_first_and_remove_confirm_turns_the_post_off(
    make_bot: MakeBot, clock: FrozenClock
) -> None:
    bot = await make_bot()
    await bot.say("/paper setup confirm")
    preview = await bot.say("/paper setup remove")
    assert "This would turn off the daily post in #reading; its history stays." in preview
    assert "`/paper setup remove confirm`" in preview
    assert "reading" in await bot.channels.names()  # a preview changes nothing
    for line in ("/paper setup remove confirm", "/paper setup confirm remove"):
        done = await bot.say(line)
        assert "Removed: #reading gets no daily post" in done
        assert "Set up." not in done
        assert "reading" not in await bot.channels.names()
        await bot.say("/paper setup confirm")
    clock.advance(minutes=2)  # past the server's command limit
    assert "This would turn off" in await bot.say("/paper setup remove confirm false")


async def test_a_seed_from_the_file_is_adjusted_from_chat_under_its_name(
    make_bot: MakeBot,
) -> None:
    bot = await make_bot()
    text = await bot.say("/paper setup confirm mode digest", channel="seed-room")
    assert text.startswith("Set up. #seeded: a daily post at 06:00 UTC, top 4, one digest")
    assert await bot.channels.names() == ["seeded"]
    effective = await bot.channels.effective("seeded")
    assert (effective.target, effective.mode, effective.top) == ("seed-room", "digest", 4)


async def test_limits_channels_per_server_and_commands_per_server(
    make_bot: MakeBot, clock: FrozenClock
) -> None:
    bot = await make_bot()
    for room in ("a", "b"):
        assert "Set up." in await bot.say("/paper setup confirm", channel=room, workspace="W1")
    third = await bot.say("/paper setup confirm", channel="c", workspace="W1")
    assert "already has 2 channels with a daily post, the most allowed (2)" in third
    assert "Set up." in await bot.say("/paper setup confirm", channel="c", workspace="W2")
    clock.advance(minutes=2)
    for user in ("U1", "U2", "U3", "U4", "U5", "U6"):  # 6 a minute for everyone in W1
        assert "too many" not in await bot.say("/paper help", user=user, workspace="W1")
    busy = await bot.say("/paper help", user="U7", workspace="W1")
    assert "This server is sending the bot too many commands (at most 6 a minute" in busy
    assert "too many" not in await bot.say("/paper help", user="U7", workspace="W2")


def test_typed_remove_and_confirm_options_are_two_flags() -> None:
    # Discord and Slack send `/paper setup remove:true confirm:true` as typed options.
    assert parse_setup("", (("remove", "true"),))[0] is SetupAction.REMOVE_PREVIEW
    both = parse_setup("", (("remove", "true"), ("confirm", "true")))
    assert both[0] is SetupAction.REMOVE
    assert parse_setup("", (("confirm", "true"), ("remove", "true")))[0] is SetupAction.REMOVE
    assert parse_setup("remove", (("confirm", "false"),))[0] is SetupAction.REMOVE_PREVIEW
