"""`paperboy review ARXIV_ID`: print the house-style review of a stored paper."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import click

from bot.app import App
from bot.cli.common import CliState, fail
from bot.config import Config
from bot.ids import InvalidArxivId, parse_arxiv_id
from bot.model import Review
from bot.review import header_line, render_text


def review_json(review: Review) -> dict[str, Any]:
    """The review as plain JSON types (the `--format json` output)."""
    return {
        "arxiv_id": review.paper_id,
        "title": review.title,
        "header": header_line(review),
        "number": review.number,
        "hook": review.hook,
        "basis": review.basis.value,  # full_text | abstract | article
        "sections": [
            {
                "name": s.name,
                "text": s.text,
                "sources": [{"section": x.section, "anchor": x.anchor} for x in s.sources],
            }
            for s in review.sections
        ],
        "link": review.link,
        "links": [{"rel": link.rel, "url": link.url} for link in review.links],
        "producer": review.producer,
        "date": review.date.isoformat(),
        "categories": list(review.categories),
        "upvotes": review.upvotes,
    }


async def _review(config: Config, arxiv_id: str, producer: str | None) -> Review | None:
    app = await App.build(config, adapters={})  # it sends nothing: no adapter is made
    try:
        paper = await app.store.get_paper(arxiv_id)
        if paper is None:
            return None
        if app.fulltexts is not None:  # on demand: fetched (once per version) when due
            await app.fulltexts.get(paper)
        return await app.reviewer.review(paper, producer=producer)
    finally:
        await app.stop()


@click.command()
@click.argument("arxiv_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="The house plain-text format, or a JSON object.",
)
@click.option(
    "--producer",
    type=click.Choice(["extractive", "article", "llm"]),
    default=None,
    help="Force a producer (default: article > llm when configured > extractive).",
)
@click.pass_obj
def command(state: CliState, arxiv_id: str, fmt: str, producer: str | None) -> None:
    """Print the house-style review of a stored paper."""
    config = state.config()
    wanted = arxiv_id.strip()
    if not wanted.startswith("feed:"):  # a post about no arXiv paper keeps its own id
        try:
            wanted, _version = parse_arxiv_id(arxiv_id)
        except InvalidArxivId as exc:
            fail(str(exc))
    review = asyncio.run(_review(config, wanted, producer))
    if review is None:
        fail(f"no stored paper with id {wanted!r} (poll or backfill it first)")
    if producer and review.producer != producer:
        click.secho(
            f"note: the {producer} producer could not review this paper; "
            f"showing the {review.producer} review",
            err=True,
        )
    if fmt == "json":
        click.echo(json.dumps(review_json(review), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(review))
