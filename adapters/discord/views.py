"""Rendered buttons to discord.py components (link buttons and paperboy action buttons)."""

from __future__ import annotations

import io
from typing import Any

import discord

from adapters.discord.render import Rendered, RenderedButton
from bot.model import Attachment


def make_view(buttons: tuple[RenderedButton, ...]) -> discord.ui.View | None:
    """A view holding the buttons (5 per row), or None. Needs a running event loop."""
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for index, button in enumerate(buttons[:25]):
        row = index // 5
        if button.url:
            view.add_item(discord.ui.Button(label=button.label, url=button.url, row=row))
        elif button.custom_id:
            item: discord.ui.Button[discord.ui.View] = discord.ui.Button(
                label=button.label,
                custom_id=button.custom_id,
                style=discord.ButtonStyle.secondary,
                row=row,
            )
            view.add_item(item)
    # Only the components are sent: clicks reach the adapter's `on_interaction` as
    # `paperboy:` actions. A stopped view is not stored by discord.py (no growing store).
    view.stop()
    return view


def attachment_file(attachment: Attachment) -> discord.File:
    """A reply's file (an export) as discord.py sends it: UTF-8 bytes under its name."""
    return discord.File(
        io.BytesIO(attachment.content.encode("utf-8")), filename=attachment.filename
    )


def message_kwargs(
    embeds: tuple[dict[str, object], ...],
    content: str | None,
    buttons: tuple[RenderedButton, ...],
    attachment: Attachment | None = None,
) -> dict[str, object]:
    """Keyword arguments for discord.py's send/edit calls, mentions always off; a file
    (an export) goes as `file`."""
    kwargs: dict[str, object] = {
        "embeds": [discord.Embed.from_dict(embed) for embed in embeds],
        "allowed_mentions": discord.AllowedMentions.none(),
    }
    if content is not None:
        kwargs["content"] = content
    view = make_view(buttons)
    if view is not None:
        kwargs["view"] = view
    if attachment is not None:
        kwargs["file"] = attachment_file(attachment)
    return kwargs


def part_kwargs(part: Rendered) -> dict[str, object]:
    """`message_kwargs` of one rendered message, with its file when it has one."""
    return message_kwargs(part.embeds, part.content, part.buttons, part.attachment)


def edit_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Send kwargs as an edit of a deferred answer takes them: the "thinking..." text
    cleared, a file as `attachments`."""
    edit = {**kwargs, "content": kwargs.get("content")}
    if "file" in edit:
        edit["attachments"] = [edit.pop("file")]
    return edit
