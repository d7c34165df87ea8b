"""Sentences that point back: where they may stand, and how their opening is rewritten.

A sentence that opens with "This", "These", "Such", "It", "They", "However", "Moreover",
"To address these challenges", "Driven by this hypothesis" ... leans on the sentence before
it. A review that puts it at the start of a section (or the hook) leaves the reader asking
"which challenges?". The rules, shared by every producer that assembles sentences:

- `rewrite_opener` drops what can go without changing the claim: a connective ("However,",
  "Moreover,", "To this end,") or a purpose clause that only points back ("To address these
  challenges, we propose X" -> "we propose X"); deterministic, the rest of the sentence is
  untouched.
- `dangling_opener` names what still points back after that ("This approach", "It", "Such
  methods"), or None: "This paper proposes ..." stands alone (it points at the paper).
- `arrange` keeps a dangling sentence only right after the sentence it points to (its
  predecessor in the source), rewrites it when that helps, and leaves it out otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

# connectives that only tie a sentence to the one before: dropped, the claim stays
_CONNECTIVE = (
    r"however|moreover|furthermore|in addition|additionally|also|thus|therefore|hence|"
    r"consequently|as a result|as such|accordingly|nevertheless|nonetheless|meanwhile|"
    r"besides|in particular|specifically|to this end|to that end|for this purpose|"
    r"in contrast|by contrast|on the other hand|conversely|similarly|likewise|instead|"
    r"in turn|in response|to do so|to this aim|with this in mind|against this backdrop|"
    r"in this context|in this regard|in doing so|beyond this|on top of this|further|then|"
    r"finally|lastly|second|secondly|third|thirdly|fourth|next|subsequently|overall|"
    r"collectively|together|taken together|in summary|in short|in conclusion|to conclude"
)
_POINTER = r"(?:this|these|that|those|such|the above|both|above)"
# a leading clause that only points back: "To address these challenges," "Driven by this
# hypothesis," "Building on these insights," "Given this gap,"
_PURPOSE_CLAUSE = (
    r"(?:to\s+\w+|for|related to|driven|motivated|inspired|guided|building|based|grounded|informed|"
    r"in light of|given|with|following|leveraging|using|under|from|armed)\b[^,]{0,60}?\b"
    + _POINTER
    + r"\b[^,]{0,60}"
)
# a connective or a stance adverb ("Notably,", "Crucially,") needs its comma to be dropped:
# without one it is part of the clause ("Further experiments show", "Then we test")
_LEADING = re.compile(
    rf"^[\"'(\u201c]*(?:(?:{_CONNECTIVE}|[a-z]+ly)\s*,|{_PURPOSE_CLAUSE}(?:,|(?=\s+we\b)))"
    r"\s+(?=\S)",
    re.IGNORECASE,
)
# "These results suggest ..." -> "The results suggest ...": the paper's own results
_DEFINITE = re.compile(
    r"^(?:(?:together|combined|taken together),?\s+)?(these|those|such) (results|findings|"
    r"experiments|observations|insights|analyses|evaluations|improvements|gains|"
    r"contributions|advancements|advances|changes|modifications|optimi[sz]ations)\b",
    re.IGNORECASE,
)
# after the paper's method is on the table (Results, Significance), "this approach" is the
# paper's own: "This approach enhances X" -> "The approach enhances X"
_OWN_WORK = re.compile(
    r"^(this|these|such) (approach|method|framework|work|design|model|system|technique|"
    r"study|benchmark|dataset|tool|algorithm|pipeline|architecture|strategy|paradigm|"
    r"analysis|formulation|methodology|solution|procedure|improved|proposed|new|novel|"
    r"simple|hybrid|unified|resulting|targeted|lightweight|approaches|methods|models)\b",
    re.IGNORECASE,
)
# "This suggests that X" -> "The findings suggest that X", late in a review
_THIS_VERB = re.compile(
    r"^this (suggests|indicates|implies|shows|demonstrates|highlights|underscores|"
    r"confirms|reveals|opens|paves|points)\b",
    re.IGNORECASE,
)
_PLURAL_VERB = MappingProxyType({"implies": "imply"})
# the main clause after a leading phrase points back: "By doing X, this method ..."
_MAIN_CLAUSE = re.compile(
    r"^[^,;:]{3,100},\s+(this|these|such|it|they|those)\s+(?!paper|work|study|article)\w+",
    re.IGNORECASE,
)
# words that point back when they open a sentence
_BACK_POINTING = re.compile(
    r"^[\"'(\u201c]*(this|these|that|those|such|it|its|they|both|the former|"
    r"the latter|here|there|he|she|another|other|the same|"
    rf"{_CONNECTIVE})\b(?:[\s,]+(\w+))?",
    re.IGNORECASE,
)
# "This paper proposes ..." points at the paper itself, which every review is about
_SELF_REFERENCE = frozenset(
    {
        "paper", "work", "study", "article", "report", "thesis", "letter", "manuscript",
        "survey", "review", "tutorial", "note", "position", "technical", "chapter", "is",
        "post", "blog", "entry", "essay", "talk",
    }
)  # fmt: skip


def _capitalise(text: str) -> str:
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1 :]
    return text


def dangling_opener(sentence: str) -> str | None:
    """The opening words of `sentence` that point back to an unseen sentence, or None."""
    leading = _LEADING.match(sentence.strip())
    if leading is not None:
        return leading.group(0).strip()
    match = _BACK_POINTING.match(sentence.strip())
    if match is None:
        main = _MAIN_CLAUSE.match(sentence.strip())
        if main is None or re.match(r"it (is|was)\b", main.group(0).split(",")[-1].strip()):
            return None
        return main.group(0)
    word = match.group(1).lower()
    following = (match.group(2) or "").lower()
    if word in {"this", "these"} and following in _SELF_REFERENCE:
        return None
    if word == "here" and following in {"we", "the"}:
        return None  # "Here we propose ...": points at the paper
    if word == "it" and following == "is":
        return None if _it_is_expletive(sentence) else match.group(0)
    if word in {"that", "there"} and following in {"is", "are", "remains", "exists", "exist"}:
        return None  # "There is a need ...": an expletive, not a pointer
    return match.group(0)


# "this" standing for a claim said before rather than naming a thing: at a clause's end,
# before a function word, or before a verb in -s ("fixes this and", "this reduces"); a noun
# in -s after it ("this process", "this analysis", "this bias") is no verb. Not right after a
# comma or semicolon and a conjunction ("..., but this leads to"): there it points back
# within its own sentence. "These" mostly names plural things of its own sentence.
_INNER_POINTER = re.compile(
    r"(?<=\s)(?:this(?=\s*[,.;:)]|\s+(?:and|or|but|is|was|has|had|can|could|will|would|may|"
    r"might|by|to|in|with|for|also|still|further)\b)|these(?=\s*[.;:)])|"
    r"this\s+(?!\w*(?:ss|is|us|ics)\b)[a-z]+(?:es|s)\b)",
    re.IGNORECASE,
)

_CLAUSE_START = re.compile(r"[,;]\s+(?:(?:and|but|so|yet|which)\s+)?$", re.IGNORECASE)


def inner_pointer(sentence: str) -> str | None:
    """A pronoun inside `sentence` (not its opening) that stands for something said
    before it ("... fixes this and ...", "on question answering this reduces ..."), or
    None. Where such a sentence opens a section, the reader has not seen what it means."""
    text = sentence.strip()
    for match in _INNER_POINTER.finditer(text):
        if not _CLAUSE_START.search(text[: match.start()]):
            return match.group(0)
    return None


def _it_is_expletive(sentence: str) -> bool:
    """ "It is well known that ...", "It is crucial to ...": nothing is pointed at."""
    return bool(
        re.match(
            r"^\W*it is\s+(\w+\s+){0,3}(that|to|whether|how|why|what|when|unclear|known)\b",
            sentence.strip(),
            re.IGNORECASE,
        )
    )


def rewrite_opener(sentence: str, *, late: bool = False) -> str:
    """`sentence` without the leading connectives and back-pointing purpose clauses.
    `late`: the sentence goes after the paper's method (Results, Significance), where
    "This approach" and "This suggests" can only mean the paper's own."""
    text = sentence.strip()
    for _ in range(3):  # "However, to address this, ..."
        match = _LEADING.match(text)
        if match is None:
            break
        rest = text[match.end() :]
        if not re.search(r"[^\W\d_]{2,}\W+[^\W\d_]{2,}", rest):
            break  # nothing would be left of the sentence
        text = _capitalise(rest)
    text = _DEFINITE.sub(lambda m: f"The {m.group(2)}", text, count=1)
    if late:
        text = _OWN_WORK.sub(lambda m: f"The {m.group(2)}", text, count=1)
        text = _THIS_VERB.sub(_findings, text, count=1)
    return text


def _findings(match: re.Match[str]) -> str:
    verb = match.group(1).lower()
    return f"The findings {_PLURAL_VERB.get(verb, verb[:-1])}"


def stands_alone(sentence: str, *, late: bool = False) -> bool:
    """Whether `sentence`, its opening rewritten, can open a section or be the hook."""
    return dangling_opener(rewrite_opener(sentence, late=late)) is None


@dataclass(frozen=True)
class Placed:
    """A sentence, where it came from in its source (0-based), and its text as placed."""

    index: int
    text: str


@dataclass(frozen=True)
class Antecedent:
    """What the reader has read before the sections: the hook's source index, and the name
    it gives the paper's method ("QueryFan"), if it gives one."""

    index: int
    name: str | None = None


_NAMING = re.compile(r"\b(?:propos|present|introduc|develop|call|nam|term|dub)\w*\b(.{0,100})")
_NAME = re.compile(
    r"(?<![\w-])([A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*(?:-[A-Z0-9][A-Za-z0-9]*)*)(?![\w])"
)


def method_name(sentence: str) -> str | None:
    """The name a "we propose X" sentence gives the method: a token with two capitals or
    a digit after the verb ("QueryFan", "GUARD", "TiViT"); not a plural kind ("LLMs")."""
    naming = _NAMING.search(sentence)
    if naming is None:
        return None
    for match in _NAME.finditer(naming.group(1)):
        if not re.fullmatch(r"[A-Z]+s", match.group(1)):
            return match.group(1)
    return None


def resolve(sentence: str, name: str | None) -> str:
    """A sentence that points to the hook ("It merges ...", "This design ..."), its
    pointer made explicit: the method's name, or "The design"."""
    text = _OWN_WORK.sub(lambda m: f"The {m.group(2)}", sentence, count=1)
    if name:
        text = re.sub(r"^Its\b", f"{name}'s", text)
        text = re.sub(r"^It\b", name, text)
    return text


def arrange(
    sentences: Sequence[Placed],
    *,
    late: bool = False,
    after: Antecedent | None = None,
    previous: int | None = None,
) -> list[Placed]:
    """The sentences of one section (in source order), each either kept as written right
    after the sentence it points to, rewritten to stand alone, or left out. `late`: the
    section comes after the paper's method (see `rewrite_opener`); `after`: the hook, so a
    section's first sentence that points to it is resolved (`resolve`) rather than lost;
    `previous`: the source index of the sentence read right before the section, the only
    one a pronoun inside its first sentence ("... fixes this ...") can stand for."""
    kept: list[Placed] = []
    for sentence in sentences:
        if not kept and inner_pointer(sentence.text) and previous != sentence.index - 1:
            continue
        follows = bool(kept) and kept[-1].index == sentence.index - 1
        if follows or dangling_opener(sentence.text) is None:
            kept.append(sentence)
            continue
        rewritten = rewrite_opener(sentence.text, late=late)
        if after is not None and not kept and sentence.index == after.index + 1:
            rewritten = resolve(rewritten, after.name)
        if dangling_opener(rewritten) is None:
            kept.append(Placed(sentence.index, rewritten))
    return kept


__all__ = [
    "Antecedent",
    "Placed",
    "arrange",
    "dangling_opener",
    "inner_pointer",
    "method_name",
    "resolve",
    "rewrite_opener",
    "stands_alone",
]
