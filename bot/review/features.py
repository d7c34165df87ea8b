"""Features of a sentence in its abstract, for the rhetorical-role classifier.

Shared by training (bot/review/train.py) and prediction (bot/review/roles.py), so the two
can never drift apart. Each sentence becomes a list of feature names: its words and word
pairs, its opening words, its position in the abstract, and the opening words of its
neighbours (roles run in sequence: background, then objective, method, result).
"""

from __future__ import annotations

import itertools
import re

_VOICED = re.compile(r"\bthe authors\b|\btheir\b|\bthemselves\b|\bthem\b")
_UNVOICED = {"the authors": "we", "their": "our", "themselves": "ourselves", "them": "us"}


def _unvoice(match: re.Match[str]) -> str:
    return _UNVOICED[match.group(0)]


_TOKEN = re.compile(r"\$[^$]*\$|[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?|%")


def tokens(sentence: str) -> list[str]:
    """Lower-cased words; numbers become `0`, math becomes `$`. The house voice reads as
    the paper's own ("the authors" -> "we", "their" -> "our"), so a sentence is classified
    the same before and after `bot.review.voice` rewrote it."""
    found = []
    for token in _TOKEN.findall(_VOICED.sub(_unvoice, sentence.lower())):
        if token.startswith("$"):
            found.append("$")
        elif token[0].isdigit():
            found.append("0")
        else:
            found.append(token)
    return found


def _opening(words: list[str], count: int) -> str:
    return "_".join(words[:count]) if words else "<empty>"


def _bucket(value: int, edges: tuple[int, ...]) -> int:
    return sum(value > edge for edge in edges)


def abstract_features(sentences: list[str]) -> list[list[str]]:
    """One feature list per sentence of one abstract."""
    words = [tokens(sentence) for sentence in sentences]
    count = len(sentences)
    result: list[list[str]] = []
    for index, sentence_words in enumerate(words):
        feats = ["bias"]
        feats += [f"w:{w}" for w in set(sentence_words)]
        feats += [f"b:{a}_{b}" for a, b in set(itertools.pairwise(sentence_words))]
        feats += [f"f1:{_opening(sentence_words, 1)}", f"f2:{_opening(sentence_words, 2)}"]
        feats.append(f"f3:{_opening(sentence_words, 3)}")
        relative = index / (count - 1) if count > 1 else 0.0
        feats.append(f"pos:{round(relative * 6)}")
        feats.append(f"i:{min(index, 4)}")
        feats.append(f"ri:{min(count - 1 - index, 4)}")
        feats.append(f"n:{_bucket(count, (2, 4, 6, 9))}")
        feats.append(f"len:{_bucket(len(sentence_words), (5, 10, 18, 30, 45))}")
        if index > 0:
            feats.append(f"pf2:{_opening(words[index - 1], 2)}")
        if index + 1 < count:
            feats.append(f"nf2:{_opening(words[index + 1], 2)}")
        result.append(feats)
    return result


def position_features(sentences: list[str]) -> list[list[str]]:
    """Position alone: the features of the position-only baseline."""
    count = len(sentences)
    result = []
    for index in range(count):
        relative = index / (count - 1) if count > 1 else 0.0
        result.append(
            [
                "bias",
                f"pos:{round(relative * 6)}",
                f"i:{min(index, 4)}",
                f"ri:{min(count - 1 - index, 4)}",
                f"n:{_bucket(count, (2, 4, 6, 9))}",
            ]
        )
    return result


__all__ = ["abstract_features", "position_features", "tokens"]
