"""Log lines: readable text or JSON, context fields, and never a secret."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from bot.cli.common import CliState
from bot.logs import JsonFormatter, RedactingFilter, TextFormatter


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
    # A signing secret has no recognisable shape: only knowing the value masks it.
    monkeypatch.setattr(os, "environ", {"SLACK_SIGNING_SECRET": "plain-looking-value-42"})
    state = CliState(config_path=None)
    state.config()
    record = _record("verifying with plain-looking-value-42")
    state.redactor.filter(record)
    assert record.getMessage() == "verifying with ***"
