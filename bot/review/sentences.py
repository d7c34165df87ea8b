"""A sentence splitter for scientific abstracts.

Keeps abbreviations ("e.g.", "i.e.", "et al.", "Fig. 2", "Eq. 3", "vs."), initials
("J. Smith"), decimals ("3.5"), URLs and `$...$` math intact. Text with no sentence
punctuation at all is cut into pieces of at most `max_chars` at word boundaries, so a
10,000-character run never becomes one "sentence".
"""

from __future__ import annotations

import re

from bot.review.text import shorten

# lower-cased words that end with a period without ending the sentence
ABBREVIATIONS = frozenset(
    {
        "e.g", "eg", "i.e", "ie", "al", "fig", "figs", "eq", "eqs", "sec", "secs", "tab",
        "ref", "refs", "vs", "cf", "approx", "resp", "no", "nos", "vol", "pp", "ch", "dr",
        "mr", "mrs", "ms", "prof", "st", "jr", "a.k.a", "viz", "ca", "est", "thm", "lem",
        "def", "prop", "cor", "app", "appx", "alg", "algo", "w.r.t", "wrt", "op", "cit",
        "ed", "eds", "chap", "sect", "tbl", "u.s", "u.k", "e.u", "ph.d", "dept", "univ",
    }
)  # fmt: skip
MAX_CHARS = 500

_MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+?\$", re.DOTALL)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+?(?=[.,;:!?)\]'\"]*(?:\s|$))"
    r"|(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:com|org|io|net|edu|ai|dev)(?:/[^\s<>\"]*?)?"
    r"(?=[.,;:!?)\]]*(?:\s|$))"
)
# a sentence end: terminal punctuation, closing quotes/brackets, space, then a capital, a
# digit, math, or an opening quote/bracket. Matched only from the start of a punctuation
# run, possessively, so a run of 10,000 dots stays linear.
_END = re.compile(
    r"(?<![.!?])[.!?]++[\"'\u201d\u2019)\]]*+(?=\s+[\"'\u201c\u2018(\[$]?[A-Z0-9\u00c0-\u024f$\\])"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.\-]*)\.$")


def _protected(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _MATH.finditer(text)]
    spans += [(m.start(), m.end()) for m in _URL.finditer(text)]
    return sorted(spans)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the period at `period` ends an abbreviation or an initial, not a sentence."""
    match = _WORD_BEFORE.search(text[max(0, period - 12) : period + 1])
    if not match:
        return False
    word = match.group(1)
    lowered = word.lower().strip("-")
    if lowered in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    # dotted abbreviations such as "U.S." or "e.g." written as one word
    return "." in word and all(len(part) <= 2 for part in word.split("."))


def split_sentences(text: str, *, max_chars: int = MAX_CHARS) -> list[str]:
    """The sentences of one clean line of text, in order, none empty."""
    text = text.strip()
    if not text:
        return []
    spans = _protected(text)
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        first_period = match.start()
        if _inside(first_period, spans):
            continue
        after_span = any(end == first_period for _, end in spans)  # "at https://x.org. We"
        if text[first_period] == "." and not after_span and _is_abbreviation(text, first_period):
            continue
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    result: list[str] = []
    for sentence in sentences:
        result.extend(_cut_long(sentence, max_chars))
    return result


def _cut_long(sentence: str, max_chars: int) -> list[str]:
    """A run longer than `max_chars` (no punctuation) cut at `;`, else at word boundaries."""
    if len(sentence) <= max_chars:
        return [sentence]
    parts = [p.strip() for p in re.split(r"(?<=;)\s+", sentence) if p.strip()]
    if len(parts) > 1 and all(len(p) <= max_chars for p in parts):
        return parts
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for word in sentence.split():
        if current and size + len(word) + 1 > max_chars:
            pieces.append(" ".join(current))
            current, size = [], 0
        current.append(word)
        size += len(word) + 1
    if current:
        pieces.append(" ".join(current))
    return pieces


def fit_sentences(sentences: list[str], budget: int) -> str:
    """Whole sentences, in order, while they fit in `budget` characters; the first one
    always (shortened at a word when it alone is too long)."""
    if not sentences:
        return ""
    chosen = [shorten(sentences[0], budget)]
    used = len(chosen[0])
    for sentence in sentences[1:]:
        if used + 1 + len(sentence) > budget:
            break
        chosen.append(sentence)
        used += 1 + len(sentence)
    return " ".join(chosen)


def as_sentence(text: str) -> str:
    """`text` with a full stop when it ends without sentence punctuation."""
    return text if text.endswith((".", "!", "?", ":", ";")) else f"{text}."


__all__ = ["ABBREVIATIONS", "MAX_CHARS", "as_sentence", "fit_sentences", "split_sentences"]
