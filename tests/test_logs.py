"""Log lines: readable text or JSON, context fields, and never a secret."""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from bot.cli.common import CliState
from bot.logs import JsonFormatter, RedactingFilter, TextFormatter, configure_logging, mask_url


def _record(message: str, **extra: object) -> logging.LogRecord:
    record = logging.makeLogRecord({"name": "bot.sources", "levelname": "WARNING", "msg": message})
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_text_lines_carry_context_fields() -> None:
    line = TextFormatter().format(_record("poll failed", source="arxiv-ml", error="timeout"))
    assert "WARNING" in line
    assert "poll failed source=arxiv-ml error=timeout" in line


def test_json_lines_are_one_object_each() -> None:
    data = json.loads(JsonFormatter().format(_record("sent", channel="ml-daily", count=3)))
    assert data["event"] == "sent"
    assert data["channel"] == "ml-daily"
    assert data["count"] == 3
    assert data["level"] == "warning"


def test_token_shaped_strings_are_masked() -> None:
    record = _record("auth with %s failed", detail="xapp-1-A0B1C2-secret")
    record.args = ("xoxb-1234-5678-abcdefgh",)
    assert RedactingFilter().filter(record)
    assert "xoxb" not in record.getMessage()
    assert "***" in record.getMessage()
    assert record.detail == "***"


def test_configured_secrets_are_masked_once_the_config_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A signing secret has no recognisable shape: only knowing the value masks it. The
    # Slack adapter is in use, so its secrets are read (and masked); so is the core's key.
    monkeypatch.setattr(
        os,
        "environ",
        {"SLACK_SIGNING_SECRET": "plain-looking-value-42", "PAPERBOY_LLM_API_KEY": "key-4711x"},
    )
    path = tmp_path / "paperboy.toml"
    path.write_text("[adapters.slack]\n", encoding="utf-8")
    state = CliState(config_path=str(path))
    state.config()
    record = _record("verifying with plain-looking-value-42, asking with key-4711x")
    state.redactor.filter(record)
    assert record.getMessage() == "verifying with ***, asking with ***"
    assert "key-4711x" not in TextFormatter(state.redactor).format(_record("k=key-4711x"))


# --- the whole formatted output, on every logger ------------------------------------------

# Shaped like the real thing, unconfigured: only their shape can mask them.
SLACK_BOT = "xoxb-2210535565-5013423748711-Yq1lZ0zKcKq8xW1xO9c3tB4e"
SLACK_APP = "xapp-1-A05EXAMPLE-5013423748711-4c2b9f0a6e1d7c8b"
DISCORD = "MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl.q7Rb1vX9mWc0zTnYs4LpK2dE8fJu6oHa3iB5gQ"
LLM_KEY = "sk-proj-4fJ9xQ2mZr7TcW1bYn8KpL0s"
DB_PASSWORD = "hunter2@pg-Pass"
DB_URL = f"postgresql://paperboy:{DB_PASSWORD}@db.internal:5432/paperboy"
# Configured, with no recognisable shape (one with characters that JSON escapes).
SIGNING = "plain-looking-value-42"
QUOTED = 'pa"ss\\word-77'
SECRETS = (SLACK_BOT, SLACK_APP, DISCORD, LLM_KEY, DB_PASSWORD, SIGNING, QUOTED)

SDK_LOGGERS = (
    "slack_sdk.web.async_client",
    "slack_bolt.AsyncApp",
    "discord.gateway",
    "discord.client",
    "httpx",
    "asyncpg.pool",
    "apscheduler.executors.default",
    "bot.delivery.worker",
)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """configure_logging rewires the root logger: put it (and the SDK levels) back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    names = [*SDK_LOGGERS, "httpx", "httpcore", "aiosqlite", "asyncio", "discord", "slack_bolt"]
    names += ["slack_sdk", "asyncpg", "apscheduler"]
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)


def _fail_with_secrets() -> None:
    try:
        {"token": SLACK_BOT}["missing"]
    except KeyError as exc:
        # The chained cause and this message both carry secrets; so does the repr.
        raise RuntimeError(
            f"connect {DB_URL} failed; headers={{'Authorization': 'Bearer {SLACK_APP}'}} "
            f"args={(DISCORD, LLM_KEY, QUOTED)!r} signing={SIGNING}"
        ) from exc


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("logger_name", SDK_LOGGERS)
@pytest.mark.usefixtures("restore_logging")
def test_no_secret_reaches_the_log_through_any_logger(fmt: str, logger_name: str) -> None:
    out = io.StringIO()
    redactor = configure_logging(fmt, verbose=0, stream=out)
    redactor.add_secrets([SIGNING, QUOTED])  # as the CLI does once the config is loaded
    log = logging.getLogger(logger_name)
    try:
        _fail_with_secrets()
    except RuntimeError:
        log.exception(
            "request failed for %s", SLACK_BOT, stack_info=True, extra={"dsn": DB_URL, "k": DISCORD}
        )
    text = out.getvalue()
    # The line is all there (the traceback, its cause, the stack, the fields) ...
    for expected in ("RuntimeError", "KeyError", "_fail_with_secrets", "Stack (most recent"):
        assert expected in text
    assert "postgresql://paperboy:***@db.internal:5432/paperboy" in text
    if fmt == "json":
        data = json.loads(text)
        assert data["logger"] == logger_name
        assert data["event"] == "request failed for ***"
        assert data["dsn"] == "postgresql://paperboy:***@db.internal:5432/paperboy"
        text = text + json.dumps(data, ensure_ascii=False) + str(data)  # decoded, too
    # ... and no secret is in it, in any form.
    for secret in SECRETS:
        assert secret not in text
        assert json.dumps(secret)[1:-1] not in text
    assert "hunter2" not in text


@pytest.mark.usefixtures("restore_logging")
async def test_httpx_request_lines_show_no_url_password_at_full_verbosity() -> None:
    """httpx logs each request's URL at INFO (-vv): a real request, a real log line."""

    async def feed(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/feed", feed)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    out = io.StringIO()
    configure_logging("text", verbose=2, stream=out)
    try:
        async with httpx.AsyncClient() as client:
            url = f"http://reader:{DB_PASSWORD}@127.0.0.1:{port}/feed?key={LLM_KEY}"
            assert (await client.get(url)).status_code == 200
    finally:
        await runner.cleanup()
    text = out.getvalue()
    assert f"HTTP Request: GET http://reader:***@127.0.0.1:{port}/feed?key=***" in text
    assert DB_PASSWORD not in text
    assert LLM_KEY not in text


def test_mask_url_is_the_one_password_masker() -> None:
    from bot.config import mask_url as config_mask_url

    assert config_mask_url is mask_url
    assert mask_url(DB_URL) == "postgresql://paperboy:***@db.internal:5432/paperboy"
    assert mask_url("sqlite:////data/paperboy.db") == "sqlite:////data/paperboy.db"
    assert mask_url("see postgresql://u:p@h/x and mail a@b.c") == (
        "see postgresql://u:***@h/x and mail a@b.c"
    )
