"""Saved papers: `save`, `saved`, and `export bibtex` / `export ris`."""

from __future__ import annotations

from bot.commands.common import Context, UsageError, reply
from bot.commands.feedback import feedback_store, stored_paper
from bot.commands.render import papers_message
from bot.feedback.export import ExportFormat, export
from bot.model import Attachment, CommandReply, OutboundMessage, Text

SAVE_EXAMPLE = "/paper save 2403.17887"
EXPORT_EXAMPLE = "/paper export bibtex"


async def save(ctx: Context, arguments: str) -> CommandReply:
    """Save a paper to your list (see `saved`, `export bibtex`)."""
    paper = await stored_paper(ctx, arguments, SAVE_EXAMPLE, undone="saved")
    added = await feedback_store(ctx).save_paper(ctx.invocation.owner, paper.arxiv_id, ctx.now)
    already = "" if added else " (it was saved already)"
    return reply(f"Saved {paper.arxiv_id}{already}. `/paper saved` lists your saved papers.")


async def saved(ctx: Context, arguments: str) -> CommandReply:
    """Your saved papers."""
    ids = await feedback_store(ctx).saved_papers(ctx.invocation.owner)
    if not ids:
        return reply(f"You have no saved papers. Save one with `{SAVE_EXAMPLE}`.")
    found = {p.arxiv_id: p for p in await ctx.deps.store.get_papers(ids)}
    papers = [found[i] for i in ids if i in found]
    note = "Export them with `/paper export bibtex` or `/paper export ris`."
    return CommandReply(papers_message(f"Your saved papers ({len(papers)})", papers, note))


async def export_command(ctx: Context, arguments: str) -> CommandReply:
    """Your saved papers as BibTeX (`export bibtex`) or RIS for Zotero (`export ris`)."""
    name = arguments.strip().lower() or ExportFormat.BIBTEX.value
    try:
        fmt = ExportFormat(name)
    except ValueError:
        raise UsageError("export takes `bibtex` or `ris`", EXPORT_EXAMPLE) from None
    ids = await feedback_store(ctx).saved_papers(ctx.invocation.owner)
    if not ids:
        return reply(f"You have no saved papers to export. Save one with `{SAVE_EXAMPLE}`.")
    found = {p.arxiv_id: p for p in await ctx.deps.store.get_papers(ids)}
    papers = [found[i] for i in ids if i in found]
    head = f"{len(papers)} saved paper(s) as {fmt.filename}, attached."
    # The file is the export (Slack uploads it, Discord attaches it, the console prints
    # it); the text says what it holds, as a reader can import the file but not a message.
    listed = " · ".join(p.arxiv_id for p in papers)
    message = OutboundMessage(
        blocks=(Text.plain(head), Text.plain(listed)),
        fallback=f"{head}\n{listed}",
        attachment=Attachment(fmt.filename, export(papers, fmt), fmt.mime),
    )
    return CommandReply(message)


__all__ = ["export_command", "save", "saved"]
