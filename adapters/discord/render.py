"""Neutral messages to Discord messages: pure functions, golden-tested.

A post becomes rich embeds from its view (adapters/discord/post.py: title linking to the
paper, sections as the description or as fields, a footer of its facts, a colour per
source). Every other message becomes embeds built from its blocks. Discord's limits are
enforced here and in packing.py, since discord.py only checks the number of embeds: title
256, description 4096, 25 fields of 256/1024, footer 2048, author 256, 6000 characters over
all embeds of a message and 10 embeds a message. What does not fit continues in another
embed, then another message, split at sentence boundaries. All dynamic text is escaped
(see `text.escape`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from adapters.discord.packing import (
    MAX_CONTENT,
    MAX_DESCRIPTION,
    MAX_FIELD_NAME,
    MAX_FIELD_VALUE,
    MAX_TITLE,
    Embed,
    Packer,
)
from adapters.discord.post import post_embeds
from adapters.discord.text import code, escape, link, one_line, safe_url, split_text, truncate
from bot.model import (
    Attachment,
    Button,
    Buttons,
    Fields,
    Header,
    LinkBlock,
    OutboundMessage,
    Span,
    Text,
)
from bot.presentation import PostView

MAX_BUTTONS = 25
MAX_BUTTON_LABEL = 80
MAX_CUSTOM_ID = 100
ACTION_PREFIX = "paperboy:"

DEFAULT_COLOR = 0x5865F2
_SOURCE_COLORS = {"arxiv": 0xB31B1B, "hf": 0xFFD21E, "hugging": 0xFFD21E}
_PALETTE = (0x57F287, 0xEB459E, 0x1ABC9C, 0xE67E22, 0x9B59B6, 0x3498DB, 0x2ECC71, 0xE91E63)


@dataclass(frozen=True)
class RenderedButton:
    """A link button (`url`) or an action button (`custom_id` = paperboy:<action>:<value>)."""

    label: str
    url: str | None = None
    custom_id: str | None = None


@dataclass(frozen=True)
class Rendered:
    """One Discord message: optional content, embeds (raw payloads), buttons and a file."""

    embeds: tuple[Embed, ...] = ()
    content: str | None = None
    buttons: tuple[RenderedButton, ...] = field(default=())
    attachment: Attachment | None = None  # a file (an export), on the last part


def color_for(key: str | None) -> int:
    """A stable colour per source: arXiv red, Hugging Face yellow, others from a palette."""
    if not key:
        return DEFAULT_COLOR
    lowered = key.lower()
    for prefix, color in _SOURCE_COLORS.items():
        if lowered.startswith(prefix):
            return color
    return _PALETTE[hashlib.sha256(lowered.encode()).digest()[0] % len(_PALETTE)]


def render(message: OutboundMessage) -> tuple[Rendered, ...]:
    """The Discord messages (usually one) that show `message`."""
    if message.post is not None:
        buttons = _post_buttons(message.post)
        messages = post_embeds(message.post, color_for(message.color_key or message.post.producer))
    else:
        buttons = _buttons(message)
        messages = _blocks(message)
    attached = message.attachment
    if not messages:
        content = truncate(escape(message.fallback), MAX_CONTENT) or "\u200b"
        return (Rendered(content=content, buttons=buttons, attachment=attached),)
    result = [Rendered(embeds=tuple(embeds)) for embeds in messages]
    result[-1] = Rendered(embeds=result[-1].embeds, buttons=buttons, attachment=attached)
    return tuple(result)


def _blocks(message: OutboundMessage) -> list[list[Embed]]:
    packer = Packer(color_for(message.color_key))
    for block in message.blocks:
        if isinstance(block, Header):
            title = truncate(escape(one_line(block.text)), MAX_TITLE)
            if not title:
                continue
            head: Embed = {"title": title}
            url = safe_url(block.url)
            if url:
                head["url"] = url
            embed = packer.current() if packer.messages else None
            if embed is not None and set(embed) == {"color"}:
                embed.update(head)
            else:
                packer.new_embed(head)
        elif isinstance(block, Text):
            body = "".join(_span(span) for span in block.spans).strip()
            if block.label:
                body = f"**{escape(one_line(block.label))}**" + ("\n" + body if body else "")
            for chunk in split_text(body, MAX_DESCRIPTION) if body else []:
                packer.paragraph(chunk)
        elif isinstance(block, Fields):
            for name, value in block.items:
                packer.field(
                    truncate(escape(one_line(name)), MAX_FIELD_NAME),
                    truncate(escape(value.strip()), MAX_FIELD_VALUE),
                    inline=True,
                )
        elif isinstance(block, LinkBlock):
            packer.paragraph(truncate(link(block.label, block.url), MAX_DESCRIPTION))
    return [embeds for embeds in packer.messages if embeds]


def _span(span: Span) -> str:
    if not span.text:
        return ""
    if span.url:
        body = link(span.text, span.url)
    elif span.code:
        body = code(span.text)
    else:
        body = escape(span.text)
    stripped = body.strip()
    if not stripped or span.code:
        return body
    lead = body[: len(body) - len(body.lstrip())]
    trail = body[len(body.rstrip()) :]
    if span.italic:
        stripped = f"*{stripped}*"
    if span.bold:
        stripped = f"**{stripped}**"
    return lead + stripped + trail


def _buttons(message: OutboundMessage) -> tuple[RenderedButton, ...]:
    found: list[RenderedButton] = []
    for block in message.blocks:
        if isinstance(block, Buttons):
            found.extend(b for b in (_button(item) for item in block.buttons) if b is not None)
    return tuple(found[:MAX_BUTTONS])


def _post_buttons(view: PostView) -> tuple[RenderedButton, ...]:
    """The link buttons (open the paper, its PDF), then the reader's actions."""
    buttons = [Button(label, url=url) for label, url in view.link_buttons()]
    buttons += [Button(a.label, action=a.action.value, value=a.value) for a in view.actions]
    return tuple(b for b in (_button(item) for item in buttons[:MAX_BUTTONS]) if b is not None)


def _button(button: Button) -> RenderedButton | None:
    label = truncate(one_line(button.label), MAX_BUTTON_LABEL) or "Open"
    if button.url:
        url = safe_url(button.url)
        return RenderedButton(label=label, url=url) if url else None
    if button.action:
        custom_id = f"{ACTION_PREFIX}{button.action}:{button.value}"[:MAX_CUSTOM_ID]
        return RenderedButton(label=label, custom_id=custom_id)
    return None
