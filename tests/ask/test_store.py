"""The answers role on SQLite and PostgreSQL: an answer cached per (paper version, question)
comes back whole; the questions ledger counts by reader, channel, day and LLM call."""

from __future__ import annotations

import datetime as dt

from bot.ask.model import Answer, AnswerProducer, Citation, Match
from bot.ask.ports import AnswerKey, Asked
from bot.model import Basis, OutboundMessage, message_to_dict
from storage import SqlStore
from storage.records import DeliveryKind, NewDelivery, delivery_key

NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
ANSWER = Answer(
    arxiv_id="2404.00001",
    version=2,
    title="CAM",
    question="How big is the latest archive?",
    lead="Good match: the best passage of the full text holds 80% of your question's key words.",
    text="It is 2.2Gb [1].",
    citations=(
        Citation(1, "2 Methodology", "S2.p3", "… is 2.2Gb. …", "https://arxiv.org/html/x#S2.p3"),
    ),
    basis=Basis.FULL_TEXT,
    producer=AnswerProducer.LLM,
    match=Match.STRONG,
)


async def test_an_answer_is_cached_per_paper_version_and_question(store: SqlStore) -> None:
    key = AnswerKey("2404.00001", 2, "how big is the latest archive")
    assert await store.get_answer(key) is None
    await store.save_answer(key, ANSWER, NOW)
    assert await store.get_answer(key) == ANSWER
    assert await store.get_answer(AnswerKey("2404.00001", 1, key.question)) is None
    replaced = Answer(**{**ANSWER.__dict__, "text": "", "producer": AnswerProducer.PASSAGES})
    await store.save_answer(key, replaced, NOW)
    assert await store.get_answer(key) == replaced


async def test_the_ledger_counts_questions_by_reader_channel_day_and_llm_call(
    store: SqlStore,
) -> None:
    yesterday = NOW - dt.timedelta(days=1)
    for at, reader, channel, llm in [
        (yesterday, "slack:T:U1", "slack:T:C1", True),
        (NOW, "slack:T:U1", "slack:T:C1", True),
        (NOW, "slack:T:U1", "slack:T:C2", False),
        (NOW, "slack:T:U2", "slack:T:C1", False),
    ]:
        producer = AnswerProducer.LLM if llm else AnswerProducer.PASSAGES
        await store.record_question(Asked(at, "2404.00001", reader, channel, producer, llm))
    midnight = NOW.replace(hour=0)
    assert await store.count_questions(midnight) == 3
    assert await store.count_questions(midnight, reader="slack:T:U1") == 2
    assert await store.count_questions(midnight, channel="slack:T:C1") == 2
    assert await store.count_questions(midnight, reader="slack:T:U1", channel="slack:T:C2") == 1
    assert await store.count_llm_answers(midnight) == 1


async def test_the_papers_of_a_post_are_found_by_the_posts_message_id(store: SqlStore) -> None:
    header = delivery_key(DeliveryKind.DIGEST, "slack:C1", "2026-03-04")
    payload = message_to_dict(OutboundMessage.text("a review"))
    sent = {header: "1700000000.000100"}
    items = [NewDelivery(header, "slack", "C1", DeliveryKind.DIGEST, payload)]
    for number, paper in enumerate(("2404.00002", "2404.00001"), 2):  # in the digest's thread
        key = delivery_key(DeliveryKind.POST, "slack:C1", paper)
        kind, parent = DeliveryKind.THREAD, header
        items.append(
            NewDelivery(key, "slack", "C1", kind, payload, paper_id=paper, parent_key=parent)
        )
        sent[key] = f"1700000000.00010{number}"
    post = delivery_key(DeliveryKind.POST, "slack:C2", "2404.00003")  # a post of its own
    items.append(
        NewDelivery(post, "slack", "C2", DeliveryKind.POST, payload, paper_id="2404.00003")
    )
    sent[post] = "1700000000.000200"
    await store.enqueue(items, NOW)
    for key, ts in sent.items():
        delivery = await store.get_delivery(key)
        assert delivery is not None
        await store.mark_sent(delivery.id, ts, NOW)
    assert await store.papers_of_post("1700000000.000200") == ["2404.00003"]
    assert await store.papers_of_post("1700000000.000102") == ["2404.00002"]
    assert await store.papers_of_post("1700000000.000100") == ["2404.00002", "2404.00001"]
    assert await store.papers_of_post("1700000000.000300") == []
