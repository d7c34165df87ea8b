"""A post (bot.presentation's `PostView`) in Block Kit. Pure, golden-tested.

The house layout: the header line, the "why this paper" line when there is one, the hook,
the labelled sections (with their source anchors), the link last (unfurling is off), then
the context line and the buttons. Every label comes from bot.presentation.labels.
"""

from __future__ import annotations

from adapters.slack.blocks import (
    MAX_FIELD,
    JsonBlock,
    actions_blocks,
    context_block,
    header_block,
    text_sections,
)
from adapters.slack.mrkdwn import escape, link
from bot.model import Button, Span
from bot.presentation import LinkKind, PostSection, PostView, header_line
from bot.presentation.labels import SOURCES, WHY

MAX_CATEGORIES = 8


def post_blocks(view: PostView) -> list[JsonBlock]:
    blocks: list[JsonBlock] = [header_block(header_line(view.header))]
    if view.why and view.why.strip():
        blocks += text_sections((Span(view.why.strip()),), label=WHY)
    if view.hook.strip():
        blocks += text_sections((Span(view.hook.strip(), italic=True),))
    for section in view.sections:
        blocks += text_sections((Span(section.text.strip()),), label=section.name)
        if section.sources:
            blocks.append(context_block([_sources(section)]))
    if view.paper_url:
        label = f"{LinkKind.PAPER.label}: "
        blocks += text_sections((Span(label), Span(view.paper_url, url=view.paper_url)))
    url = view.header.url
    if url:
        blocks += text_sections((Span(url, url=url),))
    blocks.append(context_block(post_context(view)))
    buttons = post_buttons(view)
    if buttons:
        blocks += actions_blocks(buttons)
    return blocks


def post_context(view: PostView) -> list[str]:
    """The context line: the view's facts (number, date, upvotes, producer), then the
    categories; each item escaped."""
    items = [escape(item) for item in view.meta_items()]
    if view.categories:
        items.append(escape(" · ".join(view.categories[:MAX_CATEGORIES])))
    return items


def post_buttons(view: PostView) -> list[Button]:
    """The link buttons (open the paper, its PDF), then the reader's actions."""
    buttons = [Button(label, url=url) for label, url in view.link_buttons()]
    buttons += [Button(a.label, action=a.action.value, value=a.value) for a in view.actions]
    return buttons


def _sources(section: PostSection) -> str:
    """`Sources: <url|title>, ...`: whole links only, while they fit in a context element
    (a link cut short would show its raw markup)."""
    text = f"{escape(SOURCES)}:"
    for index, anchor in enumerate(section.sources):
        item = ("" if index == 0 else ",") + " " + link(anchor.url, anchor.section_title)
        if len(text) + len(item) > MAX_FIELD:
            break
        text += item
    return text
