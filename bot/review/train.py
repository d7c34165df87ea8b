"""Train (and evaluate) the sentence-role model on CSAbstruct.

    python -m bot.review.train --data ../shared/data/csabstruct

writes bot/review/data/roles.npz and prints dev/test accuracy (--data defaults to
$CSABSTRUCT_DIR, else ../shared/data/csabstruct beside the checkout). CSAbstruct
(Cohan et al., EMNLP 2019; Apache-2.0) is read from outside the project and never copied
into it; see bot/review/data/NOTICE.
The model: multinomial logistic regression (numpy, full-batch Adam, L2) on word and
position features, then Viterbi decoding over role transitions counted on the train split.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.review.roles import FEATURIZERS, LABELS, ROLE_SECTIONS, RoleClassifier, RoleModel

DATA_ENV = "CSABSTRUCT_DIR"  # not PAPERBOY_*: those are configuration keys
DEFAULT_OUT = Path(__file__).parent / "data" / "roles.npz"
# recent (June 2025) arXiv ML abstracts labelled for this project: CSAbstruct (2019 and
# earlier) does not carry over to today's abstracts alone; see bot/review/data/NOTICE
RECENT_TRAIN = Path(__file__).parent / "data" / "recent_train.jsonl"
RECENT_REPEAT = 3  # each recent abstract counts three times beside CSAbstruct's 1,668


@dataclass(frozen=True)
class Abstract:
    sentences: list[str]
    labels: list[str]


def find_data_dir(environ: Mapping[str, str], repo: Path | None = None) -> Path | None:
    """`$CSABSTRUCT_DIR`, else `../shared/data/csabstruct` beside the checkout."""
    if environ.get(DATA_ENV):
        return Path(environ[DATA_ENV])
    repo = repo or Path(__file__).resolve().parents[2]
    for candidate in (repo.parent / "shared" / "data" / "csabstruct",):
        if (candidate / "train.jsonl").is_file():
            return candidate
    return None


def load_split(data_dir: Path, split: str) -> list[Abstract]:
    abstracts = []
    with (data_dir / f"{split}.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                raw = json.loads(line)
                abstracts.append(Abstract(list(raw["sentences"]), list(raw["labels"])))
    return abstracts


def load_labelled(path: Path) -> list[Abstract]:
    """Abstracts labelled in the house's roles (JSON lines with `sentences` and `labels`);
    `significance` is a `result` to the model, which the producer tells apart."""
    abstracts = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                raw = json.loads(line)
                labels = ["result" if x == "significance" else x for x in raw["labels"]]
                abstracts.append(Abstract(list(raw["sentences"]), labels))
    return abstracts


def fit(
    abstracts: Sequence[Abstract],
    *,
    featurizer: str = "full",
    l2: float = 1e-3,
    epochs: int = 100,
    min_count: int = 2,
    transition_weight: float = 0.5,
) -> RoleModel:
    """A `RoleModel` trained on `abstracts` (deterministic)."""
    featurize = FEATURIZERS[featurizer]
    rows = [row for a in abstracts for row in featurize(a.sentences)]
    counts = Counter(f for row in rows for f in row)
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    index = {label: i for i, label in enumerate(LABELS)}
    targets = np.array([index[label] for a in abstracts for label in a.labels])
    flat = [[vocab[f] for f in row if f in vocab] for row in rows]
    columns = np.array([c for row in flat for c in row], dtype=np.int64)
    owners = np.repeat(np.arange(len(flat)), [len(row) for row in flat])
    starts = np.concatenate([[0], np.cumsum([len(row) for row in flat])[:-1]])
    weights, bias = _adam(columns, owners, starts, targets, len(vocab), l2=l2, epochs=epochs)
    start, transitions = _transitions(abstracts, index)
    return RoleModel(
        vocab=vocab,
        weights=weights,
        bias=bias,
        start=start,
        transitions=transitions,
        transition_weight=transition_weight,
        featurizer=featurizer,
    )


def _adam(
    columns: np.ndarray,
    owners: np.ndarray,
    starts: np.ndarray,
    targets: np.ndarray,
    features: int,
    *,
    l2: float,
    epochs: int,
    rate: float = 0.05,
) -> tuple[np.ndarray, np.ndarray]:
    n, k = len(targets), len(LABELS)
    params = np.zeros((features + 1, k), dtype=np.float64)  # the last row is the bias
    moment, velocity = np.zeros_like(params), np.zeros_like(params)
    onehot = np.eye(k)[targets]
    for step in range(1, epochs + 1):
        scores = np.add.reduceat(params[columns], starts, axis=0) + params[-1]
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        delta = (probs - onehot) / n
        spread = delta[owners]
        grad = np.empty_like(params)
        for label in range(k):  # bincount: a scatter-add far faster than np.add.at
            grad[:-1, label] = np.bincount(columns, spread[:, label], minlength=features)
        grad[-1] = delta.sum(axis=0)
        grad[:-1] += l2 * params[:-1]
        moment = 0.9 * moment + 0.1 * grad
        velocity = 0.999 * velocity + 0.001 * grad**2
        corrected = moment / (1 - 0.9**step)
        params -= rate * corrected / (np.sqrt(velocity / (1 - 0.999**step)) + 1e-8)
    return params[:-1].astype(np.float32), params[-1].astype(np.float32)


def _transitions(
    abstracts: Sequence[Abstract], index: Mapping[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    k = len(index)
    start = np.ones(k)  # add-one smoothing
    pairs = np.ones((k, k))
    for abstract in abstracts:
        ids = [index[label] for label in abstract.labels]
        if ids:
            start[ids[0]] += 1
        for a, b in itertools.pairwise(ids):
            pairs[a, b] += 1
    log_start = np.log(start / start.sum()).astype(np.float32)
    log_pairs = np.log(pairs / pairs.sum(axis=1, keepdims=True)).astype(np.float32)
    return log_start, log_pairs


def evaluate(model: RoleClassifier, abstracts: Sequence[Abstract]) -> dict[str, float]:
    """Accuracy per sentence on the five roles, and on the house sections the roles map to
    (background and objective -> Key Problem; method -> Methodology; result -> Results and
    Significance, which CSAbstruct does not tell apart; other -> left out)."""
    right = right_sections = total = 0
    for abstract in abstracts:
        predicted = model.predict(abstract.sentences)
        for guess, gold in zip(predicted, abstract.labels, strict=True):
            total += 1
            right += guess == gold
            right_sections += ROLE_SECTIONS[guess] == ROLE_SECTIONS[gold]
    return {
        "sentence_accuracy": right / max(total, 1),
        "section_accuracy": right_sections / max(total, 1),
        "sentences": float(total),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the sentence-role model on CSAbstruct.")
    parser.add_argument("--data", type=Path, default=find_data_dir(os.environ))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--transition-weight", type=float, default=0.5)
    parser.add_argument("--recent", type=Path, default=RECENT_TRAIN, help="extra labelled data")
    parser.add_argument("--recent-repeat", type=int, default=RECENT_REPEAT)
    args = parser.parse_args(argv)
    if args.data is None or not (args.data / "train.jsonl").is_file():
        parser.error(f"no CSAbstruct data at {args.data} (set --data or ${DATA_ENV})")
    extra = load_labelled(args.recent) * args.recent_repeat if args.recent_repeat else []
    model = fit(
        load_split(args.data, "train") + extra,
        l2=args.l2,
        epochs=args.epochs,
        transition_weight=args.transition_weight,
    )
    for split in ("dev", "test"):
        print(split, json.dumps(evaluate(model, load_split(args.data, split))))
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, {len(model.vocab)} features)")


if __name__ == "__main__":
    main()
