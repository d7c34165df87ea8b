"""FTS5's `porter` stemmer in Python, so topic matching stems exactly as the index does.

The Porter (1980) algorithm as FTS5 implements it, including its departures from the
original paper (`bli` -> `ble`, `logi` -> `log`, any doubled consonant but l/s/z
undoubled after -ed/-ing) and its pass-through of tokens shorter than 3 or longer than 64
UTF-8 bytes. It works on UTF-8 bytes, as FTS5 does, so non-ASCII letters count as
consonants. Hand-written from the algorithm's description because no Python library has
FTS5's variant (nltk's modes each differ from it on some words); checked against FTS5
itself in tests/matching/test_textindex.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_MAX_TOKEN_BYTES = 64
_VOWELS = frozenset(b"aeiou")

# Step rules: (suffix, condition, replacement). FTS5 groups the rules of a step by the
# suffix's second-to-last letter and tries, within the group, only the first suffix that
# matches the word (its condition failing ends the step).
_M0, _M1, _M1ST, _VOWEL = "m>0", "m>1", "m>1 and *s/*t", "*v*"
_STEP2: tuple[tuple[bytes, str, bytes], ...] = (
    (b"ational", _M0, b"ate"), (b"tional", _M0, b"tion"), (b"enci", _M0, b"ence"),
    (b"anci", _M0, b"ance"), (b"izer", _M0, b"ize"), (b"logi", _M0, b"log"),
    (b"bli", _M0, b"ble"), (b"alli", _M0, b"al"), (b"entli", _M0, b"ent"),
    (b"eli", _M0, b"e"), (b"ousli", _M0, b"ous"), (b"ization", _M0, b"ize"),
    (b"ation", _M0, b"ate"), (b"ator", _M0, b"ate"), (b"alism", _M0, b"al"),
    (b"iveness", _M0, b"ive"), (b"fulness", _M0, b"ful"), (b"ousness", _M0, b"ous"),
    (b"aliti", _M0, b"al"), (b"iviti", _M0, b"ive"), (b"biliti", _M0, b"ble"),
)  # fmt: skip
_STEP3: tuple[tuple[bytes, str, bytes], ...] = (
    (b"icate", _M0, b"ic"), (b"ative", _M0, b""), (b"alize", _M0, b"al"),
    (b"iciti", _M0, b"ic"), (b"ical", _M0, b"ic"), (b"ful", _M0, b""), (b"ness", _M0, b""),
)  # fmt: skip
_STEP4: tuple[tuple[bytes, str, bytes], ...] = tuple(
    (suffix, _M1ST if suffix == b"ion" else _M1, b"")
    for suffix in (
        b"al", b"ance", b"ence", b"er", b"ic", b"able", b"ible", b"ant", b"ement", b"ment",
        b"ent", b"ion", b"ou", b"ism", b"ate", b"iti", b"ous", b"ive", b"ize",
    )
)  # fmt: skip


_Rules = Mapping[int, tuple[tuple[bytes, str, bytes], ...]]


def _grouped(rules: tuple[tuple[bytes, str, bytes], ...]) -> _Rules:
    groups: dict[int, list[tuple[bytes, str, bytes]]] = {}
    for rule in rules:
        groups.setdefault(rule[0][-2], []).append(rule)
    return MappingProxyType({key: tuple(value) for key, value in groups.items()})


_STEP2_BY_KEY = _grouped(_STEP2)
_STEP3_BY_KEY = _grouped(_STEP3)
_STEP4_BY_KEY = _grouped(_STEP4)


def _is_vowel(c: int, y_is_vowel: bool) -> bool:
    return c in _VOWELS or (y_is_vowel and c == 0x79)  # y after a consonant


def _consonant_flags(word: bytes, first_prev_cons: bool = False) -> list[bool]:
    flags: list[bool] = []
    cons = first_prev_cons
    for c in word:
        cons = not _is_vowel(c, cons)
        flags.append(cons)
    return flags


def _measure(stem: bytes) -> int:
    """Porter's m: the number of vowel-consonant sequences in `stem`."""
    m = 0
    previous = True  # as if a consonant came before: the leading C is optional
    for cons in _consonant_flags(stem):
        if cons and not previous:
            m += 1
        previous = cons
    return m


def _has_vowel(stem: bytes) -> bool:
    return any(_is_vowel(c, i > 0) for i, c in enumerate(stem))


def _cvc(stem: bytes) -> bool:
    """Porter's *o: ends consonant-vowel-consonant, the last not w, x or y."""
    if not stem or stem[-1] in b"wxy":
        return False
    flags = _consonant_flags(stem)
    return len(flags) >= 3 and flags[-3:] == [True, False, True]


def _condition(name: str, stem: bytes) -> bool:
    if name == _M0:
        return _measure(stem) > 0
    if name == _M1:
        return _measure(stem) > 1
    if name == _M1ST:
        return stem[-1:] in (b"s", b"t") and _measure(stem) > 1
    return _has_vowel(stem)


def _apply(word: bytes, groups: _Rules) -> bytes:
    if len(word) < 2:
        return word
    for suffix, condition, replacement in groups.get(word[-2], ()):
        if len(word) > len(suffix) and word.endswith(suffix):
            stem = word[: -len(suffix)]
            return stem + replacement if _condition(condition, stem) else word
    return word


def _step1a(word: bytes) -> bytes:
    if word.endswith(b"s"):
        if word[-2:-1] == b"e":
            if (len(word) > 4 and word[-4:-2] == b"ss") or (len(word) > 3 and word[-3] == 0x69):
                return word[:-2]
            return word[:-1]
        if word[-2:-1] != b"s":
            return word[:-1]
    return word


def _step1b(word: bytes) -> tuple[bytes, bool]:
    """(-eed -> -ee when m>0) or (-ed / -ing removed when the stem has a vowel)."""
    if len(word) > 3 and word.endswith(b"eed"):
        return (word[:-1], False) if _measure(word[:-3]) > 0 else (word, False)
    if len(word) > 2 and word.endswith(b"ed"):
        return (word[:-2], True) if _has_vowel(word[:-2]) else (word, False)
    if len(word) > 3 and word.endswith(b"ing"):
        return (word[:-3], True) if _has_vowel(word[:-3]) else (word, False)
    return word, False


def _step1b_tidy(word: bytes) -> bytes:
    for suffix, replacement in ((b"at", b"ate"), (b"bl", b"ble"), (b"iz", b"ize")):
        if len(word) > 2 and word.endswith(suffix):
            return word[:-2] + replacement
    last = word[-1]
    if len(word) > 1 and not _is_vowel(last, False) and last not in b"lsz" and last == word[-2]:
        return word[:-1]
    if _measure(word) == 1 and _cvc(word):
        return word + b"e"
    return word


def porter_stem(token: str) -> str:
    """Stem one (already folded) token the way FTS5's `porter` tokenizer does."""
    word = token.encode("utf-8")
    if len(word) < 3 or len(word) > _MAX_TOKEN_BYTES:
        return token
    word = _step1a(word)
    word, removed = _step1b(word)
    if removed:
        word = _step1b_tidy(word)
    if word.endswith(b"y") and _has_vowel(word[:-1]):
        word = word[:-1] + b"i"
    word = _apply(word, _STEP2_BY_KEY)
    word = _apply(word, _STEP3_BY_KEY)
    word = _apply(word, _STEP4_BY_KEY)
    if word.endswith(b"e"):
        stem = word[:-1]
        m = _measure(stem)
        if m > 1 or (m == 1 and not _cvc(stem)):
            word = stem
    if len(word) > 1 and word.endswith(b"ll") and _measure(word[:-1]) > 1:
        word = word[:-1]
    return word.decode("utf-8", errors="replace")


__all__ = ["porter_stem"]
