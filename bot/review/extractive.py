"""The offline producer: a review made of the abstract's own sentences.

The abstract is split into sentences, each sentence's rhetorical role is predicted
(`bot.review.roles`), and the sentences fill the house sections in their original order,
each used once: background and objective -> Key Problem, method -> Methodology, result ->
Results, and the closing result sentences that say what the findings mean -> Significance.
The hook is the sentence that says what the paper does. Boilerplate stays out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.model import Paper, ReviewSection
from bot.review.draft import Draft, ordered, paper_title
from bot.review.roles import ROLE_SECTIONS, RoleClassifier
from bot.review.sentences import as_sentence, fit_sentences, split_sentences
from bot.review.text import clean_text, shorten

SECTION_BUDGET = 700  # characters per section, cut at a sentence boundary
HOOK_BUDGET = 320
MISSING_ABSTRACT = "The abstract of this paper is missing, so this review rests on its title alone."

_BOILERPLATE = re.compile(
    r"copyright|\u00a9|\(c\) \d{4}|all rights reserved|elsevier|springer[- ]verlag|"
    r"\b(code|data|dataset|models?|implementation|software|source|demo|project page|"
    r"checkpoints?|weights)\b[^.]{0,60}\b(is|are|will be)\b[^.]{0,30}\b(available|released|"
    r"public|open[- ]sourced?)\b|"
    r"https?://|www\.|\b[\w-]+\.(com|org|io)/|github\.(com|io)|"
    r"\b(accepted (at|to|for|by)|to appear (at|in))\b|\bpages\b.*\bfigures?\b",
    re.IGNORECASE,
)
_HOOK_CUES = re.compile(
    r"\b(we|this (paper|work|study|article)|in this (paper|work|study)|here)\b\W+"
    r"(\w+\W+){0,3}(propose|present|introduce|develop|study|investigate|show|describe|design)",
    re.IGNORECASE,
)
_SIGNIFICANCE_CUES = re.compile(
    r"\b(suggest|implication|pave|paves|open(s)? (up )?(new|the)|enabl(e|es|ing)|"
    r"potential|promising|future|we believe|conclude|insight|highlight|underscore|"
    r"broad(ly)? applicable|practical|valuable|impact)\w*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Sentence:
    text: str
    role: str


def is_boilerplate(sentence: str) -> bool:
    """Copyright lines, "code is available at", URLs, venue notes, fragments without words."""
    if _BOILERPLATE.search(sentence):
        return True
    return "$" not in sentence and len(re.findall(r"[^\W\d_]{2,}", sentence)) < 2


class ExtractiveProducer:
    def __init__(self, classifier: RoleClassifier, *, budget: int = SECTION_BUDGET) -> None:
        self._classifier = classifier
        self._budget = budget

    def produce(self, paper: Paper) -> Draft:
        sentences = _unique(split_sentences(clean_text(paper.abstract)))
        roles = self._classifier.predict(sentences) if sentences else []
        useful = [
            _Sentence(text, role)
            for text, role in zip(sentences, roles, strict=True)
            if not is_boilerplate(text)
        ]
        kept = [s for s in useful if ROLE_SECTIONS.get(s.role) is not None]
        if not kept:  # the model calls every sentence "other": keep them as background
            kept = [_Sentence(s.text, "background") for s in useful]
        if not kept:  # empty, or nothing but a copyright line
            return Draft(
                hook=MISSING_ABSTRACT,
                sections=(ReviewSection("Key Problem", as_sentence(paper_title(paper))),),
                producer="extractive",
            )
        if len(kept) == 1:
            hook = as_sentence(paper_title(paper))
        else:
            chosen = _hook_index(kept)
            hook = shorten(kept.pop(chosen).text, HOOK_BUDGET)
        return Draft(hook=hook, sections=self._sections(kept), producer="extractive")

    def _sections(self, kept: list[_Sentence]) -> tuple[ReviewSection, ...]:
        names = [ROLE_SECTIONS[s.role] or "Key Problem" for s in kept]
        results = [i for i, name in enumerate(names) if name == "Results"]
        closing = [i for i in results[1:] if _SIGNIFICANCE_CUES.search(kept[i].text)]
        if not closing and len(results) >= 3:
            closing = [results[-1]]  # an abstract's last finding usually says what it means
        for i in closing:
            names[i] = "Significance"
        texts: dict[str, list[str]] = {}
        for sentence, name in zip(kept, names, strict=True):
            texts.setdefault(name, []).append(sentence.text)
        return ordered({name: fit_sentences(parts, self._budget) for name, parts in texts.items()})


def _hook_index(kept: list[_Sentence]) -> int:
    for i, sentence in enumerate(kept):
        if sentence.role == "objective":
            return i
    for i, sentence in enumerate(kept):
        if _HOOK_CUES.search(sentence.text):
            return i
    return 0


def _unique(sentences: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for sentence in sentences:
        key = sentence.lower()
        if key not in seen:
            seen.add(key)
            result.append(sentence)
    return result


__all__ = ["MISSING_ABSTRACT", "ExtractiveProducer", "is_boilerplate"]
