"""The tokenizer and stemmer shared by search and topic matching.

The SQLite store indexes title, abstract and authors with FTS5's `porter unicode61`
tokenizer. Topic matching (bot/matching.py) must find exactly what the same search finds,
so this module mirrors that tokenizer in Python:

- `unicode61` (defaults): ASCII letters and digits are token characters, everything else
  in ASCII separates tokens; tokens are lower-cased. Outside ASCII, unicode61 uses its own
  (older) Unicode tables for letters, numbers, diacritics and case folding with diacritic
  removal (`Fréchet` -> `frechet`); those are learnt from SQLite itself, once per
  distinct character (`_CharClasses`), so they agree exactly.
- `porter`: the Porter (1980) algorithm as FTS5 implements it, including its departures
  from the original paper (`bli` -> `ble`, `logi` -> `log`, any doubled consonant but
  l/s/z undoubled after -ed/-ing) and its pass-through of tokens shorter than 3 or longer
  than 64 UTF-8 bytes. It works on UTF-8 bytes, as FTS5 does, so non-ASCII letters count
  as consonants. Written from the algorithm's description; checked against FTS5 itself in
  tests/matching/test_textindex.py.

PostgreSQL's `english` text search stems with Snowball, which differs on some words;
exact agreement between matching and search is promised for the SQLite store.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Mapping
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


class _CharClasses:
    """How unicode61 treats each non-ASCII character, learnt from SQLite's own tokenizer.

    Its Unicode tables (which letters fold to what, which marks are diacritics) follow an
    older Unicode version than Python's `unicodedata`, so rather than approximate them we
    ask FTS5 once per distinct character: `a<c>b` comes back as one token (`c` is a token
    character, folded to what sits between `a` and `b`, possibly nothing) or two (`c`
    separates). ASCII is fixed: letters and digits are token characters.
    """

    def __init__(self) -> None:
        self._known: dict[str, str | None] = {}
        self._db: sqlite3.Connection | None = None

    def _learn(self, chars: set[str]) -> None:
        if self._db is None:
            self._db = sqlite3.connect(":memory:", check_same_thread=False)
            self._db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61')")
            self._db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        ordered = sorted(chars)
        with self._db:
            self._db.execute("DELETE FROM t")
            self._db.executemany(
                "INSERT INTO t(rowid, x) VALUES (?, ?)",
                [(i, f"a{c}b") for i, c in enumerate(ordered, 1)],
            )
            tokens: dict[int, list[str]] = {}
            for doc, term in self._db.execute("SELECT doc, term FROM v ORDER BY doc, offset"):
                tokens.setdefault(doc, []).append(term)
        for i, char in enumerate(ordered, 1):
            found = tokens.get(i, [])
            one = len(found) == 1 and found[0].startswith("a") and found[0].endswith("b")
            self._known[char] = found[0][1:-1] if one else None

    def fold(self, char: str) -> str | None:
        """The folded text of a token character, or None for a separator."""
        if char not in self._known:
            self._learn({char})
        return self._known[char]

    def prepare(self, text: str) -> None:
        unknown = {c for c in text if not c.isascii() and c not in self._known}
        if unknown:
            self._learn(unknown)


_ASCII_TOKEN = re.compile(r"[a-z0-9]+")


def _tokens(text: str, chars: _CharClasses) -> Iterator[str]:
    if text.isascii():
        yield from _ASCII_TOKEN.findall(text.lower())
        return
    chars.prepare(text)
    current: list[str] = []
    for char in text:
        if char.isascii():
            folded: str | None = char.lower() if char.isalnum() else None
        else:
            folded = chars.fold(char)
        if folded is None:
            if token := "".join(current):
                yield token
            current = []
        else:
            current.append(folded)  # "" for a diacritic: part of the token, folds away
    if token := "".join(current):
        yield token


class Analyzer:
    """Tokenize and stem text as the search index does, with a stem cache.

    One instance is shared by whoever analyses many texts (matching a batch of papers);
    the cache holds one entry per distinct token, so memory follows the vocabulary.
    """

    def __init__(self, max_cache: int = 500_000) -> None:
        self._cache: dict[str, str] = {}
        self._max_cache = max_cache
        self._chars = _CharClasses()

    def tokens(self, text: str) -> list[str]:
        """The unicode61 tokens of `text`, folded, in order (not stemmed)."""
        return list(_tokens(text, self._chars))

    def stem(self, token: str) -> str:
        cached = self._cache.get(token)
        if cached is None:
            cached = porter_stem(token)
            if len(self._cache) < self._max_cache:
                self._cache[token] = cached
        return cached

    def terms(self, text: str) -> list[str]:
        """The stemmed tokens of `text`, in order (what FTS5 stores for it)."""
        return [self.stem(token) for token in _tokens(text, self._chars)]

    def term_set(self, text: str) -> set[str]:
        return {self.stem(token) for token in _tokens(text, self._chars)}


__all__ = ["Analyzer", "porter_stem"]
