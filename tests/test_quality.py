"""The strict tools from day one (STYLE.md 14): ruff and mypy stay clean, as CI checks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is a dev extra")
def test_ruff_finds_nothing() -> None:
    result = _run("ruff", "check", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing() -> None:
    pytest.importorskip("mypy", reason="mypy is a dev extra")
    result = _run(sys.executable, "-m", "mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout + result.stderr


MAX_MODULE_LINES = 300  # STYLE.md 10: split past ~300 lines, by responsibility


def test_no_module_is_over_300_lines() -> None:
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for package in ("bot", "storage", "adapters")
        for path in (ROOT / package).rglob("*.py")
    }
    assert {path: n for path, n in sizes.items() if n > MAX_MODULE_LINES} == {}


@pytest.mark.skipif(shutil.which("vulture") is None, reason="vulture is a dev extra")
def test_vulture_finds_no_dead_code() -> None:
    # Everything in bot/, storage/ and adapters/ is used by the code, the tests or the
    # benchmarks, or named in tests/vulture_whitelist.py as used by a library.
    result = _run(
        "vulture",
        "bot",
        "storage",
        "adapters",
        "tests",
        "benchmarks",
        "tests/vulture_whitelist.py",
        "--min-confidence",
        "60",
        "--ignore-decorators",
        "@field_validator,@model_validator,@event.listens_for",
    )
    dead = [
        line
        for line in result.stdout.splitlines()
        if line.startswith(("bot/", "storage/", "adapters/"))
    ]
    assert result.returncode in (0, 3), result.stderr  # 3: vulture found something
    assert dead == [], "\n".join(dead)


def test_no_untyped_callables_or_attribute_pass_through() -> None:
    # A callable typed `Callable[..., Any]` says nothing of what it takes or gives; a
    # `__getattr__` in shipped code hides which attributes a wrapper really offers.
    found = []
    for package in ("bot", "storage", "adapters", "tests", "benchmarks"):
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            where = path.relative_to(ROOT).as_posix()
            if "Callable[..., Any]" in text and where != "tests/test_quality.py":
                found.append(f"{where}: Callable[..., Any]")
            if package in ("bot", "storage", "adapters") and "def __getattr__" in text:
                found.append(f"{where}: __getattr__")
    assert found == []
