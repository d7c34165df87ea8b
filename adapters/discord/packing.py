"""Discord's embed limits, and the packer that fills embeds and messages within them.

discord.py checks only the number of embeds; these limits are enforced here: title 256,
description 4096, 25 fields of 256/1024, footer 2048, author 256, 6000 characters over
all embeds of one message, 10 embeds a message.
"""

from __future__ import annotations

from typing import Any

BLANK = "\u200b"  # shows nothing; Discord accepts it where text is required
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR = 256
MAX_TOTAL = 6000
MAX_EMBEDS = 10
MAX_CONTENT = 2000

Embed = dict[str, Any]  # the raw embed payload (discord.types.embed.Embed shape)


def embed_size(embed: Embed) -> int:
    """The characters Discord counts toward the 6000 limit."""
    size = len(embed.get("title", "")) + len(embed.get("description", ""))
    size += len(embed.get("footer", {}).get("text", ""))
    size += len(embed.get("author", {}).get("name", ""))
    return size + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", ()))


class Packer:
    """Fills embeds and messages without crossing any limit."""

    def __init__(self, color: int) -> None:
        self._color = color
        self.messages: list[list[Embed]] = []

    def _total(self) -> int:
        return sum(embed_size(e) for e in self.messages[-1]) if self.messages else 0

    def _room(self) -> int:
        return MAX_TOTAL - self._total()

    def current(self) -> Embed:
        if not self.messages or not self.messages[-1]:
            self.new_embed()
        return self.messages[-1][-1]

    def new_embed(self, head: Embed | None = None, *, new_message: bool = False) -> Embed:
        embed: Embed = {"color": self._color, **(head or {})}
        full = not self.messages or len(self.messages[-1]) >= MAX_EMBEDS
        if new_message or full or self._total() + embed_size(embed) > MAX_TOTAL:
            self.messages.append([])
        self.messages[-1].append(embed)
        return embed

    def _fit(self, cost: int, *, field: bool = False, description: int = 0) -> Embed:
        """The embed to add `cost` characters to: the current one, a new one, or the
        first embed of a new message when the current message has no room left."""
        embed = self.current()
        if cost > self._room():  # first, so no empty embed is left behind in this message
            return self.new_embed(new_message=True)
        fields_full = field and len(embed.get("fields", ())) >= MAX_FIELDS
        long = description and len(embed.get("description", "")) + description > MAX_DESCRIPTION
        if fields_full or long:
            embed = self.new_embed()
        return embed

    def paragraph(self, text: str) -> None:
        """Append to the description (text already at most MAX_DESCRIPTION)."""
        old = self.current().get("description", "")
        extra = len(text) + (2 if old else 0)
        embed = self._fit(extra, description=extra)
        old = embed.get("description", "")
        embed["description"] = f"{old}\n\n{text}" if old else text

    def field(self, name: str, value: str, *, inline: bool = False) -> None:
        """Add a field; Discord rejects a blank name or value, so blanks become a
        zero-width space."""
        name, value = name.strip() or BLANK, value.strip() or BLANK
        embed = self._fit(len(name) + len(value), field=True)
        embed.setdefault("fields", []).append({"name": name, "value": value, "inline": inline})

    def footer(self, text: str) -> None:
        embed = self.current()
        if len(text) > self._room():
            embed = self.new_embed(new_message=True)
        elif "footer" in embed:
            embed = self.new_embed()
        embed["footer"] = {"text": text}
