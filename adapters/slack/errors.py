"""Slack's errors in the core's terms: `SendError` for sends, clear start-up errors."""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError

from adapters.slack.client import retry_after
from adapters.slack.settings import SlackConfigError
from bot.ports import SendError

FAILURES = (SlackApiError, aiohttp.ClientError, TimeoutError)


class SlackConnectionError(Exception):
    """Slack could not be reached at start (network, outage); the message says which call."""


# Errors that retrying cannot fix: the outbox records them and `status` shows the reason.
PERMANENT_ERRORS = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "channel_is_archived",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "cannot_dm_bot",
        "user_not_found",
        "user_disabled",
        "user_not_visible",
        "messages_tab_disabled",
        "thread_not_found",
        "invalid_blocks",
        "invalid_blocks_format",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "msg_too_long",
        "no_text",
        "too_many_attachments",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "not_allowed_token_type",
        "team_access_not_granted",
        "ekm_access_denied",
        "org_login_required",
        "two_factor_setup_required",
    }
)
_CHANNEL_SCOPED = frozenset({"chat.postMessage", "chat.postEphemeral"})


def send_error(exc: BaseException, method: str) -> SendError:
    """The outbox's view of a failed Web API call."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        code = str(response.get("error") or f"http_{response.status_code}")
        if response.status_code == 429 or code == "ratelimited":
            # chat.postMessage limits are per channel; other methods' limits are app-wide.
            return SendError(
                f"ratelimited ({method})",
                retry_after=retry_after(response.headers),
                global_limit=method not in _CHANNEL_SCOPED,
            )
        permanent = code in PERMANENT_ERRORS or response.status_code in (401, 403, 404)
        return SendError(code, permanent=permanent)
    if isinstance(exc, TimeoutError):
        return SendError(f"timeout calling {method}")
    return SendError(f"{type(exc).__name__} calling {method}: {exc}")


def startup_error(exc: BaseException, method: str, env: str) -> Exception:
    """A failed start-up call as a clear error: a refused token names its variable."""
    error = send_error(exc, method)
    if error.permanent:
        return SlackConfigError(f"{env} was refused by Slack's {method} ({error.reason})")
    return SlackConnectionError(f"cannot reach Slack: {method} failed ({error.reason})")
