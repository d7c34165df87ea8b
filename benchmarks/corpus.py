# ruff: noqa: SIM905  (word lists are written as "a b c".split())
"""A deterministic synthetic corpus of `bot.model.Paper`s with a realistic vocabulary.

    from benchmarks.corpus import papers, batches, queries
    for batch in batches(100_000, size=1_000):        # lists of Paper, ids in order
        ...
    queries(200)                                      # search texts drawn like real ones

Words follow a Zipf law (a few terms are everywhere, most are rare), mixing ML/CS terms
(including hyphenated and symbolic ones: `self-attention`, `GPT-4`, `C++`) with common
English words. Titles follow the usual patterns, abstracts have 5-10 sentences (~150
words), 1-8 authors from a Zipf-popular pool, a primary arXiv category plus cross-lists,
new-style ids (`2401.00001`) in order, and published dates ~600 papers a day.
Paper `i` is the same whatever `n` or batch size is asked (each block of 1,000 has its
own seeded generator), so a corpus of 10k is the first 10k of the corpus of 1M.
About 0.1 ms per paper on one core: 1M papers in under two minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from typing import Any

import numpy as np

from bot.model import Link, Paper

BLOCK = 1_000
START = dt.datetime(2023, 1, 2, 14, 0, tzinfo=dt.UTC)
PER_DAY = 600

TERMS = """
transformer attention self-attention language model diffusion reinforcement learning graph neural
network embedding retrieval benchmark fine-tuning pretraining GPT-4 LLM tokenizer contrastive
representation generative adversarial variational autoencoder convolution segmentation detection
classification regression optimization gradient descent stochastic convergence kernel sparse
quantization pruning distillation federated privacy robustness adversarial uncertainty calibration
Bayesian inference sampling Monte Carlo Markov policy reward agent planning reasoning
chain-of-thought prompting instruction alignment RLHF preference multimodal vision-language image
video audio speech translation summarization question answering knowledge graph ontology
recommendation ranking search index compression scaling law mixture-of-experts routing latency
throughput memory GPU CUDA C++ compiler kernel-fusion hardware accelerator FPGA edge device energy
efficiency dataset annotation synthetic data augmentation curriculum meta-learning few-shot
zero-shot transfer domain adaptation continual lifelong catastrophic forgetting interpretability
explanation saliency causal counterfactual fairness bias toxicity safety jailbreak red-teaming
watermark hallucination factuality retrieval-augmented RAG long-context positional encoding RoPE
state-space Mamba recurrent LSTM point cloud 3D NeRF Gaussian splatting rendering pose estimation
tracking SLAM robotics manipulation locomotion control trajectory simulation sim-to-real protein
molecule drug discovery materials climate weather forecasting time series anomaly clustering
dimensionality reduction manifold topology spectral eigenvalue theorem bound generalization
overparameterization double descent lottery ticket
""".split()

WORDS = """
the of and to in a is that for we on with as by this are our an be from which at it can results
show method approach propose paper performance data models based using new two also than these
such both more while however however each between over into its their experiments across tasks
several existing prior state art significantly improves demonstrate effective simple novel
framework study problem challenging important large small efficient accurate robust scalable
general specific standard popular recent analysis evaluation training test set settings baselines
compared outperforms achieves competitive strong weak first second finally further moreover thus
therefore often rarely address introduce present investigate explore develop design provide obtain
observe find evidence theory practice empirical theoretical formal insight understanding behavior
structure information signal noise error loss objective function parameters layers architecture
component module mechanism process step stage pipeline system tool code source open available
public release community researchers practitioners users humans
""".split()

NAMES_FIRST = """
Wei Li Jun Yan Ming Xin Hao Jie Lei Yu Anna Maria David Michael Sarah John Laura Thomas Daniel
Emma Lucas Sofia Ahmed Fatima Omar Priya Rahul Arjun Ananya Kenji Yuki Hiroshi Min-jun Seo-yeon
Ji-woo Olga Ivan Dmitri Elena Pierre Camille Hans Greta Marco Giulia Carlos Lucia Jose Ana Noah
Olivia Ethan Ava Chen Lin Zhang Ali Sara Yusuf Leila
""".split()
NAMES_LAST = """
Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He Kim Lee Park Choi Jung
Kang Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Taylor Moore Jackson Martin Thompson White Müller Schmidt Schneider
Fischer Weber Dubois Moreau Rossi Russo Ferrari Ivanov Petrov Sato Suzuki Takahashi Tanaka Patel
Sharma Singh Kumar Gupta Nguyen Tran Silva Santos
""".split()

CATEGORIES = """
cs.LG cs.CV cs.CL cs.AI stat.ML cs.RO cs.IR cs.CR cs.NE cs.SE cs.DC cs.HC cs.SD eess.AS eess.IV
eess.SP cs.MA cs.GT cs.DS cs.IT math.OC math.ST q-bio.QM physics.comp-ph cs.DB
""".split()

TITLE_PATTERNS = (
    "{A} {T} for {T} {T}|{T} {T}: {A} {T} with {T}|Towards {A} {T} {T}|"
    "On the {W} of {T} in {T} {T}|{T}-{T}: {A} {T} via {T}|Learning {T} {T} from {T}|"
    "{A} and {A} {T} for {T}|"
    "When {T} meets {T}: {A} {T}|Rethinking {T} for {A} {T}|{T} is all you need for {T}"
).split("|")
ADJECTIVES = """Efficient Scalable Robust Simple Unified Adaptive Sparse Fast Provable
Self-Supervised""".split()
OPENERS = (
    "We propose|In this paper we study|We introduce|Recent work on {T} has shown|"
    "Our method combines|Experiments on {T} show that|We further analyze|"
    "Unlike prior {T} methods,|Code and data for|Finally, we discuss"
).split("|")
PREFIXES = "Meta Hyper Graph Neuro Flash Deep Sparse Mono Omni Vision Speech Code Math Bio".split()
ROOTS = "Former Net Flow GAN BERT Diff Mamba Gen Bench Agent Align Mix Fusion NeRF Seg".split()
SYLLABLES = "ka lo mi ra ve to su ne di por al en tri gon sel mar vik ur es ban".split()
TERM_SHARE = 0.3  # of abstract tokens that are field terms (the rest: English words)
TOPICS = 40  # each paper has one; a topic reorders which terms are frequent


def _zipf_weights(n: int, exponent: float = 1.0) -> np.ndarray:
    weights: np.ndarray = np.arange(1, n + 1, dtype=np.float64) ** -exponent
    normalised: np.ndarray = weights / weights.sum()
    return normalised


@cache
def _vocabulary() -> tuple[np.ndarray, int]:
    """(every token: field terms first, then English words; how many are terms).

    Beyond the hand-written lists, a long tail like real text: model names built from
    parts (`GraphFormer`, `FlashDiff`) and rare pseudo-words (`kalomi`, `venetri`)."""
    terms = TERMS + [p + r for p in PREFIXES for r in ROOTS]
    rare = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:8]]
    return np.array(terms + WORDS + rare, dtype=object), len(terms)


@cache
def _tables(seed: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per pool: (token index per rank, cumulative Zipf probabilities of the ranks)."""
    vocab, n_terms = _vocabulary()
    n_words = len(vocab) - n_terms
    n_common = len(WORDS)
    words = np.concatenate(
        [0.95 * _zipf_weights(n_common, 1.05), 0.05 * _zipf_weights(n_words - n_common, 0.5)]
    )
    mixed = np.concatenate([TERM_SHARE * _zipf_weights(n_terms), (1 - TERM_SHARE) * words])
    pools = {
        "token": mixed,
        "term": np.concatenate([_zipf_weights(n_terms), np.zeros(n_words)]),
        "topic": _zipf_weights(TOPICS, 0.7),
        "first": _zipf_weights(len(NAMES_FIRST), 0.8),
        "last": _zipf_weights(len(NAMES_LAST), 0.8),
        "category": _zipf_weights(len(CATEGORIES), 1.2),
    }
    return {name: (np.arange(len(w)), np.cumsum(w)) for name, w in pools.items()}


@cache
def _topic_terms(seed: int) -> np.ndarray:
    """[topic, rank] -> term index: each topic ranks the field terms in its own order
    (the hand-written terms always above the rarer built model names)."""
    _, n_terms = _vocabulary()
    rng = np.random.default_rng([seed, 104729])
    common, rare = len(TERMS), n_terms - len(TERMS)
    rows = [
        np.concatenate([rng.permutation(common), common + rng.permutation(rare)])
        for _ in range(TOPICS)
    ]
    return np.stack(rows)


SLOTS = {"token": 220, "term": 24, "first": 8, "last": 8, "category": 3, "uniform": 64}


class _Draws:
    """All the random choices of one block, drawn in bulk; paper k reads its own slots."""

    def __init__(self, rng: np.random.Generator, papers: int, seed: int) -> None:
        vocab, n_terms = _vocabulary()
        tables = _tables(seed)

        def ranks(name: str, count: int) -> np.ndarray:
            values, cdf = tables[name]
            picks = np.searchsorted(cdf, rng.random(count) * cdf[-1])
            chosen: np.ndarray = values[np.minimum(picks, len(values) - 1)]
            return chosen

        topics = ranks("topic", papers)
        by_topic = _topic_terms(seed)
        self._pools: dict[str, list[Any]] = {}
        for name in ("token", "term"):
            drawn = ranks(name, papers * SLOTS[name])
            topic = np.repeat(topics, SLOTS[name])
            mapped = np.where(
                drawn < n_terms, by_topic[topic, np.minimum(drawn, n_terms - 1)], drawn
            )
            self._pools[name] = vocab[mapped].tolist()
        for name, values in (
            ("first", NAMES_FIRST),
            ("last", NAMES_LAST),
            ("category", CATEGORIES),
        ):
            self._pools[name] = [values[i] for i in ranks(name, papers * SLOTS[name])]
        self._pools["uniform"] = rng.random(papers * SLOTS["uniform"]).tolist()
        self._at = dict.fromkeys(self._pools, 0)

    def start_paper(self, k: int) -> None:
        self._at = {name: k * SLOTS[name] for name in self._pools}

    def take(self, name: str, count: int = 1) -> list[Any]:
        start = self._at[name]
        self._at[name] = start + count
        return self._pools[name][start : start + count]

    def below(self, n: int) -> int:
        """A uniform integer in [0, n)."""
        at = self._at["uniform"]
        self._at["uniform"] = at + 1
        return int(self._pools["uniform"][at] * n)


def arxiv_id(index: int) -> str:
    """The i-th synthetic id: 2301.00001 ... (at most 99,999 a month, then the next month)."""
    month = index // 99_999
    year, mon = 23 + month // 12, month % 12 + 1
    return f"{year:02d}{mon:02d}.{index % 99_999 + 1:05d}"


@cache
def _pattern(pattern: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """ "a {T} b" -> ("a ", (("T", " b"),))."""
    head, *parts = pattern.split("{")
    return head, tuple((part[0], part[2:]) for part in parts)


def _fill(pattern: str, draws: _Draws) -> str:
    head, slots = _pattern(pattern)
    if not slots:
        return head
    out = [head]
    for slot, rest in slots:
        if slot == "T":
            out.append(draws.take("term")[0])
        elif slot == "A":
            out.append(ADJECTIVES[draws.below(len(ADJECTIVES))])
        else:
            out.append(draws.take("token")[0])
        out.append(rest)
    return "".join(out)


def _sentence(draws: _Draws) -> str:
    opener = _fill(OPENERS[draws.below(len(OPENERS))], draws)
    return f"{opener} {' '.join(draws.take('token', 10 + draws.below(12)))}."


def _block(block: int, seed: int) -> list[Paper]:
    draws = _Draws(np.random.default_rng([seed, block]), BLOCK, seed)
    result: list[Paper] = []
    for offset in range(BLOCK):
        draws.start_paper(offset)
        index = block * BLOCK + offset
        title = _fill(TITLE_PATTERNS[draws.below(len(TITLE_PATTERNS))], draws)
        abstract = " ".join(_sentence(draws) for _ in range(5 + draws.below(6)))
        count = 1 + draws.below(8)
        firsts, lasts = draws.take("first", 8)[:count], draws.take("last", 8)[:count]
        authors = tuple(f"{f} {s}" for f, s in zip(firsts, lasts, strict=True))
        cats = tuple(dict.fromkeys(draws.take("category", 3)[: 1 + draws.below(3)]))
        published = START + dt.timedelta(seconds=index * 86_400 // PER_DAY)
        identifier = arxiv_id(index)
        result.append(
            Paper(
                arxiv_id=identifier,
                title=title[0].upper() + title[1:],
                abstract=abstract,
                version=1 + draws.below(3),
                authors=authors,
                categories=cats,
                primary_category=cats[0],
                published=published,
                updated=published,
                links=(Link("abs", f"https://arxiv.org/abs/{identifier}"),),
                sources=frozenset({"arxiv"}),
            )
        )
    return result


def papers(n: int, *, seed: int = 0, start: int = 0) -> Iterator[Paper]:
    """Papers `start` .. `start + n - 1` of the corpus for `seed`."""
    end = start + n
    for block in range(start // BLOCK, (end + BLOCK - 1) // BLOCK):
        for offset, paper in enumerate(_block(block, seed)):
            if start <= block * BLOCK + offset < end:
                yield paper


def batches(n: int, *, size: int = BLOCK, seed: int = 0, start: int = 0) -> Iterator[list[Paper]]:
    """`papers(n)` in lists of `size`."""
    batch: list[Paper] = []
    for paper in papers(n, seed=seed, start=start):
        batch.append(paper)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def queries(n: int, *, seed: int = 1) -> list[str]:
    """Search texts like users type: 1-3 terms, popular ones more often."""
    draws = _Draws(np.random.default_rng([seed, 7919]), n, 0)
    found = []
    for k in range(n):
        draws.start_paper(k)
        found.append(" ".join(dict.fromkeys(draws.take("term", 1 + draws.below(3)))))
    return found
