"""HTTP mode's front door: what is checked before a request reaches bolt.

Bolt parses the body before it checks the signature, so an unsigned request with a
malformed body (invalid UTF-8, `payload=null`, `payload=[1,2]`, truncated JSON) used to
raise inside bolt: a 500 and a full traceback. Here the signature is verified first, over
the raw bytes, then the body's shape; a refusal is a 401 (unsigned, forged, stale) or a
400 (signed but malformed) and one log line. A slash command longer than Slack's own limit
is answered at once and never parsed further, so a 1 MB body is not held while it runs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from urllib.parse import parse_qs

log = logging.getLogger(__name__)

MAX_AGE = 60 * 5  # seconds: Slack's replay window for X-Slack-Request-Timestamp
MAX_COMMAND_TEXT = 4_000  # characters; Slack's slash commands carry at most a few thousand
MAX_BODY = 1024 * 1024  # bytes; aiohttp's own default, named: a block action can be large
TOO_LONG = (
    "That command is {length:,} characters long; `/paper` takes at most "
    f"{MAX_COMMAND_TEXT:,}. Try a shorter query, e.g. `/paper search diffusion`."
)


class Verdict(Enum):
    PASS = "pass"  # hand it to bolt
    ANSWER = "answer"  # answer with `text` (200) without running anything
    UNSIGNED = "unsigned"  # 401
    MALFORMED = "malformed"  # 400


@dataclass(frozen=True)
class Screened:
    verdict: Verdict
    reason: str = ""
    text: str = ""  # the decoded body (PASS) or the answer (ANSWER)

    @property
    def status(self) -> int:
        return {Verdict.UNSIGNED: 401, Verdict.MALFORMED: 400}.get(self.verdict, 200)


def signature_ok(
    secret: bytes, body: bytes, timestamp: str | None, signature: str | None, now: float
) -> bool:
    """Slack's v0 HMAC-SHA256 over `v0:<timestamp>:<body>`.

    Hand-written (a few lines) because slack_sdk's SignatureVerifier decodes the body as
    UTF-8 before hashing and raises on invalid bytes or a non-numeric timestamp.
    """
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs(now - int(timestamp)) > MAX_AGE:
        return False
    mac = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return hmac.compare_digest("v0=" + mac.hexdigest(), signature)


class Gate:
    """Screens one request: `screen(body, headers) -> Screened`."""

    def __init__(self, signing_secret: str, now: Callable[[], float] = time.time) -> None:
        self._secret = signing_secret.encode()
        self._now = now

    def screen(self, body: bytes, headers: Mapping[str, str]) -> Screened:
        if not signature_ok(
            self._secret,
            body,
            headers.get("X-Slack-Request-Timestamp"),
            headers.get("X-Slack-Signature"),
            self._now(),
        ):
            return Screened(Verdict.UNSIGNED, "missing, forged or stale signature")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return Screened(Verdict.MALFORMED, "the body is not UTF-8")
        if headers.get("Content-Type", "").startswith("application/json"):
            return _json_object(text, "the JSON body") or Screened(Verdict.PASS, text=text)
        form = parse_qs(text, keep_blank_values=True)
        if "payload" in form:
            return _json_object(form["payload"][0], "payload") or Screened(Verdict.PASS, text=text)
        command_text = (form.get("text") or [""])[0]
        if "command" in form and len(command_text) > MAX_COMMAND_TEXT:
            return Screened(
                Verdict.ANSWER, "command text too long", TOO_LONG.format(length=len(command_text))
            )
        return Screened(Verdict.PASS, text=text)


def _json_object(raw: str, what: str) -> Screened | None:
    try:
        value = json.loads(raw)
    except ValueError:
        return Screened(Verdict.MALFORMED, f"{what} is not valid JSON")
    if not isinstance(value, dict):
        return Screened(Verdict.MALFORMED, f"{what} is {type(value).__name__}, not an object")
    return None


def log_refusal(screened: Screened, path: str) -> None:
    """One line per refused request (never the body: it may carry user text)."""
    log.warning(
        "slack request refused (%d): %s", screened.status, screened.reason, extra={"path": path}
    )
