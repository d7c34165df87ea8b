"""`follow` and `unfollow`: a short DM when a paper has a new version."""

from __future__ import annotations

from bot.commands.common import Context, reply, safe_echo
from bot.commands.feedback import stored_paper
from bot.model import CommandReply
from bot.versions import PaperVersion, VersionStore

FOLLOW_EXAMPLE = "/paper follow 2403.17887"
UNFOLLOW_EXAMPLE = "/paper unfollow 2403.17887"


def _versions(ctx: Context) -> VersionStore:
    return ctx.deps.store


async def follow(ctx: Context, arguments: str) -> CommandReply:
    """Get a short DM when a paper has a new version: what changed in its abstract."""
    if not arguments.strip():
        followed = await _versions(ctx).followed(ctx.invocation.owner)
        listed = ", ".join(followed) or "none"
        return reply(f"You follow: {listed}. Follow one: `{FOLLOW_EXAMPLE}`.")
    paper = await stored_paper(ctx, arguments, FOLLOW_EXAMPLE, undone="followed")
    versions = _versions(ctx)
    if paper.version and not await versions.paper_versions(paper.arxiv_id):
        # the version a follower has now: the next one is the revision they hear about
        await versions.record_version(PaperVersion.of(paper, ctx.now))
    added = await versions.follow(ctx.invocation.owner, paper.arxiv_id, ctx.now)
    title = safe_echo(paper.title, 120)
    version = f" (now v{paper.version})" if paper.version else ""
    if not added:
        return reply(f"You already follow {title}{version}.")
    return reply(
        f"Following {title}{version}: you get a DM when a new version is out. "
        f"`/paper unfollow {paper.arxiv_id}` stops it."
    )


async def unfollow(ctx: Context, arguments: str) -> CommandReply:
    """Stop the DMs about a paper's new versions."""
    paper = await stored_paper(ctx, arguments, UNFOLLOW_EXAMPLE, undone="unfollowed")
    if not await _versions(ctx).unfollow(ctx.invocation.owner, paper.arxiv_id):
        return reply(f"You did not follow {paper.arxiv_id}. `/paper follow` lists what you do.")
    return reply(f"Stopped following {safe_echo(paper.title, 120)}.")


__all__ = ["FOLLOW_EXAMPLE", "follow", "unfollow"]
