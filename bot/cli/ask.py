"""`paperboy ask ARXIV_ID "question" [--json]`: a question answered from a stored paper.

The full text is fetched first when it is missing and a fetch is due; the answer quotes
the paper's best passages (or, with `[review.llm]` set, is written from them and
checked). `--json` prints {"answer", "citations": [{"section", "anchor", "text"}],
"basis", "producer"} (and a few more keys: see bot.ask.render.answer_json).
"""

from __future__ import annotations

import asyncio
import json

import click

from bot.app import App
from bot.ask.build import build_asker
from bot.ask.model import Answer
from bot.ask.render import answer_json, answer_text
from bot.ask.service import AskRefused
from bot.cli.common import CliState, fail
from bot.config import Config
from bot.ids import InvalidArxivId, parse_arxiv_id


async def _ask(config: Config, arxiv_id: str, question: str) -> Answer:
    app = await App.build(config, adapters={})  # it sends nothing: no adapter is made
    try:
        asker = build_asker(config, app.store, app.http, app.clock, fulltexts=app.fulltexts)
        return await asker.ask(arxiv_id, question)
    finally:
        await app.stop()


@click.command()
@click.argument("arxiv_id")
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as a JSON object.")
@click.pass_obj
def command(state: CliState, arxiv_id: str, question: tuple[str, ...], as_json: bool) -> None:
    """Answer a question from a stored paper, quoting its passages with their sections."""
    config = state.config()
    try:
        wanted, _version = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as exc:
        fail(str(exc))
    try:
        answer = asyncio.run(_ask(config, wanted, " ".join(question)))
    except AskRefused as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
    else:
        click.echo(answer_text(answer))
