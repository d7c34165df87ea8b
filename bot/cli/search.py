"""`paperboy search QUERY`: the `/paper search` language from the shell."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import click

from bot.cli.common import CliState, fail
from bot.commands.render import paper_date
from bot.commands.search import SEARCH_WINDOW
from bot.query import QueryError, paper_first, paper_id_of, parse_query
from bot.versions import is_withdrawn
from storage import SearchHit, SearchQuery, StoreError, open_store


async def _search(
    url: str, query: SearchQuery, limit: int, paper_id: str | None = None
) -> list[SearchHit]:
    """The hits; a query that is one paper's id (`paper_id`) finds that paper first."""
    store = await open_store(url)
    try:
        hits = await store.search(query, limit=limit)
        named = await store.get_paper(paper_id) if paper_id else None
        return paper_first(hits, named)[:limit]
    finally:
        await store.close()


def _as_json(hit: SearchHit) -> dict[str, Any]:
    paper = hit.paper
    return {
        "arxiv_id": paper.arxiv_id,
        "title": paper.title,
        "url": paper.abs_url,
        "published": paper.published.isoformat() if paper.published else None,
        "score": round(hit.score, 4),
        "authors": list(paper.authors),
        "categories": list(paper.categories),
        "withdrawn": is_withdrawn(paper),
        "snippet": "".join(text for text, _ in hit.snippet),
    }


def _snippet(hit: SearchHit) -> str:
    return " ".join(
        "".join(click.style(t, bold=True) if marked else t for t, marked in hit.snippet).split()
    )


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True)
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 1000),
              help="How many results.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, best first.")
@click.pass_obj
def command(state: CliState, query: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search the stored papers: words, "phrases", cat:cs.LG, au:"Name", since:, before:, -word.

    Quote the query for the shell: paperboy search '"state space" cat:cs.LG -survey'.
    """
    config = state.config()
    text = " ".join(query)
    try:
        parsed = parse_query(text, max_chars=config.limits.max_query_chars, window=SEARCH_WINDOW)
    except QueryError as exc:
        fail(str(exc))
    try:
        hits = asyncio.run(_search(config.storage.url, parsed, limit, paper_id_of(text)))
    except StoreError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps([_as_json(hit) for hit in hits], ensure_ascii=False, indent=2))
        if not hits:
            click.echo("no results", err=True)
        return
    if not hits:
        click.echo("no results (try fewer words, no quotes, or without a filter)")
        return
    for number, hit in enumerate(hits, 1):
        paper = hit.paper
        click.echo(f"{number}. " + click.style(" ".join(paper.title.split()), bold=True))
        click.echo(
            f"   {paper_date(paper)} · {', '.join(paper.categories) or '-'} · {paper.abs_url}"
            f" · score {hit.score:.2f}"
        )
        if hit.snippet:
            click.echo(f"   {_snippet(hit)}")
