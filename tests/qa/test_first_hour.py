"""A new user's first hour, tried for real: what they type, what they must (not) see.

Each test here was written from a session in a fresh venv (see the QA report of 2026-12-07)
and failed before its fix.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from bot.app import App
from bot.cli.demo import demo_config, ingest
from bot.commands.help import help_message
from bot.commands.table import COMMANDS
from bot.plugins import adapter_factory


def test_the_demo_makes_no_network_call_when_you_try_show_and_ask(tmp_path: Path) -> None:
    # The demo promises "no network": a `/paper show` or `/paper ask` typed at its prompt
    # used to try https://arxiv.org/html/<id> for the full text (here, offline, a WARNING
    # "cannot connect ... unknown host" on the terminal; online, a real request).
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--interactive"],
        input="/paper show 2312.00752\n/paper ask 2501.12948 which datasets?\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no "cannot connect to https://arxiv.org/html/..." warning
    own = result.stdout.partition("Your turn")[2]
    assert "Key Problem:" in own  # the review still comes (from the blog's article)
    assert "Question: which datasets?" in own  # and the question is answered from the abstract


def test_help_lines_are_whole_sentences_and_say_channel_admins_once() -> None:
    # `/paper help` showed "settings (channel admins): Channel admins: set the daily post's
    # time, timezone, sources, categories, top, filter;" (cut at the docstring's line break).
    lines = help_message(COMMANDS).fallback.splitlines()
    described = [line for line in lines if line.startswith("  ") and ": " in line
                 and not line.lstrip().startswith("e.g.")]  # fmt: skip
    assert len(described) >= len([s for s in COMMANDS if not s.group])
    for line in described:
        assert line.rstrip().endswith((".", "`")), line
        assert line.lower().count("channel admins") <= 1, line
    settings = next(line for line in described if line.startswith("  settings"))
    assert settings.rstrip().endswith("filter; pause.")


def test_a_channel_set_up_from_chat_shows_its_daily_post_in_status_and_today(
    tmp_path: Path,
) -> None:
    # `/paper setup confirm` answered "Set up. #lab: a daily post at 08:30 ...", then
    # `/paper status` said "This channel has no daily post." and `/paper today` "This channel
    # has no daily post; the newest papers instead.": both only looked at the TOML channels.
    asyncio.run(_store_the_samples(tmp_path / "bot.db"))
    config = tmp_path / "paperboy.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "bot.db"}"\n\n'
        '[[sources]]\nname = "blog"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed.xml"\n\n'
        "[adapters.console]\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), "chat",
         "--channel", "lab", "--user", "U1", "--admin"],
        input="/paper setup confirm time 08:30 timezone Europe/Berlin top 2\n"
        "/paper status\n/paper today\n",
        capture_output=True, text=True, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"},
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    setup, _, rest = result.stdout.partition("Sources:")
    assert "Set up. #lab" in setup
    assert "has no daily post" not in rest
    assert "Daily post in #lab: next" in rest  # status
    assert "No daily post in #lab yet today; the newest papers instead." in rest  # today


async def _store_the_samples(db: Path) -> None:
    """The package's sample papers in `db`, as `paperboy demo` stores them."""
    app = await App.build(demo_config(db, 3), adapter_factory=adapter_factory)
    try:
        await ingest(app.store, app.clock.now())
    finally:
        await app.stop()


def _paperboy_without(module: str, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`paperboy --config CONFIG ARGS` in an install without `module` (a missing extra)."""
    code = (
        f"import sys; sys.modules[{module!r}] = None; "  # as if never installed
        "from bot.cli import main; sys.argv[0] = 'paperboy'; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, "--config", str(config), *args],
        capture_output=True, text=True, cwd=config.parent,
        env={"PATH": "/usr/bin:/bin", "HOME": str(config.parent), "NO_COLOR": "1",
             "DISCORD_TOKEN": "not-a-real-token"},
        timeout=120, check=False,
    )  # fmt: skip


def test_postgresql_without_its_extra_says_which_extra_to_install(tmp_path: Path) -> None:
    # `pip install .` then a postgresql:// URL: a traceback ending in
    # "ModuleNotFoundError: No module named 'asyncpg'" (and the password in the URL nearby).
    config = tmp_path / "paperboy.toml"
    config.write_text('[storage]\nurl = "postgresql://bot:pw-secret@127.0.0.1:1/papers"\n')
    for command in (("status",), ("post",), ("db", "upgrade")):
        result = _paperboy_without("asyncpg", config, *command)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr, command
        assert "pip install 'paperboy[postgres]'" in result.stderr, command
        assert "pw-secret" not in result.stderr + result.stdout


def test_a_discord_channel_without_the_discord_extra_is_one_clear_error(tmp_path: Path) -> None:
    # `paperboy post` / `paperboy run` with a Discord channel on a base install printed a
    # traceback ending in ImportError: the 'discord' adapter needs its extra ...
    config = tmp_path / "paperboy.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "bot.db"}"\n\n'
        '[[channels]]\nname = "d"\nadapter = "discord"\ntarget = "123"\n\n[adapters.discord]\n'
    )
    for command in ("post", "run"):
        result = _paperboy_without("discord", config, command)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr, command
        assert result.stderr.startswith("error: the 'discord' adapter needs its extra"), command
        assert "pip install 'paperboy[discord]'" in result.stderr


def test_a_bad_channel_filter_shows_a_filter_example(tmp_path: Path) -> None:
    # `/paper settings filter @everyone` answered "... Example: `/paper settings diffusion
    # "state space" cat:cs.LG since:2025-01-01 -survey`": a search's example, without `filter`.
    config = tmp_path / "paperboy.toml"
    config.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "bot.db"}"\n\n[adapters.console]\n')
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), "chat",
         "--channel", "lab", "--user", "U1", "--admin"],
        input="/paper setup confirm\n/paper settings filter @everyone\n"
        '/paper setup filter "unclosed\n',
        capture_output=True, text=True, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"},
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    answers = result.stdout.split("\n\n")
    mention = next(a for a in answers if "mentions" in a)
    quote = next(a for a in answers if "unbalanced quote" in a)
    for answer in (mention, quote):
        assert "Example: `/paper settings filter " in answer, answer
        assert "since:2025-01-01" not in answer, answer


def test_fulltext_takes_the_ids_and_urls_review_takes(tmp_path: Path) -> None:
    # `paperboy review https://arxiv.org/abs/2312.00752` works; `paperboy fulltext` with the
    # same URL said "no stored paper with id 'https://...'", and `fulltext nonsense` did not
    # say the id was malformed.
    asyncio.run(_store_the_samples(tmp_path / "bot.db"))
    config = tmp_path / "paperboy.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "bot.db"}"\n\n[fulltext]\nenabled = false\n'
    )

    def fulltext(paper: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "--config", str(config), "fulltext", paper],
            capture_output=True, text=True, cwd=tmp_path,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"},
            timeout=120, check=False,
        )  # fmt: skip

    for paper in ("https://arxiv.org/abs/2312.00752v2", "arXiv:2312.00752"):
        result = fulltext(paper)
        assert result.returncode == 1  # stored, but no full text (fetching is off)
        assert result.stderr.startswith("error: no full text stored for 2312.00752"), paper
    wrong = fulltext("nonsense")
    assert wrong.stderr.startswith("error: not an arXiv id: 'nonsense'")


def test_paperboy_status_lists_the_channels_set_up_from_chat(tmp_path: Path) -> None:
    # `paperboy post` posted to #lab (set up with `/paper setup confirm`), but `paperboy
    # status` left it out and `paperboy status --channel lab` said "no channel named 'lab'".
    config = tmp_path / "paperboy.toml"
    config.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "bot.db"}"\n\n[adapters.console]\n')

    def paperboy(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "--config", str(config), *args],
            input=stdin, capture_output=True, text=True, cwd=tmp_path,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"},
            timeout=120, check=False,
        )  # fmt: skip

    setup = paperboy(
        "chat", "--channel", "lab", "--user", "U1", "--admin",
        stdin="/paper setup confirm time 08:30 timezone Europe/Berlin\n",
    )  # fmt: skip
    assert "Set up. #lab" in setup.stdout, setup.stdout + setup.stderr
    everything = paperboy("status", "--at", "2026-12-07T12:00Z")
    assert everything.returncode == 0, everything.stderr
    assert "Daily post in #lab: next Tue 8 Dec 08:30 CET" in everything.stdout
    one = paperboy("status", "--channel", "lab", "--json", "--at", "2026-12-07T12:00Z")
    assert one.returncode == 0, one.stderr
    assert '"next_post": "2026-12-08T08:30:00+01:00"' in one.stdout


def test_chat_status_says_why_a_chat_made_channels_next_post_is_empty(tmp_path: Path) -> None:
    # For a TOML channel `/paper status` adds why the next post may be empty ("blog has
    # failed since ..."); for a channel set up from chat it said nothing.
    config = tmp_path / "paperboy.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "bot.db"}"\n\n'
        '[[sources]]\nname = "blog"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed.xml"\n'
        "retries = 0\n\n[adapters.console]\n"
    )

    def paperboy(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "--config", str(config), *args],
            input=stdin, capture_output=True, text=True, cwd=tmp_path,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"},
            timeout=120, check=False,
        )  # fmt: skip

    assert paperboy("poll", "--once").returncode == 1  # port 9 refuses: the source fails
    chat = paperboy(
        "chat", "--channel", "lab", "--user", "U1", "--admin",
        stdin="/paper setup confirm\n/paper status\n",
    )  # fmt: skip
    status = chat.stdout.partition("Sources:")[2]
    assert "Daily post in #lab: next" in status, chat.stdout + chat.stderr
    assert "waiting for the next post: blog has failed since" in status
