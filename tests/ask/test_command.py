"""`/paper ask` through the real dispatcher: the answer quotes the paper's passages with
links to their anchors; in a paper's thread the paper is implied and the answer is posted
there; everything that cannot be answered gets a clear, inert reply."""

from __future__ import annotations

from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from bot.model import CommandInvocation, OutboundMessage, Span, Text, message_to_dict
from storage import SqlStore
from storage.records import DeliveryKind, NewDelivery, delivery_key
from tests.ask.conftest import BARE_ID, CAM_ID, MakeAsker


def invocation(arguments: str, *options: tuple[str, str]) -> CommandInvocation:
    return CommandInvocation(
        "slack", "T1", "C1", "U1", False, "ask", arguments=arguments, options=options
    )


def dispatcher(papers: SqlStore, clock: FrozenClock, make_asker: MakeAsker) -> Dispatcher:
    return Dispatcher(CommandDeps(store=papers, clock=clock, config=Config(), asker=make_asker()))


async def test_the_answer_quotes_passages_linked_to_their_anchors_only_to_the_asker(
    papers: SqlStore, clock: FrozenClock, make_asker: MakeAsker
) -> None:
    reply = await dispatcher(papers, clock, make_asker)(
        invocation(f"{CAM_ID} How big is the latest archive?")
    )
    assert reply.ephemeral  # asked outside a paper's thread
    links = [
        span
        for block in reply.message.blocks
        if isinstance(block, Text)
        for span in block.spans
        if span.url
    ]
    assert links[0] == Span(
        "2 Methodology", bold=True, url=f"https://arxiv.org/html/{CAM_ID}v1#S2.p3"
    )
    assert "2.2Gb" in reply.message.fallback
    assert "Good match: the best 3 passages of the full text" in reply.message.fallback


async def test_in_a_papers_thread_the_paper_is_implied_and_the_answer_goes_to_the_thread(
    papers: SqlStore, clock: FrozenClock, make_asker: MakeAsker
) -> None:
    reply = await dispatcher(papers, clock, make_asker)(
        invocation("How many repositories are fetched?", ("paper", CAM_ID), ("thread", "1.2"))
    )
    assert not reply.ephemeral
    assert f"https://arxiv.org/html/{CAM_ID}v1#S2.p2" in reply.message.fallback


async def test_a_mention_in_the_question_is_echoed_inert(
    papers: SqlStore, clock: FrozenClock, make_asker: MakeAsker
) -> None:
    reply = await dispatcher(papers, clock, make_asker)(
        invocation(f"{CAM_ID} @everyone <!channel> how big is the latest archive?")
    )
    text = reply.message.fallback
    assert "@everyone" not in text
    assert "<!channel>" not in text
    assert "@\u200beveryone" in text  # still readable, no longer a mention


async def test_what_cannot_be_answered_gets_a_clear_reply(
    papers: SqlStore, clock: FrozenClock, make_asker: MakeAsker
) -> None:
    ask = dispatcher(papers, clock, make_asker)
    replies = {
        "unknown paper": await ask(invocation("2501.99999 what is it about?")),
        "no question": await ask(invocation(CAM_ID)),
        "no id": await ask(invocation("what is it about?")),
        "empty": await ask(invocation("")),
        "5,000 characters": await ask(invocation(f"{CAM_ID} " + "why " * 1250)),
        "600 characters": await ask(invocation(f"{CAM_ID} " + "why " * 150)),
    }
    texts = {name: r.message.fallback for name, r in replies.items()}
    assert texts["unknown paper"].startswith("Paper 2501.99999 is not stored here")
    assert texts["no question"] == (
        f"ask needs a question after the id {CAM_ID}. Example: "
        "`/paper ask 2403.17887 which datasets do they evaluate on?`"
    )
    assert texts["no id"].startswith("'what' is not an arXiv id")
    assert texts["empty"].startswith("ask needs an arXiv id and a question")
    assert texts["5,000 characters"].startswith("That is 5,011 characters long")
    assert texts["600 characters"] == "That question is 599 characters long; ask in at most 500."
    assert all(r.ephemeral for r in replies.values())


async def test_in_the_thread_of_a_papers_post_the_paper_is_the_posts(
    papers: SqlStore, clock: FrozenClock, make_asker: MakeAsker
) -> None:
    key = delivery_key(DeliveryKind.POST, "slack:C1", CAM_ID)
    payload = message_to_dict(OutboundMessage.text("the review"))
    await papers.enqueue(
        [NewDelivery(key, "slack", "C1", DeliveryKind.POST, payload, paper_id=CAM_ID)], clock.now()
    )
    delivery = await papers.get_delivery(key)
    assert delivery is not None
    await papers.mark_sent(delivery.id, "1700000000.000200", clock.now())
    ask = dispatcher(papers, clock, make_asker)
    reply = await ask(invocation("How big is the latest archive?", ("thread", "1700000000.000200")))
    assert not reply.ephemeral
    assert f"https://arxiv.org/html/{CAM_ID}v1#S2.p3" in reply.message.fallback
    other = await ask(invocation("How big is it?", ("thread", "1700000000.000999")))
    assert other.message.fallback.startswith("This thread is not about one paper")


async def test_in_a_digests_thread_the_reader_is_asked_which_of_its_papers(
    papers: SqlStore, clock: FrozenClock, make_asker: MakeAsker
) -> None:
    header = delivery_key(DeliveryKind.DIGEST, "slack:C1", "2026-03-04")
    payload = message_to_dict(OutboundMessage.text("today's papers"))
    items = [NewDelivery(header, "slack", "C1", DeliveryKind.DIGEST, payload)]
    for paper in (CAM_ID, BARE_ID):
        key = delivery_key(DeliveryKind.POST, "slack:C1", paper)
        items.append(
            NewDelivery(
                key, "slack", "C1", DeliveryKind.THREAD, payload, paper_id=paper, parent_key=header
            )
        )
    await papers.enqueue(items, clock.now())
    delivery = await papers.get_delivery(header)
    assert delivery is not None
    await papers.mark_sent(delivery.id, "1700000000.000100", clock.now())
    reply = await dispatcher(papers, clock, make_asker)(
        invocation("how big is it?", ("thread", "1700000000.000100"))
    )
    assert reply.ephemeral
    assert reply.message.fallback == (
        f"This thread has 2 papers ({CAM_ID}, {BARE_ID}): put the one you mean first. "
        f"Example: `/paper ask {CAM_ID} how big is it?`"
    )
