"""Neutral messages to Discord messages: pure functions, golden-tested.

A review becomes a rich embed (title linking to the paper, sections as the description or
as fields, footer with date, number and producer, a colour per source). Every other
message becomes embeds built from its blocks. Discord's limits are enforced here, since
discord.py only checks the number of embeds: title 256, description 4096, 25 fields of
256/1024, footer 2048, author 256, 6000 characters over all embeds of a message and 10
embeds a message. What does not fit continues in another embed, then another message,
split at sentence boundaries. All dynamic text is escaped (see `text.escape`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from adapters.discord.packing import (
    MAX_AUTHOR,
    MAX_CONTENT,
    MAX_DESCRIPTION,
    MAX_FIELD_NAME,
    MAX_FIELD_VALUE,
    MAX_FOOTER,
    MAX_TITLE,
    Embed,
    Packer,
)
from adapters.discord.text import code, escape, link, one_line, safe_url, split_text, truncate
from bot.model import (
    Button,
    Buttons,
    Fields,
    Header,
    LinkBlock,
    OutboundMessage,
    Review,
    Span,
    Text,
)

MAX_BUTTONS = 25
MAX_BUTTON_LABEL = 80
MAX_CUSTOM_ID = 100
ACTION_PREFIX = "paperboy:"

DEFAULT_COLOR = 0x5865F2
_SOURCE_COLORS = {"arxiv": 0xB31B1B, "hf": 0xFFD21E, "hugging": 0xFFD21E}
_PALETTE = (0x57F287, 0xEB459E, 0x1ABC9C, 0xE67E22, 0x9B59B6, 0x3498DB, 0x2ECC71, 0xE91E63)
_LINK_LABELS = {
    "abs": "arXiv",
    "pdf": "PDF",
    "html": "HTML",
    "blog": "Blog",
    "github": "GitHub",
    "hf": "Hugging Face",
    "doi": "DOI",
}


@dataclass(frozen=True)
class RenderedButton:
    """A link button (`url`) or an action button (`custom_id` = paperboy:<action>:<value>)."""

    label: str
    url: str | None = None
    custom_id: str | None = None


@dataclass(frozen=True)
class Rendered:
    """One Discord message: optional content, embeds (raw payloads) and buttons."""

    embeds: tuple[Embed, ...] = ()
    content: str | None = None
    buttons: tuple[RenderedButton, ...] = field(default=())


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
    buttons = _buttons(message)
    if message.review is not None:
        messages = _review(message.review, color_for(message.color_key or message.review.producer))
    else:
        messages = _blocks(message)
    if not messages:
        content = truncate(escape(message.fallback), MAX_CONTENT) or "\u200b"
        return (Rendered(content=content, buttons=buttons),)
    result = [Rendered(embeds=tuple(embeds)) for embeds in messages]
    result[-1] = Rendered(embeds=result[-1].embeds, buttons=buttons)
    return tuple(result)


def _review(review: Review, color: int) -> list[list[Embed]]:
    packer = Packer(color)
    head: Embed = {"title": truncate(escape(one_line(review.title)) or "Untitled", MAX_TITLE)}
    url = safe_url(review.link)
    if url:
        head["url"] = url
    author = one_line(f"{review.emoji} {review.series}")
    if author:
        head["author"] = {"name": truncate(escape(author), MAX_AUTHOR)}
    packer.new_embed(head)
    hook = escape(review.hook.strip())
    sections = [
        (escape(one_line(s.name)), escape(s.text.strip()))
        for s in review.sections
        if s.text.strip()
    ]
    whole = "\n\n".join(
        ([f"*{hook}*"] if hook else []) + [f"**{name}**\n{text}" for name, text in sections]
    )
    if len(whole) <= MAX_DESCRIPTION:  # with head, meta and footer still under MAX_TOTAL
        if whole:
            packer.paragraph(whole)
    else:
        for chunk in split_text(hook, MAX_DESCRIPTION) if hook else []:
            packer.paragraph(chunk)
        for name, text in sections:
            for index, chunk in enumerate(split_text(text, MAX_FIELD_VALUE)):
                title = name if index == 0 else f"{name} (cont.)"
                packer.field(truncate(title, MAX_FIELD_NAME), chunk)
    _review_meta(packer, review)
    footer = f"{review.date.isoformat()}"
    if review.number is not None:
        footer += f" · Paper Review No. {review.number}"
    packer.footer(truncate(f"{footer} · {review.producer}", MAX_FOOTER))
    return packer.messages


def _review_meta(packer: Packer, review: Review) -> None:
    links = [link(_LINK_LABELS.get(item.rel, item.rel), item.url) for item in review.links]
    if not review.links and safe_url(review.link):
        links.append(link("Paper", review.link))
    if links:
        packer.field("Links", truncate_joined(links, MAX_FIELD_VALUE), inline=True)
    categories = ", ".join(c for c in (escape(one_line(c)) for c in review.categories) if c)
    if categories:
        packer.field("Categories", truncate(categories, MAX_FIELD_VALUE), inline=True)
    if review.upvotes is not None:
        packer.field("Upvotes", f"▲ {review.upvotes}", inline=True)


def truncate_joined(items: list[str], limit: int, sep: str = " · ") -> str:
    """Join whole items (never cutting a markdown link) while they fit in `limit`."""
    shown: list[str] = []
    for item in dict.fromkeys(items):
        if len(sep.join([*shown, item])) > limit:
            break
        shown.append(item)
    return sep.join(shown)


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


def _button(button: Button) -> RenderedButton | None:
    label = truncate(one_line(button.label), MAX_BUTTON_LABEL) or "Open"
    if button.url:
        url = safe_url(button.url)
        return RenderedButton(label=label, url=url) if url else None
    if button.action:
        custom_id = f"{ACTION_PREFIX}{button.action}:{button.value}"[:MAX_CUSTOM_ID]
        return RenderedButton(label=label, custom_id=custom_id)
    return None
