"""A post (bot.presentation's `PostView`) as Discord embeds. Pure, golden-tested.

One embed per post when it fits: the title links to the paper, the author line is the
series, the description holds the "why this paper" line, the hook and the sections, then
the Links and Categories fields and a footer of the view's facts (number, date, upvotes,
producer). A post too long for one description puts each section in fields split at
sentences, continued in further embeds and messages (the Packer keeps every limit).
Every label comes from bot.presentation.labels.
"""

from __future__ import annotations

from adapters.discord.packing import (
    MAX_AUTHOR,
    MAX_DESCRIPTION,
    MAX_FIELD_NAME,
    MAX_FIELD_VALUE,
    MAX_FOOTER,
    MAX_TITLE,
    Embed,
    Packer,
)
from adapters.discord.text import escape, link, one_line, safe_url, split_text, truncate
from bot.presentation import PostSection, PostView
from bot.presentation.labels import CATEGORIES, CONTINUED, LINKS, SOURCES, WHY

UNTITLED = "Untitled"


def post_embeds(view: PostView, color: int) -> list[list[Embed]]:
    """The messages (lists of embeds) that show `view`."""
    packer = Packer(color)
    head: Embed = {"title": truncate(escape(one_line(view.header.title)) or UNTITLED, MAX_TITLE)}
    url = safe_url(view.header.url)
    if url:
        head["url"] = url
    author = one_line(f"{view.header.emoji} {view.header.series}")
    if author:
        head["author"] = {"name": truncate(escape(author), MAX_AUTHOR)}
    packer.new_embed(head)
    why = f"**{WHY}:** {escape(view.why.strip())}" if view.why and view.why.strip() else ""
    hook = escape(view.hook.strip())
    sections = [
        (escape(one_line(s.name)), escape(s.text.strip()), _sources(s))
        for s in view.sections
        if s.text.strip()
    ]
    lead = [why] if why else []
    lead += [f"*{hook}*"] if hook else []
    body = [
        f"**{name}**\n{text}" + (f"\n{sources}" if sources else "")
        for name, text, sources in sections
    ]
    whole = "\n\n".join(lead + body)
    if len(whole) <= MAX_DESCRIPTION:  # with head, meta and footer still under MAX_TOTAL
        if whole:
            packer.paragraph(whole)
    else:
        for paragraph in lead:
            for chunk in split_text(paragraph, MAX_DESCRIPTION):
                packer.paragraph(chunk)
        for name, text, sources in sections:
            for index, chunk in enumerate(split_text(text, MAX_FIELD_VALUE)):
                title = name if index == 0 else f"{name} {CONTINUED}"
                packer.field(truncate(title, MAX_FIELD_NAME), chunk)
            if sources:
                packer.field(truncate(f"{name} · {SOURCES}", MAX_FIELD_NAME), sources)
    _meta(packer, view)
    packer.footer(truncate(" · ".join(view.meta_items()), MAX_FOOTER))
    return packer.messages


def _meta(packer: Packer, view: PostView) -> None:
    links = [link(item.label, item.url) for item in view.links]
    if links:
        packer.field(LINKS, truncate_joined(links, MAX_FIELD_VALUE), inline=True)
    categories = ", ".join(c for c in (escape(one_line(c)) for c in view.categories) if c)
    if categories:
        packer.field(CATEGORIES, truncate(categories, MAX_FIELD_VALUE), inline=True)


def _sources(section: PostSection) -> str:
    """`Sources: [title](url) · ...`, whole links only, at most half a field."""
    if not section.sources:
        return ""
    links = [link(a.section_title, a.url) for a in section.sources]
    return f"{SOURCES}: " + truncate_joined(links, MAX_FIELD_VALUE // 2)


def truncate_joined(items: list[str], limit: int, sep: str = " · ") -> str:
    """Join whole items (never cutting a markdown link) while they fit in `limit`."""
    shown: list[str] = []
    for item in dict.fromkeys(items):
        if len(sep.join([*shown, item])) > limit:
            break
        shown.append(item)
    return sep.join(shown)
