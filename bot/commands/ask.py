"""`ask`: a question answered from a paper's own passages, each quoted with its section and
a link to its anchor (bot/ask). In a paper's thread the paper is implied: adapters hand in
the thread (its root message id) as the `thread` option, the answer then goes to the
thread; the paper is the one whose post started it (or the `paper` option)."""

from __future__ import annotations

from bot.ask.model import Answer, AnswerProducer
from bot.ask.ports import Asking, AskService
from bot.ask.service import AskRefused
from bot.commands.common import PREFIX, Context, UsageError, reply, safe_echo
from bot.ids import InvalidArxivId, parse_arxiv_id
from bot.model import CommandReply, Header, OutboundMessage, Span, Text
from bot.sources.fetch import SourceError

ASK_EXAMPLE = "/paper ask 2403.17887 which datasets do they evaluate on?"
QUESTION_ECHO = 300  # characters of the question repeated above the answer
QUOTE_ECHO = 700


async def _paper_and_question(ctx: Context, asker: AskService, arguments: str) -> tuple[str, str]:
    """The paper (an id first in the text, else the `paper` option, else the paper whose
    post started this thread) and the question."""
    first, _, rest = arguments.strip().partition(" ")
    if first:
        try:
            arxiv_id, _version = parse_arxiv_id(first)
        except InvalidArxivId:
            pass
        else:
            return arxiv_id, rest.strip()
    implied = ctx.invocation.option("paper")
    if implied:
        try:
            return parse_arxiv_id(implied)[0], arguments.strip()
        except InvalidArxivId:
            pass
    thread = ctx.invocation.option("thread")
    if thread:
        found = await asker.papers_of_thread(thread)
        if len(found) == 1:
            return found[0], arguments.strip()
        if found:
            listed = ", ".join(found[:10]) + (", …" if len(found) > 10 else "")
            raise UsageError(
                f"This thread has {len(found)} papers ({listed}): put the one you mean first",
                f"{PREFIX} ask {found[0]} {safe_echo(arguments.strip(), 60)}",
            )
        raise UsageError("This thread is not about one paper: say which, by its id", ASK_EXAMPLE)
    if not first:
        raise UsageError("ask needs an arXiv id and a question", ASK_EXAMPLE)
    raise UsageError(f"{safe_echo(first)!r} is not an arXiv id; ask needs one first", ASK_EXAMPLE)


def answer_message(answer: Answer) -> OutboundMessage:
    """The answer as neutral blocks: the paper, the question, the lead, the written answer
    (LLM) and each quoted passage with its section linked to its anchor."""
    url = f"https://arxiv.org/abs/{answer.arxiv_id}"
    question = safe_echo(answer.question, QUESTION_ECHO)
    blocks: list[Header | Text] = [
        Header(answer.title or answer.arxiv_id, url=url),
        Text.plain(question, label="Question"),
        Text((Span(answer.lead, italic=True),)),
    ]
    fallback = [f"{answer.title} <{url}>", f"Question: {question}", answer.lead]
    if answer.producer is AnswerProducer.LLM and answer.text:
        blocks.append(Text.plain(safe_echo(answer.text, 2000), label="Answer"))
        fallback.append(answer.text)
    for c in answer.citations:
        quote = safe_echo(c.text, QUOTE_ECHO)
        blocks.append(
            Text(
                (Span(f"[{c.number}] "), Span(c.section, bold=True, url=c.url), Span(f": {quote}"))
            )
        )
        fallback.append(f"[{c.number}] {c.section} <{c.url}>: {quote}")
    return OutboundMessage(blocks=tuple(blocks), fallback="\n\n".join(fallback))


async def ask(ctx: Context, arguments: str) -> CommandReply:
    """Ask a paper a question: the answer quotes its passages, linked to their sections."""
    asker = ctx.deps.asker
    if asker is None:
        return reply("Questions about papers are not set up on this bot.")
    arxiv_id, question = await _paper_and_question(ctx, asker, arguments)
    if not question:
        raise UsageError(f"ask needs a question after the id {arxiv_id}", ASK_EXAMPLE)
    store, inv = ctx.deps.store, ctx.invocation
    if await store.get_paper(arxiv_id) is None and ctx.deps.fetch_paper is not None:
        try:
            paper = await ctx.deps.fetch_paper(arxiv_id)
        except SourceError:
            paper = None  # the answer below says the paper is not here
        if paper is not None:
            await store.upsert_papers([paper], ctx.now)
    asking = Asking(
        reader=f"{inv.platform}:{inv.workspace}:{inv.user}",
        channel=f"{inv.platform}:{inv.workspace}:{inv.channel}",
    )
    try:
        answer = await asker.ask(arxiv_id, question, asking)
    except AskRefused as exc:
        return reply(str(exc))
    in_thread = bool(inv.option("thread"))
    return CommandReply(answer_message(answer), ephemeral=not in_thread)


__all__ = ["ASK_EXAMPLE", "answer_message", "ask"]
