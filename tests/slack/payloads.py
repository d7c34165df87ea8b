"""What Slack sends an app: slash commands, button clicks, view submissions, events; and
the signature headers of HTTP mode."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from tests.slack.fake_slack import TEAM


def slash_command(text: str, response_url: str, *, user: str = "U0ALICE") -> dict[str, str]:
    return {
        "token": "legacy-unused",
        "team_id": TEAM,
        "team_domain": "fake",
        "channel_id": "C0GENERAL",
        "channel_name": "general",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/paper",
        "text": text,
        "api_app_id": "A0001",
        "response_url": response_url,
        "trigger_id": "1337.42.abcd",
    }


def button_click(
    action_id: str,
    value: str,
    *,
    response_url: str | None = None,
    home: bool = False,
    user: str = "U0ALICE",
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "fake"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A0001",
        "token": "legacy-unused",
        "trigger_id": "1337.42.efgh",
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b1",
                "value": value,
                "action_ts": "1700000000.1",
            }
        ],
    }
    if home:
        body["view"] = {"id": "V1", "type": "home", "blocks": []}
        body["container"] = {"type": "view", "view_id": "V1"}
    else:
        body["channel"] = {"id": "C0GENERAL", "name": "general"}
        body["container"] = {"type": "message", "message_ts": "1700000000.000001"}
        body["response_url"] = response_url
    return body


def view_submission(
    callback_id: str, topic: str | None, *, user: str = "U0ALICE"
) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "fake"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A0001",
        "token": "legacy-unused",
        "trigger_id": "1337.42.ijkl",
        "view": {
            "id": "V2",
            "type": "modal",
            "callback_id": callback_id,
            "state": {
                "values": {"topic": {"topic_input": {"type": "plain_text_input", "value": topic}}}
            },
        },
    }


def home_opened(user: str = "U0ALICE") -> dict[str, Any]:
    return {
        "token": "legacy-unused",
        "team_id": TEAM,
        "api_app_id": "A0001",
        "type": "event_callback",
        "event_id": "Ev0001",
        "event_time": 1700000000,
        "event": {
            "type": "app_home_opened",
            "user": user,
            "channel": "D0ALICE",
            "tab": "home",
            "event_ts": "1700000000.1",
        },
    }


def form_body(fields: dict[str, str]) -> str:
    return urlencode(fields)


def interaction_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def signed(
    body: str,
    secret: str,
    *,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict[str, str]:
    """The headers Slack sends: a v0 HMAC of `v0:<timestamp>:<body>`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = str(SignatureVerifier(secret).generate_signature(timestamp=ts, body=body))
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
        "Content-Type": content_type,
    }
