"""List numbering in review text: "(1) ... (2) ...", "(i) ... (ii) ...", "First, ... Second, ...".

A review assembled from some of a paper's sentences can show "(2)" then "(4)", or open on
"Third, ..." because the sentences between were left out. `numbering_gaps` finds such a
skip (a series that does not start at one, or jumps); producers then drop the ordinal
openers, and the review linter reports what is left.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from bot.review.sentences import split_sentences

_ORDINALS = MappingProxyType(
    {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
)
ORDINAL_OPENER = re.compile(
    r"^\W*(first|second|third|fourth|fifth|sixth|seventh)(?:ly)?\s*,\s*", re.IGNORECASE
)
_ARABIC = re.compile(r"(?<![\w(])\((\d{1,2})\)|(?<![\w(.])(\d{1,2})\)(?=\s)")
_ROMAN = re.compile(r"\((i{1,3}|iv|vi{0,3}|ix|x)\)")
_ROMAN_VALUES = MappingProxyType(
    {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
)


def _gaps(kind: str, numbers: list[int]) -> list[str]:
    found = []
    previous = 0
    for number in numbers:
        if number not in (previous + 1, 1):
            found.append(f"{kind} {number} after {previous or 'nothing'}")
        previous = number
    return found


def numbering_gaps(text: str) -> list[str]:
    """Each skip in the text's numbered lists, e.g. "(n) 4 after 2"; empty when whole."""
    arabic = [int(m.group(1) or m.group(2)) for m in _ARABIC.finditer(text)]
    roman = [_ROMAN_VALUES[m.group(1)] for m in _ROMAN.finditer(text)]
    ordinals = []
    for sentence in split_sentences(text):
        match = ORDINAL_OPENER.match(sentence)
        if match:
            ordinals.append(_ORDINALS[match.group(1).lower()])
    # a lone "(12)" is a reference or a count, not a list; a lone "Third," is a list
    arabic = arabic if len(arabic) > 1 else []
    roman = roman if len(roman) > 1 else []
    return _gaps("(n)", arabic) + _gaps("(roman)", roman) + _gaps("ordinal", ordinals)


__all__ = ["ORDINAL_OPENER", "numbering_gaps"]
