"""The console's rendering: a neutral message as terminal text (a pure function), with
every control character a terminal could act on removed and optional ANSI emphasis."""

from __future__ import annotations

import re

from bot.model import Buttons, Fields, Header, LinkBlock, OutboundMessage, Span, Text
from bot.presentation import render_text

PREFIX = "/paper"
# Everything a terminal could take as a control sequence, except newline and tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BOLD, _DIM, _UNDERLINE, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[4m", "\x1b[0m"


def clean(text: str) -> str:
    """Text safe to print: no escape sequences or other control characters."""
    return _CONTROL.sub("", text)


def _style(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour and text else text


def dim(text: str, colour: bool) -> str:
    """Text shown dimmed on a colour terminal (the console's own notes)."""
    return _style(text, _DIM, colour)


def _span(span: Span, colour: bool) -> str:
    text = clean(span.text)
    if span.bold:
        text = _style(text, _BOLD, colour)
    if span.code:
        text = f"`{text}`"
    if span.url and span.url != span.text:
        text += " " + _style(f"<{clean(span.url)}>", _DIM, colour)
    return text


def render(message: OutboundMessage, *, colour: bool = False) -> str:
    """A neutral message as terminal text. A post prints in its house plain-text form."""
    if message.post is not None:
        return clean(render_text(message.post))
    lines: list[str] = []
    for block in message.blocks:
        if isinstance(block, Header):
            title = _style(clean(block.text), _BOLD, colour)
            lines.append(title + (f" <{clean(block.url)}>" if block.url else ""))
        elif isinstance(block, Text):
            label = _style(clean(block.label) + ": ", _BOLD, colour) if block.label else ""
            lines.append(label + "".join(_span(s, colour) for s in block.spans))
        elif isinstance(block, Fields):
            lines.append(" · ".join(f"{clean(k)}: {clean(v)}" for k, v in block.items))
        elif isinstance(block, LinkBlock):
            lines.append(f"{clean(block.label)}: {_style(clean(block.url), _UNDERLINE, colour)}")
        elif isinstance(block, Buttons):
            labels = []
            for button in block.buttons:
                if button.url:
                    labels.append(f"[{clean(button.label)}] {clean(button.url)}")
                elif button.action:
                    command = f"{PREFIX} {button.action} {button.value}".strip()
                    labels.append(f"[{clean(button.label)}] {clean(command)}")
            lines.append("  ".join(labels))
    return "\n".join(lines) if lines else clean(message.fallback)


__all__ = ["PREFIX", "clean", "dim", "render"]
