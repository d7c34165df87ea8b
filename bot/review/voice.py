"""The house voice: a review writes about the authors, it is not the paper talking.

`third_person` rewrites the first person of a paper's sentence deterministically: "we" ->
"the authors", "our" -> "their", "us" -> "them", "ours" -> "theirs", "ourselves" ->
"themselves" (a sentence-initial "We"/"Our" gets a capital). Left alone, because they are
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
_QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d")
# not inside an address or a name: "zhou@us.ibm.com", "us-east", "v.us"
_PRONOUN = re.compile(
    r"(?<![\w'\u2019@./-])(we've|we're|ourselves|ours|our|we|us)(?![\w@/-]|\.\w)",
    re.IGNORECASE,
)
# where a sentence starts: the text's start, or after terminal punctuation and spaces,
# with any opening quote or bracket between
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+)[\"'(\[\u201c\u2018]*$")


def _is_sentence_start(text: str, position: int) -> bool:
    return bool(_SENTENCE_START.search(text[:position]))


def _replacement(text: str, match: re.Match[str], authors: str) -> str | None:
    """What replaces this pronoun, or None when it is not the authors speaking."""
    word = match.group(1)
    lowered = word.lower()
    starts = _is_sentence_start(text, match.start())
    if word[0].isupper() and not starts:
        return None  # "Are We Done with MMLU?", "Let Us ..." as a title
    if word.isupper() and len(word) > 1 and lowered == "us":
        return None  # "US" the country
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
    for start, end in _outside_quotes(text):
        for match in _PRONOUN.finditer(text, start, end):
            replacement = _replacement(text, match, authors)
            if replacement is not None:
                pieces.append(text[last : match.start()])
                pieces.append(replacement)
                last = match.end()
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
