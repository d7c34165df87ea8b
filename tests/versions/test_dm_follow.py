"""A DM of one paper offers Follow; a DM of several says how to follow one."""

from __future__ import annotations

from bot.delivery.messages import Match, user_digest
from bot.model import Button, Buttons, OutboundMessage, Paper


def paper(arxiv_id: str) -> Paper:
    return Paper(arxiv_id=arxiv_id, title=f"Paper {arxiv_id}", abstract="We study X.")


def _buttons(message: OutboundMessage) -> list[Button]:
    return [b for block in message.blocks if isinstance(block, Buttons) for b in block.buttons]


def test_a_dm_of_one_paper_carries_the_follow_action() -> None:
    message = user_digest([Match(paper("2612.00001"), "cat:cs.LG")], daily=False)
    [button] = [b for b in _buttons(message) if b.action == "follow"]
    assert (button.label, button.action, button.value) == (
        "Follow new versions", "follow", "2612.00001",
    )  # fmt: skip
    assert "Follow new versions: /paper follow 2612.00001" in message.fallback


def test_a_dm_of_several_papers_says_how_to_follow_one() -> None:
    matches = [Match(paper(f"2612.0000{n}"), "cat:cs.LG") for n in (1, 2)]
    message = user_digest(matches, daily=True)
    assert [b.action for b in _buttons(message)] == ["like", "dislike"] * 2  # no follow
    assert "New versions of one of them by DM: /paper follow 2612.00001" in message.fallback
    feed_only = Paper(arxiv_id="feed:abc", title="A blog post", abstract="")
    lonely = user_digest([Match(feed_only, "diffusion")], daily=False)
    assert "follow" not in lonely.fallback  # a blog post has no versions
