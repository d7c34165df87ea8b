"""A new user's first hour, tried for real: what they type, what they must (not) see.

Each test here was written from a session in a fresh venv (see the QA report of 2026-12-07)
and failed before its fix.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.commands.help import help_message
from bot.commands.table import COMMANDS


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
