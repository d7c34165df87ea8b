"""The house voice: a review writes about the authors, it is not the paper talking.

`third_person` rewrites the first person of a paper's sentence deterministically: "we" ->
"the authors", "our" -> "their", "us" -> "them", "ours" -> "theirs", "ourselves" ->
"themselves" (a sentence-initial "We"/"Our" gets a capital). Within one sentence the full
subject is written once: a later "we" becomes "they" ("The blog's authors favour X, and
they review Y", never the subject twice). Left alone, because they are
not the authors speaking: anything inside double quotes (a quoted title or phrase), a
capitalised "We"/"Our"/"Us" inside a sentence (a title such as "Are We Done with MMLU?"),
and "US"/"U.S." (the country). `first_person` finds what `third_person` would rewrite, for
the review linter.
"""

from __future__ import annotations

import re
from types import MappingProxyType

AUTHORS = "the authors"
# lower-case pronoun -> its third-person replacement; "we" is plural, so verbs still agree
REPLACEMENTS = MappingProxyType(
    {
        "we": "the authors",
        "we've": "the authors have",
        "we're": "the authors are",
        "our": "their",
        "ours": "theirs",
        "ourselves": "themselves",
        "us": "them",
    }
)
# a later "we" in the same sentence, once the full subject has been written
_REPEATED = MappingProxyType({"we": "they", "we've": "they've", "we're": "they're"})
_QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d")
# not inside an address or a name: "zhou@us.ibm.com", "us-east", "v.us"
_PRONOUN = re.compile(
    r"(?<![\w'\u2019@./-])(we've|we're|ourselves|ours|our|we|us)(?![\w@/-]|\.\w)",
    re.IGNORECASE,
)
# where a sentence starts: the text's start, or after terminal punctuation and spaces,
# with any opening quote or bracket between
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+)[\"'(\[\u201c\u2018]*$")
_SENTENCE_END = re.compile(r"[.!?]\s")


def _is_sentence_start(text: str, position: int) -> bool:
    return bool(_SENTENCE_START.search(text[:position]))


def _replacement(
    text: str, match: re.Match[str], authors: str, *, named: bool = False
) -> str | None:
    """What replaces this pronoun, or None when it is not the authors speaking. `named`:
    the sentence already names the authors, so "we" is "they"."""
    word = match.group(1)
    lowered = word.lower()
    starts = _is_sentence_start(text, match.start())
    if word[0].isupper() and not starts:
        return None  # "Are We Done with MMLU?", "Let Us ..." as a title
    if word.isupper() and len(word) > 1 and lowered == "us":
        return None  # "US" the country
    if named and lowered in _REPEATED and (word[0].islower() or starts):
        repeated = _REPEATED[lowered]  # "...: We train" within one sentence is "They train"
        return repeated.capitalize() if word[0].isupper() else repeated
    replacement = REPLACEMENTS[lowered].replace("the authors", authors)
    if word[0].isupper():
        replacement = replacement[0].upper() + replacement[1:]
    return replacement


def _outside_quotes(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    last = 0
    for quoted in _QUOTED.finditer(text):
        spans.append((last, quoted.start()))
        last = quoted.end()
    spans.append((last, len(text)))
    return spans


def third_person(text: str, authors: str = AUTHORS) -> str:
    """`text` with the authors' first person rewritten in the third person; `authors` is
    who "we" are (a blog's reviews: "the blog's authors")."""
    if not _PRONOUN.search(text):
        return text
    pieces: list[str] = []
    last = 0
    named = False  # the current sentence has named the authors already
    for start, end in _outside_quotes(text):
        for match in _PRONOUN.finditer(text, start, end):
            if _SENTENCE_END.search(text, last, match.start()):
                named = False
            replacement = _replacement(text, match, authors, named=named)
            if replacement is not None:
                pieces.append(text[last : match.start()])
                pieces.append(replacement)
                last = match.end()
                named = named or match.group(1).lower() in _REPEATED
    pieces.append(text[last:])
    return "".join(pieces)


def first_person(text: str) -> list[str]:
    """The first-person words `third_person` would rewrite, in order."""
    found = []
    for start, end in _outside_quotes(text):
        for match in _PRONOUN.finditer(text, start, end):
            if _replacement(text, match, AUTHORS) is not None:
                found.append(match.group(1))
    return found


__all__ = ["AUTHORS", "REPLACEMENTS", "first_person", "third_person"]
