"""The core never knows the platform or the database: bot/ and storage/ import no chat SDK
and no adapter, and bot/ imports no database driver, engine or lock (storage owns those)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("discord", "slack_bolt", "slack_sdk", "adapters")
DATABASE = (
    "sqlite3",
    "aiosqlite",
    "asyncpg",
    "psycopg",
    "psycopg2",
    "sqlalchemy",
    "alembic",
    "fcntl",
)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def _violations(package: str, forbidden: tuple[str, ...] = FORBIDDEN) -> list[str]:
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, module in _imports(path):
            if module.split(".")[0] in forbidden:
                problems.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return problems


@pytest.mark.parametrize("package", ["bot", "storage"])
def test_core_imports_no_chat_sdk_and_no_adapter(package: str) -> None:
    assert _violations(package) == []


def test_core_imports_no_database_driver() -> None:
    assert _violations("bot", DATABASE) == []


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import discord\nfrom slack_sdk.web import WebClient\nfrom adapters import base\n"
    )
    assert [module for _, module in _imports(sample)] == ["discord", "slack_sdk.web", "adapters"]


def test_the_check_sees_a_database_import_even_inside_a_function(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def lock():\n    import fcntl\n    from sqlalchemy.engine import make_url\n"
        "import sqlite3, json\nimportlib.import_module('asyncpg')\n"
    )
    found = [module.split(".")[0] for _, module in _imports(sample)]
    assert sorted(m for m in found if m in DATABASE) == [
        "asyncpg",
        "fcntl",
        "sqlalchemy",
        "sqlite3",
    ]
