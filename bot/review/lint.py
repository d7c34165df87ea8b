"""The review linter: what a reader notices first in a review assembled from sentences.

`lint_review` checks any review (or draft) from any producer for the rules of issue 22:
a section (or the hook) opening on a sentence that points back, the paper's first person,
LaTeX left outside math, list numbering that skips, a section shorter than one sentence,
doubled spaces or words broken at a line end, and, given the sentence-role classifier, a
sentence the classifier confidently gives to another section than its heading. Each
finding names its rule, section and the words.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from bot.model import ReviewSection
from bot.review.draft import TITLE_ONLY
from bot.review.latex import residue
from bot.review.numbering import numbering_gaps
from bot.review.openers import dangling_opener, inner_pointer
from bot.review.roles import RoleClassifier, Scored, ScoresRoles, score
from bot.review.sentences import split_sentences
from bot.review.voice import first_person, third_person

HOOK = "hook"
# how sure the classifier must be that a sentence belongs elsewhere to call it misplaced
MISPLACED_CONFIDENCE = 0.9
# the classifier's section -> the headings it may sit under (it has no Significance role:
# a finding and what it means are both "result" sentences)
_ACCEPTS = MappingProxyType(
    {
        "Key Problem": frozenset({"Key Problem"}),
        "Methodology": frozenset({"Methodology", "Implementation"}),
        "Results": frozenset({"Results", "Significance"}),
    }
)
_WORD = re.compile(r"[^\W\d_]{2,}")
# doubled spaces, a space before a full stop or comma, a word broken at a line end
# ("recog- nition"; "pre- and post-training" is English)
# the authors named twice in one sentence ("The blog's authors favour X, and the blog's
# authors review Y"): the second is "they" (bot.review.voice)
_REPEATED_SUBJECT = re.compile(r"\b(the (?:blog's )?authors)\b.*\b\1\b", re.IGNORECASE)
_BROKEN = re.compile(r"\S  +\S| [.,;:](?=\s|$)|[a-z]- (?!and\b|or\b|to\b|vs\b)[a-z]")


class Rule(enum.StrEnum):
    DANGLING_OPENER = "dangling_opener"
    FIRST_PERSON = "first_person"
    LATEX_RESIDUE = "latex_residue"
    SKIPPED_NUMBERING = "skipped_numbering"
    SHORT_SECTION = "short_section"
    MISPLACED_SENTENCE = "misplaced_sentence"
    BROKEN_TEXT = "broken_text"
    HOOK_REPEATS_TITLE = "hook_repeats_title"
    REPEATED_SUBJECT = "repeated_subject"
    DANGLING_POINTER = "dangling_pointer"


@dataclass(frozen=True)
class Finding:
    rule: Rule
    section: str  # a section name, or "hook"
    detail: str


class Reviewed(Protocol):
    """A `Review` or a producer's `Draft`: what the linter reads."""

    @property
    def hook(self) -> str: ...

    @property
    def sections(self) -> tuple[ReviewSection, ...]: ...


def _text_findings(name: str, text: str) -> list[Finding]:
    found = [Finding(Rule.FIRST_PERSON, name, word) for word in first_person(text)]
    found += [Finding(Rule.LATEX_RESIDUE, name, piece) for piece in residue(text)]
    found += [Finding(Rule.SKIPPED_NUMBERING, name, gap) for gap in numbering_gaps(text)]
    found += [Finding(Rule.BROKEN_TEXT, name, m.group(0)) for m in _BROKEN.finditer(text)]
    found += [
        Finding(Rule.REPEATED_SUBJECT, name, sentence[:80])
        for sentence in split_sentences(text)
        if _REPEATED_SUBJECT.search(sentence)
    ]
    opener = dangling_opener(text)
    if opener is not None:
        found.append(Finding(Rule.DANGLING_OPENER, name, opener))
    return found


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _follows(before: str, sentence: str, source: str) -> bool:
    """Whether `sentence` comes right after `before` in `source` (both as the review
    voiced them: the source is read in the third person too)."""
    tail, head, text = _words(before)[-6:], _words(sentence)[:6], _words(third_person(source))
    joined = tail + head
    width = len(joined)
    return bool(tail) and any(text[i : i + width] == joined for i in range(len(text)))


def _dangling_pointers(review: Reviewed, source: str | None) -> list[Finding]:
    """A section whose first sentence holds a pronoun ("... fixes this ...") standing for a
    sentence the reader has not just read: the one before it in the review (the hook or the
    previous section's last) is not the one before it in `source` (unknown: flagged)."""
    found = []
    before = split_sentences(review.hook)[-1:]
    for section in review.sections:
        sentences = split_sentences(section.text)
        pointer = inner_pointer(sentences[0]) if sentences else None
        if pointer is not None and not (
            source and before and _follows(before[0], sentences[0], source)
        ):
            found.append(Finding(Rule.DANGLING_POINTER, section.name, pointer))
        before = sentences[-1:] or before
    hook_pointer = inner_pointer(next(iter(split_sentences(review.hook)), ""))
    if hook_pointer is not None:
        found.append(Finding(Rule.DANGLING_POINTER, HOOK, hook_pointer))
    return found


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def repeats_title(hook: str, title: str) -> bool:
    """Whether the hook is the paper's title again (with a full stop or not)."""
    return bool(_normal(title)) and _normal(hook) == _normal(title)


def _is_short(text: str) -> bool:
    """Shorter than one sentence: fewer than three words, or no sentence end."""
    stripped = text.strip()
    return len(_WORD.findall(stripped)) < 3 or not stripped.endswith((".", "!", "?", "…"))


def is_misplaced(heading: str, scored: Scored) -> bool:
    """Whether the classifier is sure a sentence under `heading` belongs to another."""
    if heading in (HOOK, "Implementation") or scored.section is None:
        return False
    accepted = _ACCEPTS.get(scored.section, frozenset())
    return heading not in accepted and scored.confidence >= MISPLACED_CONFIDENCE


def _placed(review: Reviewed) -> list[tuple[str, str]]:
    """(heading, sentence) in reading order, the hook's sentences first."""
    placed = [(HOOK, s) for s in split_sentences(review.hook)]
    return placed + [(x.name, s) for x in review.sections for s in split_sentences(x.text)]


def misplaced(review: Reviewed, classifier: RoleClassifier) -> list[tuple[str, str]]:
    """(heading, sentence) the classifier, reading the review in its order, is sure belong
    under another heading."""
    placed = _placed(review)
    if not placed or not isinstance(classifier, ScoresRoles):
        return []
    scores = score(classifier, [s for _, s in placed])
    return [p for p, scored in zip(placed, scores, strict=True) if is_misplaced(p[0], scored)]


def without_misplaced(review: Reviewed, classifier: RoleClassifier) -> tuple[ReviewSection, ...]:
    """The review's sections without the sentences `misplaced` finds (and without a
    sentence left opening its section on a pointer); a section left empty goes."""
    wrong = set(misplaced(review, classifier))
    if not wrong:
        return review.sections
    sections = []
    for section in review.sections:
        kept = [s for s in split_sentences(section.text) if (section.name, s) not in wrong]
        while kept and dangling_opener(kept[0]) is not None:
            kept = kept[1:]
        if kept:
            sections.append(ReviewSection(section.name, " ".join(kept)))
    return tuple(sections)


def lint_review(
    review: Reviewed,
    classifier: RoleClassifier | None = None,
    *,
    title: str | None = None,
    source: str | None = None,
) -> list[Finding]:
    """Every rule a review breaks; empty when it reads as one piece of writing. `title`:
    the paper's, which the hook must not merely repeat; `source`: the text the review was
    made from (its abstract), which tells whether a pronoun inside a section's first
    sentence follows what it stands for."""
    found = _text_findings(HOOK, review.hook) + _dangling_pointers(review, source)
    says_why = any(section.text in TITLE_ONLY for section in review.sections)
    if title is not None and repeats_title(review.hook, title) and not says_why:
        found.append(Finding(Rule.HOOK_REPEATS_TITLE, HOOK, review.hook[:80]))
    for section in review.sections:
        found += _text_findings(section.name, section.text)
        if _is_short(section.text):
            found.append(Finding(Rule.SHORT_SECTION, section.name, section.text[:80]))
    if classifier is not None:
        found += [
            Finding(Rule.MISPLACED_SENTENCE, heading, sentence[:80])
            for heading, sentence in misplaced(review, classifier)
        ]
    return found


def count_by_rule(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings per rule, every rule present (zero when none)."""
    counts = {rule.value: 0 for rule in Rule}
    for finding in findings:
        counts[finding.rule.value] += 1
    return counts


__all__ = [
    "HOOK",
    "MISPLACED_CONFIDENCE",
    "Finding",
    "Rule",
    "count_by_rule",
    "is_misplaced",
    "lint_review",
    "misplaced",
    "repeats_title",
    "without_misplaced",
]
