"""A reply's file (an export of saved papers) as a Slack file, in the reader's DM.

Slack has no ephemeral files: a file shared in a channel is seen by everyone there, so the
file goes to the reader's DM with the app (`conversations.open`), where only they see it.
`files_upload_v2` is slack_sdk's current upload flow: `files.getUploadURLExternal`, the
bytes to the URL it returns, then `files.completeUploadExternal` shares it (needs the
`files:write` scope).
"""

from __future__ import annotations

from slack_sdk.errors import SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import FAILURES, send_error
from bot.model import Attachment
from bot.ports import SendError


async def send_file(client: AsyncWebClient, user: str, attachment: Attachment) -> str:
    """Upload `attachment` to `user`'s DM; returns the DM's channel id. A failure raises
    SendError naming the Web API method and Slack's reason (never the token)."""
    method = "conversations.open"
    try:
        opened = await client.conversations_open(users=user)
        channel = str(opened["channel"]["id"])
        method = "files.getUploadURLExternal"  # then the upload, then completeUploadExternal
        await client.files_upload_v2(
            channel=channel,
            filename=attachment.filename,
            title=attachment.filename,
            content=attachment.content.encode("utf-8"),
        )
    except FAILURES as exc:
        raise send_error(exc, method) from None
    except SlackRequestError as exc:  # the bytes were refused by the upload URL
        raise SendError(f"file upload failed: {str(exc)[:200]}") from None
    return channel


__all__ = ["send_file"]
