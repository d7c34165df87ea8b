"""The command line: help everywhere, config check with readable errors, secrets masked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bot.cli import cli


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(_all_commands(command, (*prefix, name)))
    return found


@pytest.mark.parametrize("path", _all_commands(cli), ids=" ".join)
def test_every_command_explains_itself(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_config_check_names_the_bad_key(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[[channels]]\nname = "ml"\ntarget = "c1"\ntop = "five"\n')
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), "config", "check"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert "channels[0] (ml).top" in result.stderr
    assert "'five'" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_check_prints_effective_config_with_secrets_masked(tmp_path: Path) -> None:
    config = tmp_path / "ok.toml"
    config.write_text('[review]\nseries = "Lab Daily"\n[adapters.slack]\n')
    result = CliRunner().invoke(
        cli,
        ["--config", str(config), "config", "check", "--json"],
        env={
            "SLACK_BOT_TOKEN": "xoxb-very-secret-token",
            "PAPERBOY_STORAGE__URL": "postgresql://u:pw123@db/x",
        },
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["review"]["series"] == "Lab Daily"
    assert data["secrets"]["slack_bot_token"] == "***"
    assert "xoxb-very-secret-token" not in result.output
    assert "pw123" not in result.output


def test_demo_then_your_own_commands_on_the_sample_data(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--interactive"],
        input="/paper show 2312.00752\n/paper nonsense\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    tour, _, own = result.stdout.partition("Your turn")
    assert "Paper Review No. 1" in tour
    assert "Mamba: Linear-Time Sequence Modeling with Selective State Spaces" in own
    assert "Key Problem:" in own
    assert "<https://arxiv.org/abs/2312.00752>" in own
    assert "nonsense" in own  # the unknown subcommand is named in the reply
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # the demo leaves nothing behind
