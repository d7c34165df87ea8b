"""The offline producer: a review made of the abstract's own sentences.

The abstract is split into sentences, each sentence's rhetorical role is predicted
(`bot.review.roles`), and the sentences fill the house sections in their original order,
each used once: background and objective -> Key Problem, method -> Methodology, result ->
Results, and the later result sentences that say what the findings mean (or what the
authors release for others) -> Significance. A sentence goes under a heading only when the
classifier's probability of that section is at least `CONFIDENCE`; otherwise it is left
out rather than misplaced. The hook is the sentence that says what the paper does and
stands alone. Sections are written by `bot.review.compose` (no opener that points back to
an unseen sentence, the third person, whole numbering), and the finished review is read
once more: a sentence the classifier is sure belongs elsewhere goes (`bot.review.lint`).
Boilerplate and fragments stay out. `from_text` serves any plain text about a paper (a blog
post without house headings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.model import Paper, Producer, ReviewSection
from bot.review.compose import LATE_SECTIONS, compose_hook, compose_section
from bot.review.draft import (
    MISSING_ABSTRACT,
    ONE_SENTENCE,
    SECTION_ORDER,
    UNUSABLE_ABSTRACT,
    Draft,
    ordered,
    paper_title,
)
from bot.review.lint import without_misplaced
from bot.review.openers import Antecedent, Placed, inner_pointer, method_name
from bot.review.roles import RoleClassifier, score
from bot.review.sentences import as_sentence, split_sentences
from bot.review.text import clean_text
from bot.review.voice import AUTHORS

SECTION_BUDGET = 700  # characters per section, cut at a sentence boundary
# an abstract's sentence is cut into pieces only past this (a run without punctuation): a
# long real sentence stays whole and is shortened with "…" by its section's budget, rather
# than split into a fragment that reads as a sentence ("DROPO which adds ...")
LONG_SENTENCE = 1200
HOOK_BUDGET = 320
# the least section probability for a sentence to go under a heading: the highest threshold
# whose coverage stays within 0.05 of none, on the labelled recent abstracts
# (tests/data/review), see `python -m benchmarks review_accuracy`
CONFIDENCE = 0.6

_BOILERPLATE = re.compile(
    r"copyright|\u00a9|\(c\) \d{4}|all rights reserved|elsevier|springer[- ]verlag|"
    r"https?://|www\.|\b[\w-]+\.(com|org|io)/|github\.(com|io)|"
    r"\b(accepted (at|to|for|by)|to appear (at|in))\b|\bpages\b.*\bfigures?\b",
    re.IGNORECASE,
)
# "code is available", "data will be released": a note, unless it says what for
_AVAILABILITY = re.compile(
    r"\b(code|data|dataset|models?|implementation|software|source|demo|project page|"
    r"checkpoints?|weights|tools?)\b[^.]{0,60}\b(is|are|will be|have been|has been)\b[^.]{0,30}"
    r"\b(available|released|public|open[- ]sourced?)\b",
    re.IGNORECASE,
)
_PURPOSE = re.compile(
    r"\bto (promote|support|facilitate|enable|ease|foster|encourage|advance|spur|help|aid)\b",
    re.IGNORECASE,
)
_HOOK_CUES = re.compile(
    r"\b(we|this (paper|work|study|article)|in this (paper|work|study)|here)\b\W+"
    r"(\w+\W+){0,3}(propose|present|introduce|develop|study|investigate|show|describe|design)",
    re.IGNORECASE,
)
_PROPOSAL = re.compile(
    r"\b(we|this (paper|work|study|article)|in this (paper|work|study)|here)\b\W+"
    r"(\w+\W+){0,2}(propose|present|introduce)",
    re.IGNORECASE,
)
_SIGNIFICANCE_CUES = re.compile(
    r"\b(suggest|implication|pave|paves|open(s)? (up )?(new|the)|enabl(e|es|ing)|"
    r"potential|promising|future|we believe|conclude|insight|highlight|underscore|"
    r"broad(ly)? applicable|practical|valuable|impact)\w*",
    re.IGNORECASE,
)


_ENDS_SENTENCE = re.compile(r"[.!?…][\"'\u201d\u2019)\]]*$")
_RELEASE = re.compile(
    r"\b(we|the authors)\s+(will\s+|have\s+)?(released?|open[- ]sourced?|publish(ed)?|"
    r"make\b[^.]{0,40}\bavailable|made\b[^.]{0,40}\bavailable)",
    re.IGNORECASE,
)


def is_boilerplate(sentence: str) -> bool:
    """Copyright lines, URLs ("code is available at ..."), venue notes, a bare "code will be
    released", fragments without words. A release that says what it is for is not."""
    if _BOILERPLATE.search(sentence):
        return True
    if _AVAILABILITY.search(sentence) and not _PURPOSE.search(sentence):
        return True
    # fewer than three words is no sentence a section can stand on (the linter's rule)
    return "$" not in sentence and len(re.findall(r"[^\W\d_]{2,}", sentence)) < 3


def is_release(sentence: str) -> bool:
    """What the authors release for others ("We release ...", "... are open-sourced to
    promote further research"): Significance in the house style."""
    return bool(_RELEASE.search(sentence) or _AVAILABILITY.search(sentence))


def is_significance(sentence: str) -> bool:
    """A closing claim, "this suggests", or what the authors release for others."""
    return bool(_SIGNIFICANCE_CUES.search(sentence) or is_release(sentence))


@dataclass(frozen=True)
class _Sentence:
    index: int
    text: str
    role: str
    section: str | None
    confidence: float


class ExtractiveProducer:
    """`threshold`: the least confidence of the classifier in a sentence's section for the
    sentence to go under that heading (precision over coverage; see CONFIDENCE)."""

    def __init__(
        self,
        classifier: RoleClassifier,
        *,
        budget: int = SECTION_BUDGET,
        threshold: float = CONFIDENCE,
    ) -> None:
        self._classifier = classifier
        self._budget = budget
        self._threshold = threshold

    def produce(self, paper: Paper) -> Draft:
        return self.from_text(paper.abstract, paper_title(paper))

    def from_text(
        self, text: str, title: str, *, producer: Producer = "extractive", authors: str = AUTHORS
    ) -> Draft:
        """A draft from any plain text about a paper (an abstract, a blog post's body)."""
        sentences = _unique(split_sentences(clean_text(text), max_chars=LONG_SENTENCE))
        # fragments (a cut-off abstract's end, "... loss of"; a run too long to be one
        # sentence) are left out while whole sentences remain
        whole = [s for s in sentences if _ENDS_SENTENCE.search(s)]
        sentences = whole or [as_sentence(s) for s in sentences[:1]]
        useful = [
            _Sentence(i, sentence, s.role, s.section, s.confidence)
            for i, (sentence, s) in enumerate(
                zip(sentences, score(self._classifier, sentences), strict=True)
            )
            if not is_boilerplate(sentence)
        ]
        title = as_sentence(title)
        if not useful:  # empty, or nothing but a copyright line: the title is the hook
            missing = (ReviewSection("Key Problem", MISSING_ABSTRACT),)
            return Draft(hook=title, sections=missing, producer=producer)
        hook = compose_hook(_hook_candidates(useful), HOOK_BUDGET, authors)
        rest = [s for s in useful if hook is None or s.index != hook.index]
        after = None
        if hook is not None:
            source = next(s.text for s in useful if s.index == hook.index)
            after = Antecedent(hook.index, method_name(source))
        sections = self._sections(rest, authors, after) if hook and rest else ()
        if hook is not None and not sections:
            # nothing left is sure enough: the surest sentence left that stands alone, so the
            # hook stays a sentence of the abstract rather than the title again (issue 22)
            sections = self._surest(rest, authors) or (ReviewSection("Key Problem", ONE_SENTENCE),)
        if hook is None or not sections:  # the title is the hook; every sentence may fill a section
            hook = Placed(-1, title)
            sections = self._sections(useful, authors) or self._surest(useful, authors)
        if not sections:  # nothing stands alone: the review says so rather than repeat the title
            sections = (ReviewSection("Key Problem", UNUSABLE_ABSTRACT),)
        draft = Draft(hook=hook.text, sections=sections, producer=producer)
        # read in its final order and voice, the review may show a sentence the classifier
        # is sure belongs elsewhere: it goes (the linter's own check)
        settled = without_misplaced(draft, self._classifier)
        return replace(draft, sections=settled) if settled else draft

    def _surest(self, sentences: list[_Sentence], authors: str) -> tuple[ReviewSection, ...]:
        """Too little the classifier is sure of: the surest sentence that stands alone."""
        for sentence in sorted(sentences, key=lambda s: -s.confidence):
            text = compose_section([_placed(sentence)], self._budget, authors)
            if text:
                return ordered({sentence.section or "Key Problem": text})
        return ()

    def _sections(
        self, sentences: list[_Sentence], authors: str, after: Antecedent | None = None
    ) -> tuple[ReviewSection, ...]:
        names = {
            s.index: s.section for s in sentences if s.section and s.confidence >= self._threshold
        }
        # the abstract's first result sentence states a finding, whether or not the
        # classifier was sure enough to place it; a later one with a closing claim is
        # Significance
        first = min((s.index for s in sentences if s.role == "result"), default=-1)
        results = [s for s in sentences if names.get(s.index) == "Results"]
        closing = [s for s in results if s.index != first and is_significance(s.text)]
        closing += [s for s in sentences if is_release(s.text) and s not in closing]
        # no "the last finding is Significance" fallback: a finding under Significance is
        # what readers named first (issue 22); review_accuracy measured it: Significance
        # precision 0.65 -> 0.75, all sentences 0.832 -> 0.834, coverage 0.603 -> 0.614
        for sentence in closing:
            names[sentence.index] = "Significance"
        _bring_antecedents(sentences, names)
        grouped: dict[str, list[Placed]] = {}
        for sentence in sentences:
            if sentence.index in names:
                grouped.setdefault(names[sentence.index], []).append(_placed(sentence))
        # what the reader has just read when a section starts: the hook, then the previous
        # section's last sentence (a pronoun inside a section's first sentence needs it)
        previous = after.index if after is not None else None
        texts: dict[str, str] = {}
        for name in (n for n in SECTION_ORDER if n in grouped):
            late = name in LATE_SECTIONS
            texts[name] = compose_section(
                grouped[name], self._budget, authors, late=late, after=after, previous=previous
            )
            if texts[name]:
                previous = grouped[name][-1].index
        return ordered(texts)


def _bring_antecedents(sentences: list[_Sentence], names: dict[int, str]) -> None:
    """A section's first sentence with a pronoun inside it ("... fixes this ...") needs
    the sentence before it: when that one was left out (the classifier unsure of it), it
    joins its own section if that section is read just before (`names`, updated)."""
    by_index = {s.index: s for s in sentences}
    for name in SECTION_ORDER:
        first = min((i for i, n in names.items() if n == name), default=None)
        if first is None or inner_pointer(by_index[first].text) is None:
            continue
        needed = by_index.get(first - 1)
        if needed is None or needed.index in names or needed.section is None:
            continue
        before = [n for n in SECTION_ORDER[: SECTION_ORDER.index(name)] if n in names.values()]
        if needed.section in SECTION_ORDER[: SECTION_ORDER.index(name)] and (
            not before or before[-1] == needed.section
        ):
            names[needed.index] = needed.section


def _placed(sentence: _Sentence) -> Placed:
    return Placed(sentence.index, sentence.text)


_AUTHORS_ACT = re.compile(r"\b(we|our)\b", re.IGNORECASE)


def _hook_candidates(sentences: list[_Sentence]) -> list[Placed]:
    """What the paper does: the first "we propose / present / introduce" sentence, then its
    objective, then a "we study"-like sentence, then a sentence where the authors act ("we
    instead learn ..."), then the first sentence that is not a result (the conclusion is
    not the hook)."""
    proposal = [s for s in sentences if _PROPOSAL.search(s.text) and s.role != "result"]
    objective = [s for s in sentences if s.role == "objective"]
    cued = [s for s in sentences if _HOOK_CUES.search(s.text) and s.role != "result"]
    acting = [s for s in sentences if _AUTHORS_ACT.search(s.text) and s.role == "method"]
    other = [*acting, *(s for s in sentences if s.role != "result")]
    seen: set[int] = set()
    ordered_candidates = []
    for sentence in [*proposal[:1], *objective, *cued, *other]:
        if sentence.index not in seen:
            seen.add(sentence.index)
            ordered_candidates.append(_placed(sentence))
    return ordered_candidates


def _unique(sentences: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for sentence in sentences:
        key = sentence.lower()
        if key not in seen:
            seen.add(key)
            result.append(sentence)
    return result


__all__ = [
    "CONFIDENCE",
    "MISSING_ABSTRACT",
    "UNUSABLE_ABSTRACT",
    "ExtractiveProducer",
    "is_boilerplate",
    "is_release",
    "is_significance",
]
