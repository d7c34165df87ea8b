"""The rhetorical role of each sentence of an abstract.

`RoleModel` is a multinomial logistic regression over the features of
`bot.review.features`, decoded over the whole abstract with a Viterbi pass over learned
role transitions (background comes before objective, method before result). Trained by
`python -m bot.review.train` on CSAbstruct; the weights ship in bot/review/data/.
`CueRoles` (cue phrases and position) is the fallback when the weights cannot be loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from bot.review.features import abstract_features, position_features

LABELS = ("background", "objective", "method", "result", "other")
WEIGHTS_FILE = "roles.npz"
# The house section each role fills; "other" (copyright lines, stray fragments) fills none.
# Results and Significance are both "result" sentences: the producer tells them apart.
ROLE_SECTIONS: Mapping[str, str | None] = MappingProxyType(
    {
        "background": "Key Problem",
        "objective": "Key Problem",
        "method": "Methodology",
        "result": "Results",
        "other": None,
    }
)
# a finding, whatever the words around it: a baseline beaten, a percentage, a gain "by" a
# number. Of the sentences the model gives to Key Problem or Methodology that match, on
# held-out data (recent abstracts 4 of 4, CSAbstruct test 1 of 1, dev 4 of 10) 9 of 15 are
# labelled result, so the model was right on at most 6; on CSAbstruct's training split,
# which the model was fit on, it is right on most (5 of 95 are result). "achieves" is no
# cue (12 of 13 such sentences of CSAbstruct test are background)
RESULT_CUE = re.compile(
    r"\b(outperform\w*|beats?|surpass\w*)\b|\d(\.\d+)?\s?%|"
    r"\b(improv|reduc|boost|increas|speed)\w*\b[^.;]{0,60}\bby\b\s+(about\s+|up to\s+)?\d",
    re.IGNORECASE,
)
Featurizer = Callable[[list[str]], list[list[str]]]
FEATURIZERS: Mapping[str, Featurizer] = MappingProxyType(
    {"full": abstract_features, "position": position_features}
)
FloatArray = npt.NDArray[np.float32]


class ModelError(Exception):
    """The role model's weights are missing or unreadable."""


class RoleClassifier(Protocol):
    def predict(self, sentences: list[str]) -> list[str]:
        """One label of `LABELS` per sentence."""
        ...


@runtime_checkable
class ScoresRoles(Protocol):
    labels: tuple[str, ...]

    def roles_and_marginals(self, sentences: list[str]) -> tuple[list[str], FloatArray]:
        """Each sentence's role, and the (sentences, labels) probability of every role."""
        ...


@dataclass(frozen=True)
class Scored:
    """A sentence's role, the house section it fills, and how sure the classifier is of
    that section (the probability of every role that fills it; 1.0 for cue rules)."""

    role: str
    section: str | None
    confidence: float


def score(classifier: RoleClassifier, sentences: list[str]) -> list[Scored]:
    """Each sentence's role, section and the classifier's confidence in that section."""
    if not sentences:
        return []
    if not isinstance(classifier, ScoresRoles):
        return [
            Scored(role, ROLE_SECTIONS.get(role), 1.0) for role in classifier.predict(sentences)
        ]
    roles, probabilities = classifier.roles_and_marginals(sentences)
    labels = classifier.labels
    result = []
    for sentence, role, row in zip(sentences, roles, probabilities, strict=True):
        section = ROLE_SECTIONS.get(role)
        if section in ("Key Problem", "Methodology") and RESULT_CUE.search(sentence):
            # a comparison won or a measured gain is a finding whatever the model says
            # (issue 22: "outperforms ..." under Key Problem); see RESULT_CUE
            result.append(Scored("result", "Results", 1.0))
            continue
        total = sum(
            float(p)
            for label, p in zip(labels, row, strict=True)
            if ROLE_SECTIONS.get(label) == section
        )
        result.append(Scored(role, section, total))
    return result


@dataclass(frozen=True, eq=False)
class RoleModel:
    vocab: Mapping[str, int]
    weights: FloatArray  # (features, labels)
    bias: FloatArray  # (labels,)
    start: FloatArray  # (labels,) log-probabilities of the first role
    transitions: FloatArray  # (labels, labels) log-probabilities of role -> next role
    transition_weight: float = 1.0
    featurizer: str = "full"
    labels: tuple[str, ...] = LABELS

    def indices(self, sentences: list[str]) -> list[list[int]]:
        feats = FEATURIZERS[self.featurizer](sentences)
        return [[self.vocab[f] for f in row if f in self.vocab] for row in feats]

    def log_probs(self, sentences: list[str]) -> FloatArray:
        """(sentences, labels) log-probabilities of each role, sentence by sentence."""
        rows = self.indices(sentences)
        scores = np.stack([self.weights[row].sum(axis=0) for row in rows]) + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        result: FloatArray = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
        return result

    def predict(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        return [self.labels[i] for i in self.decode(self.log_probs(sentences))]

    def marginals(self, sentences: list[str]) -> FloatArray:
        """(sentences, labels) probability of each role for each sentence, given the whole
        abstract (forward-backward over the same transitions the Viterbi pass uses)."""
        if not sentences:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return self._marginals(self.log_probs(sentences))

    def roles_and_marginals(self, sentences: list[str]) -> tuple[list[str], FloatArray]:
        """`predict` and `marginals` at once (the features are computed once)."""
        if not sentences:
            return [], self.marginals(sentences)
        log_probs = self.log_probs(sentences)
        roles = [self.labels[i] for i in self.decode(log_probs)]
        return roles, self._marginals(log_probs)

    def _marginals(self, log_probs: FloatArray) -> FloatArray:
        weight = self.transition_weight
        trans = weight * self.transitions
        forward = [log_probs[0] + weight * self.start]
        for row in log_probs[1:]:
            forward.append(_logsumexp(forward[-1][:, None] + trans, axis=0) + row)
        backward = [np.zeros(len(self.labels), dtype=np.float32)]
        for row in log_probs[:0:-1]:
            backward.append(_logsumexp(trans + (row + backward[-1])[None, :], axis=1))
        joint = np.stack(forward) + np.stack(backward[::-1])
        joint -= _logsumexp(joint, axis=1)[:, None]
        result: FloatArray = np.exp(joint).astype(np.float32)
        return result

    def decode(self, log_probs: FloatArray) -> list[int]:
        """The most likely role sequence (Viterbi) given per-sentence log-probabilities."""
        weight = self.transition_weight
        score = log_probs[0] + weight * self.start
        back: list[npt.NDArray[np.intp]] = []
        for row in log_probs[1:]:
            candidates = score[:, None] + weight * self.transitions  # (from, to)
            back.append(candidates.argmax(axis=0))
            score = candidates.max(axis=0) + row
        best = [int(score.argmax())]
        for pointers in reversed(back):
            best.append(int(pointers[best[-1]]))
        return best[::-1]

    def save(self, path: Path) -> None:
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        np.savez_compressed(
            path,
            vocab=np.array(names, dtype=np.str_),
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            start=self.start,
            transitions=self.transitions,
            transition_weight=np.array(self.transition_weight),
            featurizer=np.array(self.featurizer),
            labels=np.array(self.labels, dtype=np.str_),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> RoleModel:
        """The shipped weights (or those at `path`). Raises `ModelError`."""
        try:
            if path is None:
                with resources.as_file(resources.files("bot.review") / "data" / WEIGHTS_FILE) as p:
                    return cls._read(p)
            return cls._read(path)
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot load the role model weights: {exc}") from exc

    @classmethod
    def _read(cls, path: Path) -> RoleModel:
        with np.load(path, allow_pickle=False) as data:
            vocab = {str(name): i for i, name in enumerate(data["vocab"])}
            weights = data["weights"].astype(np.float32)
            if weights.shape != (len(vocab), len(data["labels"])):
                raise ValueError(f"weights of shape {weights.shape} for {len(vocab)} features")
            return cls(
                vocab=vocab,
                weights=weights,
                bias=data["bias"].astype(np.float32),
                start=data["start"].astype(np.float32),
                transitions=data["transitions"].astype(np.float32),
                transition_weight=float(data["transition_weight"]),
                featurizer=str(data["featurizer"]),
                labels=tuple(str(label) for label in data["labels"]),
            )


def _logsumexp(values: FloatArray, axis: int) -> FloatArray:
    top = values.max(axis=axis, keepdims=True)
    result: FloatArray = (np.log(np.exp(values - top).sum(axis=axis, keepdims=True)) + top).squeeze(
        axis
    )
    return result


_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("other", re.compile(r"copyright|©|all rights reserved|\bavailable at\b|https?://", re.I)),
    (
        "objective",
        re.compile(
            r"\b(in this (paper|work|study)|we (propose|present|introduce)|this paper)\b", re.I
        ),
    ),
    (
        "result",
        re.compile(
            r"\b(results?|experiments?|outperform\w*|achiev\w*|show(s|ed)? that|improv\w*|"
            r"demonstrat\w*|accuracy|state[- ]of[- ]the[- ]art)\b",
            re.I,
        ),
    ),
    (
        "method",
        re.compile(r"\b(we (use|train|design|develop|apply|model)|our (method|approach))\b", re.I),
    ),
)


class CueRoles:
    """The fallback: cue phrases, else position (first third background, then method)."""

    def predict(self, sentences: list[str]) -> list[str]:
        labels = []
        for index, sentence in enumerate(sentences):
            label = next((name for name, cue in _CUES if cue.search(sentence)), None)
            if label is None:
                third = index * 3 // max(len(sentences), 1)
                label = ("background", "method", "result")[third]
            labels.append(label)
        return labels


__all__ = [
    "LABELS",
    "RESULT_CUE",
    "ROLE_SECTIONS",
    "CueRoles",
    "ModelError",
    "RoleClassifier",
    "RoleModel",
    "Scored",
    "ScoresRoles",
    "score",
]
