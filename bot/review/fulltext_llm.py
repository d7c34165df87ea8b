"""What an LLM gets of a paper's full text, and the check its answer must pass.

`llm_context`: the structured full text cut to a budget by section priority (the abstract,
then the introduction, conclusion, results, method, setup; related work and appendices
never), each section's opening paragraph first, then the rest while it fits; then put back
in reading order with their numbered titles. The end of a paper is never
cut off just because it comes last.

`ungrounded`: every number and every named data set, model or method in a review must
appear in the paper (its text, captions and table cells). What does not is returned; a
review with any is not used (bot.review.llm raises, the reviewer falls back).
"""

from __future__ import annotations

import re

from bot.fulltext.document import FullText, Section
from bot.review.fulltext_pick import Part, section_parts

CHARS_PER_TOKEN = 4  # a rough mean for English prose with math; the budget is in tokens
PRIORITY = {Part.INTRO: 0, Part.CONCLUSION: 1, Part.RESULTS: 2, Part.METHOD: 3, Part.SETUP: 4}
# numbers: 71.2, 79,168, 3e-5, 97%
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:e-?\d+)?")
# names: CamelCase (TriviaQA), acronyms (GPT, NQ), names with digits (A100, Llama-2-70B,
# GPT-3.5, T5-large)
_NAME = re.compile(
    r"\b(?:[A-Za-z][\w]*(?:-[\w.]*\d[\w.]*)+|[A-Za-z]+\d[\w.]*|[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}\w*)"
    r"(?<![.])"
)
# words a review may use that name nothing from the paper
COMMON = frozenset({"AI", "ML", "LLM", "LLMs", "NLP", "GPU", "GPUs", "TPU", "API", "SOTA"})


def llm_context(document: FullText, max_tokens: int) -> str:
    """The paper as `## 4.2 Main results` blocks, chosen by priority to fit the budget:
    first each section's opening paragraph (so a long introduction cannot crowd out the
    conclusion), then the rest of each section, in priority order."""
    budget = max_tokens * CHARS_PER_TOKEN
    abstract = f"## Abstract\n{document.abstract}" if document.abstract else ""
    budget -= len(abstract)
    ranked = sorted(
        (
            (PRIORITY[part], index, section)
            for index, (section, part) in enumerate(
                zip(document.sections, section_parts(document), strict=True)
            )
            if part in PRIORITY and (section.paragraphs or section.captions)
        ),
        key=lambda item: (item[0], item[1]),
    )
    texts = {index: _texts(section) for _, index, section in ranked}
    taken: dict[int, list[str]] = {}
    for opening in (True, False):
        for _, index, section in ranked:
            pending = texts[index][:1] if opening else texts[index]
            for text in pending:
                if text in taken.get(index, []):
                    continue
                cost = len(text) + 1 + (0 if index in taken else len(section.label) + 5)
                if cost > budget:
                    break
                taken.setdefault(index, []).append(text)
                budget -= cost
    blocks = [abstract] if abstract else []
    for index in sorted(taken):
        section = document.sections[index]
        blocks.append("\n".join([f"## {section.label}", *taken[index]]))
    return "\n\n".join(blocks)


def _texts(section: Section) -> list[str]:
    return [p.text for p in section.paragraphs] + [
        f"[{c.kind.value} caption] {c.text}" for c in section.captions
    ]


def paper_text(document: FullText) -> str:
    parts = [document.title, document.abstract]
    for section in document.sections:
        parts.append(section.title)
        parts += [p.text for p in section.paragraphs]
        for caption in section.captions:
            parts.append(caption.text)
            parts += [" ".join(row) for row in caption.cells]
    return "\n".join(parts)


def _number(text: str) -> str:
    return text.replace(",", "")


def ungrounded(texts: list[str], document: FullText) -> list[str]:
    """The numbers and names in `texts` that the paper does not contain, in order, once."""
    source = paper_text(document)
    numbers = {_number(n) for n in _NUMBER.findall(source)}
    missing: dict[str, None] = {}
    for text in texts:
        for number in _NUMBER.findall(text):
            if _number(number) not in numbers:
                missing[number] = None
        for name in _NAME.findall(text):
            if name not in COMMON and name not in source:
                missing[name] = None
    return list(missing)


__all__ = ["CHARS_PER_TOKEN", "llm_context", "paper_text", "ungrounded"]
