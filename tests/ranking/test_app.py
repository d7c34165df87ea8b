"""Through the whole App (the channel registry, the learning ranker, the console adapter):
votes typed in one channel reorder that channel's daily post and no other's."""

from __future__ import annotations

from storage import SqlStore
from tests.channels.conftest import MakeBot, clock, config, make_bot  # noqa: F401  (fixtures)

BASE = ("2503.00001", "2503.00002", "2503.00003", "2503.00004")  # newest first, no upvotes


async def test_votes_reorder_their_channels_post_only(
    make_bot: MakeBot,  # noqa: F811
    store: SqlStore,
) -> None:
    bot = await make_bot()
    await bot.say("/paper setup confirm top 4")  # a chat-made channel #reading, no votes
    liked = await bot.say("/paper like 2503.00004", channel="seed-room", admin=False)
    assert "you like 2503.00004" in liked
    await bot.say("/paper dislike 2503.00001", channel="seed-room", admin=False)
    seeded, reading = await bot.app.post(["seeded", "reading"])
    assert reading.papers == BASE
    assert seeded.papers[0] == "2503.00004"
    assert "2503.00001" not in seeded.papers  # the disliked paper made room for another
    assert len(seeded.papers) == 4
    await bot.app.deliver(max_wait=0)
    printed = bot.out.getvalue()
    assert printed.count("── to #seed-room ──") == 4
    assert printed.index("Graph Neural Networks") < printed.index("State Space Models")
