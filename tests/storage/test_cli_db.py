"""`paperboy db upgrade` / `db status` against a real SQLite file and PostgreSQL."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from click.testing import CliRunner

from bot.cli import cli
from storage.migrate import head_revision

HEAD = head_revision()


def _run(*args: str, url: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env={"PAPERBOY_STORAGE__URL": url})
    return result.exit_code, result.output


def test_upgrade_applies_migrations_once_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "paperboy.db"
    url = f"sqlite:///{path}"
    code, out = _run("db", "status", url=url)
    assert code == 0
    assert "pending 0001: Initial schema" in out
    code, out = _run("db", "upgrade", url=url)
    assert code == 0, out
    assert f"upgraded from an empty database to {HEAD}" in out
    assert "applied 0001: Initial schema" in out
    assert "applied 0002: Fast search filters" in out
    code, out = _run("db", "upgrade", url=url)
    assert (code, f"already up to date (revision {HEAD})" in out) == (0, True)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        assert db.execute("SELECT count(*) FROM papers_fts").fetchone() == (0,)


def test_upgrade_on_postgresql(pg_url: str) -> None:
    code, out = _run("db", "upgrade", url=pg_url)
    assert code == 0, out
    assert f"already up to date (revision {HEAD})" in out  # the test schema is migrated


def test_unreachable_database_is_a_one_line_error_without_the_password() -> None:
    code, out = _run("db", "upgrade", url="postgresql://bot:hunter2@127.0.0.1:1/x")
    assert code == 1
    assert "cannot upgrade the store at postgresql://bot:***@127.0.0.1:1/x" in out
    assert "hunter2" not in out
    assert "Traceback" not in out


def test_copy_into_a_database_that_refuses_is_a_one_line_error(tmp_path: Path, pg_url: str) -> None:
    """The database's own refusal reaches the user as storage's named error (CopyError),
    not as a driver exception: one line, no traceback, no password."""
    source = f"sqlite:///{tmp_path / 'paperboy.db'}"
    base = pg_url.split("?", 1)[0].rsplit("/", 1)[0]
    target = base.replace("postgresql://postgres@", "postgresql://postgres:hunter2@")
    code, out = _run("db", "copy", "--to", f"{target}/no_such_database", url=source)
    assert code == 1
    assert "copy failed: " in out
    assert 'database "no_such_database" does not exist' in out
    assert "hunter2" not in out
    assert "Traceback" not in out
