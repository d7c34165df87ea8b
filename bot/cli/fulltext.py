"""`paperboy fulltext ARXIV_ID`: a stored paper's full text: its outline, each section's
title and word count, where it came from and its stored (compressed) size.

Fetches it first when it is missing and a fetch is due ([fulltext] in the config); when
there is none, says why and when it is tried again (the review rests on the abstract).
"""

from __future__ import annotations

import asyncio

import click

from bot.cli.common import CliState, fail
from bot.clock import SystemClock
from bot.config import Config
from bot.fulltext.fetch import FullTextFetcher
from bot.fulltext.ports import FullTextStore, StoredFullText
from bot.fulltext.service import FullTexts
from bot.http import make_http_client
from bot.ids import InvalidArxivId, parse_arxiv_id


def outline(row: StoredFullText) -> list[str]:
    """The lines `paperboy fulltext` prints for a stored document."""
    document = row.document
    if document is None:
        return []
    version = f"v{document.version}" if document.version else "latest version"
    lines = [
        document.title or document.arxiv_id,
        f"{document.arxiv_id} {version}, from the {document.origin.value.upper()}, "
        f"{document.words:,} words, stored in {row.stored_bytes:,} bytes (compressed)",
        "",
    ]
    for section in document.sections:
        indent = "  " * (section.level - 1)
        lines.append(f"{indent}{section.label}  ({section.words:,} words)")
    return lines


async def _fulltext(config: Config, arxiv_id: str, fetch: bool) -> StoredFullText | str:
    from storage import open_store

    store = await open_store(config.storage.url)
    try:
        paper = await store.get_paper(arxiv_id)
        if paper is None:
            return f"no stored paper with id {arxiv_id!r} (poll or backfill it first)"
        if not isinstance(store, FullTextStore):
            return "this store keeps no full texts"
        if fetch and config.fulltext.enabled:
            async with make_http_client(config.http) as http:
                fetcher = FullTextFetcher(config.fulltext, http)
                await FullTexts(config.fulltext, store, fetcher, SystemClock()).get(paper)
        row = await store.get_fulltext(paper.arxiv_id, paper.version)
        if row is None:
            return f"no full text stored for {arxiv_id} (fetching is off: [fulltext] enabled)"
        return row
    finally:
        await store.close()


@click.command()
@click.argument("arxiv_id")
@click.option(
    "--fetch/--no-fetch",
    default=True,
    show_default=True,
    help="Fetch the full text first when it is missing and a fetch is due.",
)
@click.pass_obj
def command(state: CliState, arxiv_id: str, fetch: bool) -> None:
    """Show a stored paper's full text: its outline, section word counts, stored size."""
    config = state.config()
    try:  # the same ids and URLs `paperboy review` takes
        wanted, _version = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as exc:
        fail(str(exc))
    found = asyncio.run(_fulltext(config, wanted, fetch))
    if isinstance(found, str):
        fail(found)
    if found.document is None:
        retry = found.next_attempt.strftime("%Y-%m-%d %H:%M UTC") if found.next_attempt else "-"
        fail(
            f"no full text for {wanted} ({found.reason or 'unknown'}): {found.error}; "
            f"its review rests on the abstract; tried again after {retry}"
        )
    click.echo("\n".join(outline(found)))
