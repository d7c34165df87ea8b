"""Topic matching finds exactly what the same search finds in the real SQLite store."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from bot.matching import TopicIndex, document_frequencies, match_naive
from bot.model import DeliveryMode, Owner, Paper, Subscription
from bot.query import QueryError, format_query, parse_query
from bot.textindex import Analyzer
from storage import SqlStore

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
WORDS_TEXT = """
model models modeling modelled learn learning learned learner attention attentive attend
diffusion diffuse graph graphs graphical network networks networking robot robots robotic
robotics policy policies optimal optimization optimize state space spaces sparse sparsity
transformer transformers transform language languages vision visual generalization
generalize general reasoning reason agent agents agentic scaling scale scalable self
supervised supervision contrastive token tokens tokenization privacy private federated
medical image images segmentation
"""
WORDS = WORDS_TEXT.split()
AUTHORS = ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Yann LeCun", "Fei-Fei Li",
           "Geoffrey Hinton", "Tri Dao", "Albert Gu")  # fmt: skip
CATEGORIES = ("cs.LG", "cs.CL", "cs.CV", "cs.RO", "stat.ML", "cs.AI")


def corpus(rng: random.Random, size: int) -> list[Paper]:
    papers = []
    for i in range(size):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).title()
        abstract = ". ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12))) for _ in range(3)
        )
        if rng.random() < 0.3:
            abstract += " We use self-attention and GPT-4."
        papers.append(
            Paper(
                arxiv_id=f"2501.{i:05d}",
                title=title,
                abstract=abstract,
                authors=tuple(rng.sample(AUTHORS, rng.randint(1, 3))),
                categories=tuple(rng.sample(CATEGORIES, rng.randint(1, 2))),
                published=NOW - dt.timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23)),
            )
        )
    return papers


def random_topic(rng: random.Random, papers: list[Paper]) -> str:
    parts: list[str] = []
    paper = rng.choice(papers)
    words = paper.abstract.replace(".", "").split()
    for _ in range(rng.randint(0, 2)):
        parts.append(rng.choice(WORDS))
    if rng.random() < 0.4:
        start = rng.randrange(len(words) - 2)
        parts.append('"' + " ".join(words[start : start + rng.randint(2, 3)]) + '"')
    if rng.random() < 0.2:
        parts.append(rng.choice(["self-attention", "GPT-4", "gpt"]))
    if rng.random() < 0.3:
        parts.append("-" + rng.choice([*WORDS, "self-attention", '"gpt 4"']))
    if rng.random() < 0.3:
        parts.append("cat:" + rng.choice(CATEGORIES))
    if rng.random() < 0.2:
        name = rng.choice(AUTHORS)
        start = rng.randrange(len(name) - 3)
        parts.append(f'au:"{name[start : start + rng.randint(3, 8)].lower()}"')
    if rng.random() < 0.2:
        parts.append(f"since:{(NOW - dt.timedelta(days=rng.randint(1, 50))).date()}")
    if rng.random() < 0.1:
        parts.append(f"before:{(NOW - dt.timedelta(days=rng.randint(1, 50))).date()}")
    if not parts:
        parts.append(rng.choice(WORDS))
    return " ".join(parts)


def subscriptions(topics: list[str]) -> list[Subscription]:
    owner = Owner("console", "local", "u")
    return [Subscription(i, owner, t, DeliveryMode.DAILY, NOW) for i, t in enumerate(topics, 1)]


async def test_topics_match_exactly_what_search_finds(
    store: SqlStore, request: pytest.FixtureRequest
) -> None:
    if store.dialect == "postgresql":  # strict: the day they agree, this test says so
        request.applymarker(
            pytest.mark.xfail(
                strict=True,
                reason="PostgreSQL's 'english' parser and Snowball stems are not the index's "
                'unicode61 + Porter (the phrase "gpt 4" misses GPT-4 there): the plan '
                "is in benchmarks/README.md (search)",
            )
        )
    rng = random.Random(7)
    papers = corpus(rng, 250)
    await store.upsert_papers(papers, NOW)
    topics: list[str] = []
    while len(topics) < 120:
        try:
            topics.append(format_query(parse_query(random_topic(rng, papers))))
        except QueryError:
            continue
    subs = subscriptions(topics)
    found = TopicIndex(subs).match(papers)
    by_subscription: dict[int, set[str]] = {s.id: set() for s in subs}
    for paper_id, ids in found.items():
        for sid in ids:
            by_subscription[sid].add(paper_id)
    nonempty = 0
    for sub in subs:
        hits = await store.search(parse_query(sub.query), limit=1000)
        expected = {hit.paper.arxiv_id for hit in hits}
        assert by_subscription[sub.id] == expected, sub.query
        nonempty += bool(expected)
    assert nonempty > 60  # the comparison is not vacuous


def test_index_agrees_with_the_naive_loop_and_shares_identical_topics() -> None:
    rng = random.Random(11)
    papers = corpus(rng, 200)
    topics = [random_topic(rng, papers) for _ in range(300)]
    topics = [t for t in topics if _valid(t)]
    topics += ["Models  attention", "attention model", "modeling attentive"]  # one stemmed topic
    analyzer = Analyzer()
    subs = subscriptions([format_query(parse_query(t)) for t in topics])
    index = TopicIndex(subs, doc_freq=document_frequencies(papers[:50], analyzer))
    assert index.match(papers) == match_naive(subs, index.documents(papers), analyzer)
    assert index.topic_count < len(subs)
    shared = [ids for ids in index.subscribers.values() if len(ids) >= 3]
    assert shared, "identical topics (after stemming) share one entry"


def test_phrases_need_adjacent_words_in_one_field() -> None:
    paper = Paper("2501.00001", "State of the art", "The space of models.", authors=("A B",))
    subs = subscriptions(['"state space"', '"art the"', '"state of the"', "state space"])
    assert TopicIndex(subs).match([paper]) == {"2501.00001": {3, 4}}


def test_stored_topics_that_no_longer_parse_are_skipped() -> None:
    subs = subscriptions(['"unclosed', "model"])
    index = TopicIndex(subs)
    assert index.invalid == [1]
    paper = Paper("2501.00001", "A model", "")
    assert index.match([paper]) == {"2501.00001": {2}}


def _valid(text: str) -> bool:
    try:
        parse_query(text)
    except QueryError:
        return False
    return True
