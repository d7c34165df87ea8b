"""Logging: one line per event, human-readable or JSON, with context in fields.

Modules use `logging.getLogger(__name__)` and pass context through `extra={...}`
(e.g. `extra={"source": name}`); the formatter prints it. Nothing logs a secret: the
formatters mask their whole output (message, extra fields, exception text with its chain,
stack) with one `Redactor`, which knows every configured secret value and the token shapes
(Slack, Discord, API keys, passwords in URLs). The handler sits on the root logger, so the
SDKs' loggers (slack_sdk, slack_bolt, discord, httpx, asyncpg, apscheduler) go through it.
`mask_url` is the one password masker: `bot.config` and the health probes use it too.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, TextIO

MASK = "***"
_STANDARD = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}
# Token shapes, masked whether or not they are configured (a token pasted into a message,
# another workspace's token in an SDK error):
# Slack bot/user/app-level tokens; Discord bot tokens (base64 user id, timestamp, HMAC);
# API keys shaped `sk-...` (OpenAI, Anthropic); bearer tokens in Authorization headers.
_TOKEN_SHAPES = re.compile(
    r"xox[abposr]-[A-Za-z0-9-]+"
    r"|xapp-[A-Za-z0-9-]+"
    r"|\b[MNO][A-Za-z\d_-]{23,27}\.[\w-]{6,7}\.[\w-]{27,}"
    r"|\bsk-[A-Za-z0-9_-]{16,}"
    r"|(?i:\bbearer\s+)[\w.~+/-]{16,}=*"
)
# `scheme://user:password@host`: the password runs to the last `@` before the path (a
# password may contain `@`), and never across whitespace (a log line goes on after a URL).
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*):[^/\s]*@")
# Below this length a "secret" is too likely to be an ordinary word to replace everywhere.
_MIN_SECRET = 6


def mask_url(text: str) -> str:
    """`postgresql://bot:secret@db/x` -> `postgresql://bot:***@db/x`, wherever in `text`."""
    return _URL_PASSWORD.sub(rf"\1:{MASK}@", text)


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class Redactor:
    """Masks every configured secret, every token-shaped string and every URL password."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self.add_secrets(secrets)

    def add_secrets(self, secrets: Iterable[str]) -> None:
        """Mask these values too (called once the configuration's secrets are known)."""
        for secret in secrets:
            if secret and len(secret) >= _MIN_SECRET:
                # A value inside a repr (an exception's args, a dict) shows escaped.
                self._secrets.update({secret, repr(secret)[1:-1]})
        if self._secrets:
            # One alternation, longest first, so a secret containing another is masked whole.
            ordered = sorted(self._secrets, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, ordered)))

    def mask(self, text: str) -> str:
        if self._pattern is not None:
            text = self._pattern.sub(MASK, text)
        return mask_url(_TOKEN_SHAPES.sub(MASK, text))


class RedactingFilter(logging.Filter, Redactor):
    """A `Redactor` that also cleans each record's message and string fields, for handlers
    whose formatter is not ours (pytest's log capture, a library's own handler)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        logging.Filter.__init__(self)
        Redactor.__init__(self, secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.mask(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        for key, value in _context(record).items():
            if isinstance(value, str):
                setattr(record, key, self.mask(value))
        return True


def _context(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class _Formatter(logging.Formatter):
    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self._redactor = redactor or Redactor()

    def _mask(self, text: str) -> str:
        return self._redactor.mask(text)

    def _trace(self, record: logging.LogRecord) -> str:
        """The exception (with its chain) and the stack, when the record has them."""
        parts = []
        if record.exc_info:
            parts.append(self.formatException(record.exc_info))
        elif record.exc_text:
            parts.append(record.exc_text)
        if record.stack_info:
            parts.append(self.formatStack(record.stack_info))
        return "\n".join(parts)


class TextFormatter(_Formatter):
    def format(self, record: logging.LogRecord) -> str:
        when = self.formatTime(record, "%Y-%m-%d %H:%M:%S")
        base = f"{when} {record.levelname:<7} {record.name}: {record.getMessage()}"
        extra = " ".join(f"{k}={v}" for k, v in _context(record).items())
        text = f"{base} {extra}" if extra else base
        trace = self._trace(record)
        if trace:
            text += "\n" + trace
        return self._mask(text)


class JsonFormatter(_Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # Masked field by field before encoding: JSON escaping would hide a secret that
        # contains a quote or a backslash from a mask applied to the encoded line.
        data: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": self._mask(record.getMessage()),
        }
        data.update(
            {
                self._mask(k): v if isinstance(v, int | float | bool) else self._mask(str(v))
                for k, v in _context(record).items()
            }
        )
        trace = self._trace(record)
        if trace:
            data["exception"] = self._mask(trace)
        return json.dumps(data, ensure_ascii=False)


def configure_logging(
    fmt: str = LogFormat.TEXT,
    verbose: int = 0,
    secrets: Iterable[str] = (),
    *,
    stream: TextIO | None = None,
) -> RedactingFilter:
    """Log to `stream` (stderr) as text or JSON; returns the redactor so the caller can hand
    it the configured secrets once they are loaded (every line after that masks them)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    redactor = RedactingFilter(secrets)
    formatter = JsonFormatter if LogFormat(fmt) is LogFormat.JSON else TextFormatter
    # The formatter masks the whole line; a filter on this handler would mask twice.
    handler.setFormatter(formatter(redactor))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    for noisy in (
        "httpx",
        "httpcore",
        "aiosqlite",
        "asyncio",
        "discord",
        "slack_bolt",
        "slack_sdk",
        "asyncpg",
        "apscheduler",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose < 2 else logging.INFO)
    # pypdf warns once per damaged object of a bad PDF (hundreds of lines); the full-text
    # fetch logs its one failure line itself (bot.fulltext.service)
    logging.getLogger("pypdf").setLevel(logging.ERROR if verbose < 2 else logging.INFO)
    return redactor
