"""`paperboy chat` driven by a script, as a new user tried it (QA report of 2026-12-07):
each test failed before its fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _chat(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "paperboy.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "bot.db"}"\n\n'
        '[[sources]]\nname = "blog"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed.xml"\n\n'
        "[adapters.console]\n"
    )
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), "chat", *args],
        input=stdin, capture_output=True, text=True, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"},
        timeout=120, check=False,
    )  # fmt: skip


def test_a_piped_chat_is_not_rate_limited(tmp_path: Path) -> None:
    # `yes '/paper help' | head -25 | paperboy chat` answered the last 5 "too fast"
    # ([limits] commands_per_minute = 20 is for a public bot's readers, not a script).
    result = _chat(tmp_path, "/paper help\n" * 25)
    assert result.returncode == 0, result.stderr
    assert "too fast" not in result.stdout
    assert "too many commands" not in result.stdout
    assert result.stdout.count("/paper subscribe") >= 25  # every help was answered


def test_setup_remove_previews_and_remove_confirm_turns_the_post_off(tmp_path: Path) -> None:
    # `/paper setup remove` removed at once, and `/paper setup remove confirm` set it up again.
    result = _chat(
        tmp_path,
        "/paper setup confirm\n/paper setup remove\n/paper setup remove confirm\n/paper status\n",
        "--channel", "lab", "--user", "U1", "--admin",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    _, _, after_setup = result.stdout.partition("Set up. #lab")
    assert "This would turn off the daily post in #lab; its history stays." in after_setup
    assert "Removed: #lab gets no daily post" in after_setup
    assert "Set up." not in after_setup
    assert "This channel has no daily post." in after_setup.partition("Removed:")[2]
