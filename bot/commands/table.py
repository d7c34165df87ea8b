"""The command table: every `/paper` subcommand, its example, and how a platform with typed
commands offers it. The dispatcher runs it; Discord's slash commands are derived from it
(adapters/discord/commands.py); help text is each handler's docstring."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bot.commands.ask import ASK_EXAMPLE, ask
from bot.commands.common import CommandSpec, Context
from bot.commands.feedback import dislike, feedback, forget, like, more
from bot.commands.follow import FOLLOW_EXAMPLE, follow, unfollow
from bot.commands.help import help_reply
from bot.commands.mute import mute, unmute
from bot.commands.options import Option, OptionKind
from bot.commands.papers import show, today
from bot.commands.saved import export_command, save, saved
from bot.commands.search import search
from bot.commands.settings import settings
from bot.commands.setup import EXAMPLE as SETUP_EXAMPLE
from bot.commands.setup import setup
from bot.commands.status import status
from bot.commands.subscriptions import subscribe, subscriptions, unsubscribe
from bot.model import CommandReply


async def help_command(ctx: Context, arguments: str) -> CommandReply:
    """Every subcommand with one example."""
    return help_reply(COMMANDS, arguments.strip().lower())


_INTEGER, _BOOLEAN = OptionKind.INTEGER, OptionKind.BOOLEAN
FEEDBACK = "feedback"  # votes, saved papers, mutes, privacy: one line in `help`

# The command table: every `/paper` subcommand, its example, and how a platform with typed
# commands offers it (a summary and its options; Discord's slash commands are derived from
# it, adapters/discord/commands.py). Help text is each handler's docstring.
COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "search", search, '/paper search diffusion "state space" cat:cs.LG',
        summary="Search every stored paper",
        options=(
            Option("query", 'Words and filters: cat:cs.LG au:"Name" since:2025-01-01 -word',
                   required=True, argument=True, low=1, high=300),
        ),
    ),
    CommandSpec(
        "subscribe", subscribe, '/paper subscribe cat:cs.LG "state space" mode:instant',
        summary="Get new papers on a topic",
        options=(
            Option("topic", 'A topic in the search language, e.g. cat:cs.LG "state space"',
                   required=True, argument=True, low=1, high=200),
            Option("mode", "daily: one digest a day (default); instant: as papers arrive",
                   choices=("daily", "instant")),
            Option("time", "Digest time of day, HH:MM (default 09:00)", low=4, high=5),
            Option("revisions", "on: a DM when a matching paper has a new version",
                   choices=("on", "off")),
        ),
    ),
    CommandSpec(
        "unsubscribe", unsubscribe, "/paper unsubscribe 3",
        summary="Stop one of your topics",
        options=(
            Option("topic", "The topic or its id (see /paper subscriptions)",
                   required=True, argument=True, low=1, high=200, suggest=True),
        ),
    ),
    CommandSpec(
        "subscriptions", subscriptions, "/paper subscriptions",
        summary="List your topics with ids and matches",
    ),
    CommandSpec("today", today, "/paper today", summary="Today's papers for this channel"),
    CommandSpec(
        "show", show, "/paper show 2403.17887",
        summary="The full review of one paper",
        options=(
            Option("paper", "An arXiv id or URL, e.g. 2403.17887",
                   required=True, argument=True, low=1, high=200),
        ),
    ),
    CommandSpec(
        "ask", ask, ASK_EXAMPLE,
        summary="Ask a paper a question (its passages answer, with links)",
        options=(
            Option("question", "Your question, e.g. which datasets do they evaluate on?",
                   required=True, argument=True, low=1, high=2000),
            Option("paper", "An arXiv id or URL (implied in a paper's thread)", low=1, high=200),
        ),
    ),
    *(
        CommandSpec(
            name, handler, f"/paper {name} 2403.17887", summary=summary, group=FEEDBACK,
            options=(Option("paper", "An arXiv id or URL, e.g. 2403.17887",
                            required=True, argument=True, low=1, high=200),),
        )
        for name, handler, summary in (
            ("like", like, "Like a paper: papers like it rank higher here"),
            ("dislike", dislike, "Dislike a paper: papers like it rank lower here"),
            ("save", save, "Save a paper to your list"),
            ("more", more, "The stored papers closest to one paper"),
        )
    ),
    CommandSpec("saved", saved, "/paper saved", summary="Your saved papers", group=FEEDBACK),
    CommandSpec(
        "export", export_command, "/paper export bibtex",
        summary="Your saved papers as BibTeX or RIS", group=FEEDBACK,
        options=(Option("format", "bibtex or ris (Zotero)", argument=True,
                        choices=("bibtex", "ris")),),
    ),
    CommandSpec(
        "mute", mute, '/paper mute author:"Jane Doe"',
        summary="Never show you an author, category or word", group=FEEDBACK,
        options=(Option("rule", 'author:NAME, cat:cs.CV or "word"', argument=True,
                        low=1, high=200),),
    ),
    CommandSpec(
        "unmute", unmute, "/paper unmute cat:cs.CV", group=FEEDBACK,
        summary="Lift one mute, or all",
        options=(Option("rule", "The rule to lift (none: every mute)", argument=True,
                        low=1, high=200),),
    ),
    CommandSpec(
        "feedback", feedback, "/paper feedback reset", group=FEEDBACK,
        summary="Forget every vote you gave",
        options=(Option("action", "reset", required=True, argument=True, choices=("reset",)),),
    ),
    CommandSpec(
        "forget", forget, "/paper forget me",
        summary="Delete everything stored about you (asks first)", group=FEEDBACK,
        options=(Option("who", "me, then: me confirm", required=True, argument=True,
                        choices=("me", "me confirm")),),
    ),
    CommandSpec(
        "follow", follow, FOLLOW_EXAMPLE,
        summary="A DM when a paper has a new version (none: what you follow)",
        options=(Option("paper", "An arXiv id or URL, e.g. 2403.17887", argument=True,
                        low=1, high=200),),
    ),
    CommandSpec(
        "unfollow", unfollow, "/paper unfollow 2403.17887",
        summary="Stop the DMs about a paper's new versions",
        options=(Option("paper", "An arXiv id or URL, e.g. 2403.17887",
                        required=True, argument=True, low=1, high=200),),
    ),
    CommandSpec(
        "status", status, "/paper status",
        summary="Sources' health and this channel's next post",
    ),
    CommandSpec(
        "settings", settings, "/paper settings time 08:30 top 3", admin_only=True,
        summary="This channel's daily post (Manage Channels)",
        options=(
            Option("time", "Daily post time, HH:MM", low=4, high=5),
            Option("timezone", "IANA time zone, e.g. Europe/Berlin", low=1, high=64),
            Option("sources", "Comma-separated source names", low=1, high=200),
            Option("categories", "Comma-separated arXiv categories, e.g. cs.LG,cs.CL",
                   low=1, high=200, suggest=True),
            Option("top", "Papers per day", kind=_INTEGER, low=1, high=50),
            Option("paused", "Pause (true) or resume (false) the daily post", kind=_BOOLEAN),
        ),
    ),
    CommandSpec(
        "setup", setup, SETUP_EXAMPLE, admin_only=True,
        summary="Turn on (or remove) a daily post in this channel (Manage Channels)",
        options=(
            Option("time", "Daily post time, HH:MM", low=4, high=5),
            Option("timezone", "IANA time zone, e.g. Europe/Berlin", low=1, high=64),
            Option("top", "Papers per day", kind=_INTEGER, low=1, high=50),
            Option("mode", "per_paper: a message a paper; digest: one message",
                   choices=("per_paper", "digest")),
            Option("sources", "Comma-separated source names (default: all)", low=1, high=200),
            Option("filter", 'A topic filter: cat:cs.LG "diffusion" -medical', low=1, high=200),
            Option("confirm", "Do it (without: show what it would do)", kind=_BOOLEAN),
            Option("remove", "Turn this channel's daily post off, with confirm (history stays)",
                   kind=_BOOLEAN),
        ),
    ),
    CommandSpec("help", help_command, "/paper help", summary="Every subcommand with an example"),
)  # fmt: skip
ALIASES: Mapping[str, str] = MappingProxyType(
    {"find": "search", "sub": "subscribe", "unsub": "unsubscribe", "list": "subscriptions"}
)
