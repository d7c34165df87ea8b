"""`paperboy review ARXIV_ID`: print the house-style review of a stored paper."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

import click

from bot.app import App
from bot.cli.common import CliState, fail
from bot.config import Config
from bot.ids import InvalidArxivId, parse_arxiv_id
from bot.model import Paper, Review
from bot.review import header_line, render_text
from bot.versions import PaperVersion, is_withdrawn


def versions_json(paper: Paper, versions: Sequence[PaperVersion]) -> list[dict[str, Any]]:
    """Each known version with its date (arXiv's), comment and whether it withdrew the paper;
    a paper whose history is not kept yet has its current version only."""
    if not versions and paper.version:
        date = paper.updated or paper.published
        return [
            {
                "version": paper.version,
                "date": date.isoformat() if date else None,
                "comment": paper.comment,
                "withdrawn": is_withdrawn(paper),
            }
        ]
    return [
        {
            "version": v.version,
            "date": (v.announced or v.seen).isoformat(),
            "comment": v.comment,
            "withdrawn": v.withdrawn,
        }
        for v in versions
    ]


def review_json(
    review: Review, paper: Paper | None = None, versions: Sequence[PaperVersion] = ()
) -> dict[str, Any]:
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
        "version": paper.version if paper is not None else None,
        "versions": versions_json(paper, versions) if paper is not None else [],
        "withdrawn": is_withdrawn(paper) if paper is not None else False,
    }


Reviewed = tuple[Review, Paper, list[PaperVersion]]


async def _review(config: Config, arxiv_id: str, producer: str | None) -> Reviewed | None:
    app = await App.build(config, adapters={})  # it sends nothing: no adapter is made
    try:
        paper = await app.store.get_paper(arxiv_id)
        if paper is None:
            return None
        if app.fulltexts is not None:  # on demand: fetched (once per version) when due
            await app.fulltexts.get(paper)
        review = await app.reviewer.review(paper, producer=producer)
        return review, paper, await app.store.paper_versions(paper.arxiv_id)
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
    found = asyncio.run(_review(config, wanted, producer))
    if found is None:
        fail(f"no stored paper with id {wanted!r} (poll or backfill it first)")
    review, paper, versions = found
    if producer and review.producer != producer:
        click.secho(
            f"note: the {producer} producer could not review this paper; "
            f"showing the {review.producer} review",
            err=True,
        )
    if fmt == "json":
        click.echo(json.dumps(review_json(review, paper, versions), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(review))
