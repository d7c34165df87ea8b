"""Where each house section's sentences come from in a paper's full text.

A paper's sections are given a part by their titles ("3 Method" -> method, "4.1 Datasets"
-> setup, "5 Results" -> results, "7 Conclusion" -> conclusion; related work, appendices
and acknowledgements are left out); an untitled-looking section between the introduction
and the experiments is taken for method (papers name their method section after the method).
Each sentence then gets a score per house section from cue words and concrete details
(numbers, data sets, model sizes, hyperparameters, compute, baselines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.fulltext.document import FullText, Section
from bot.review.extractive import is_boilerplate
from bot.review.sentences import split_sentences


class Part(StrEnum):
    INTRO = "intro"
    METHOD = "method"
    SETUP = "setup"
    RESULTS = "results"
    CONCLUSION = "conclusion"
    SKIP = "skip"


# first match wins: "Experimental setup" is setup before "experiment" is results
_TITLES: tuple[tuple[Part, re.Pattern[str]], ...] = tuple(
    (part, re.compile(pattern, re.IGNORECASE))
    for part, pattern in (
        (Part.SKIP, r"related work|prior work|literature|acknowledg|references|bibliograph|"
         r"ethic|broader impact statement|reproducibility|contribution statement|"
         r"author contribution|notation|preliminar"),
        (Part.INTRO, r"introduction|motivation|^overview$|problem (statement|setting|formulation)"),
        (Part.SETUP, r"setup|set-up|settings?\b|implementation|training details|datasets?\b|"
         r"\bdata\b|hyper-?parameters?|baselines?|experimental details|evaluation protocol|"
         r"compute|benchmarks?\b|metrics?\b"),
        (Part.CONCLUSION, r"conclu|discussion|limitation|future (work|direction)|summary|"
         r"outlook|broader impact|takeaway"),
        (Part.RESULTS, r"result|experiment|evaluation|ablation|analys|comparison|performance|"
         r"findings|empirical|case stud|scaling"),
        (Part.METHOD, r"method|approach|model\b|architecture|framework|algorithm|design|"
         r"proposed|technique|formulation|pipeline|training|objective|our "),
    )
)  # fmt: skip

_CITE_NUMERIC = re.compile(r"\s*\[(?:\?|\d+(?:\s*[-–,]\s*\d+)*)?\s*\]")
_CITE_AUTHOR_YEAR = re.compile(
    r"\s*\((?:see\s+)?(?:e\.g\.,?\s+)?(?:(?:de|van|von|der|da|di|le|la)\s+)?[A-Z][^()]{0,120}?"
    r"(?:et al\.|and [A-Z][\w-]+)?,?\s+"
    r"(?:19|20)\d\d[a-z]?(?:;[^()]{0,120})?\)"
)
# "[Herzig et al., 2020]", "[Hall et al.2009]", "[Lemaître, Nogueira, and Aridas2017]"
_CITE_BRACKETED = re.compile(r"\s*\[[^\W\d_][^\[\]]{0,200}?(?:19|20)\d\d[a-z]?\]")
_YEAR_AFTER_NAME = re.compile(r"(et al\.|[A-Z][\w-]+)\s+\(((?:19|20)\d\d[a-z]?)\)")
_FIGURE_REF = re.compile(
    r"\s*\((?:see\s+)?(?:Fig(?:ure)?s?\.?|Tab(?:le)?s?\.?|Sec(?:tion)?s?\.?|§|Eq(?:uation)?s?\.?|"
    r"App(?:endix)?\.?)\s*[\w.]+(?:\s*(?:and|,|-|–)\s*[\w.]+)*\)"
)
_AS_SHOWN = re.compile(
    r"^(?:As (?:shown|seen|illustrated|depicted|reported|summari[sz]ed) in|As in|In|See)\s+"
    r"(?:Fig(?:ure)?|Table|Section|Sec\.|Appendix)\s*[\w.]+,?\s*",
    re.IGNORECASE,
)
_POINTS_AT_FLOAT = re.compile(
    r"^(?:Fig(?:ure)?\.?|Table|Tab\.)\s*[\w.]+\b|\b(?:Figure|Fig\.|Table)\s*\d+\s+"
    r"(?:shows|presents|compares|summari[sz]es|reports|lists|illustrates|depicts)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
_CONCRETE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|×|x\b|times|points?|pp\b)|\d+\.\d+")
_COMPARE = re.compile(
    r"\b(outperform\w*|compared|than|versus|vs\.?|over|baselines?|state[- ]of[- ]the[- ]art|"
    r"sota|improv\w*|gains?|reduc\w*|surpass\w*|beats?|achiev\w*|reach\w*|matches|exceeds?|"
    r"lower|higher|better|worse|drops?)\b",
    re.IGNORECASE,
)
_SETUP_CUES = {
    "data": re.compile(r"\b(data ?sets?|benchmarks?|corpus|corpora|examples|samples|splits?|"
                       r"questions|images|tokens|training set|test set)\b", re.IGNORECASE),
    "model": re.compile(r"\b\d+(?:\.\d+)?\s?[MBK]\b|\bparameters?\b|\blayers\b|"
                        r"\b(initiali[sz]ed from|backbone|pre-?trained)\b", re.IGNORECASE),
    "hyper": re.compile(r"learning rate|batch size|epochs?|steps|warm-?up|optimi[sz]er|"
                        r"\bAdamW?\b|\bSGD\b|weight decay|dropout|temperature|\\tau|τ",
                        re.IGNORECASE),
    "compute": re.compile(r"\b(GPUs?|TPUs?|A100|H100|V100|A40|RTX|GPU[- ]hours|hours|days|"
                          r"cluster|nodes?)\b", re.IGNORECASE),
}  # fmt: skip
_PROBLEM = re.compile(
    r"\b(however|challeng\w*|problem|limitation\w*|limited|remains?|costly|expensive|fails?|"
    r"lack\w*|difficult|bottleneck|gap|unclear|insufficient|suffer\w*|struggle\w*|"
    r"inefficien\w*|irrelevant|grows?)\b",
    re.IGNORECASE,
)
_CONTRIBUTION = re.compile(
    r"\b(we (propose|introduce|present|develop|design|show|demonstrate|release)|"
    r"contributions?|in this (paper|work)|this (paper|work) (proposes|introduces|presents))\b",
    re.IGNORECASE,
)
_METHOD_CUES = re.compile(
    r"\b(consists?|comprises?|is trained|we train|we use|is based|based on|we design|module|"
    r"encoder|decoder|loss|objective|layer|scores?|computes?|predicts?|learns?|takes|outputs?|"
    r"maps?|selects?|keeps?)\b",
    re.IGNORECASE,
)
_IMPLICATION = re.compile(
    r"\b(suggests?|shows? that|demonstrates?|enables?|opens?|paves?|implications?|"
    r"can scale|practical|we believe|highlights?|underscores?|promising|step toward)\b",
    re.IGNORECASE,
)
_LIMITATION = re.compile(
    r"\b(limitation\w*|not (yet )?(evaluated|tested|address\w*)|does not|do not|cannot|"
    r"requires? retrain\w*|fails? to|only (works|applies)|restricted)\b",
    re.IGNORECASE,
)
_MATH_SPAN = re.compile(r"\$[^$]*\$")


@dataclass(frozen=True)
class Candidate:
    """One sentence of the paper, cleaned, with where it came from."""

    index: int  # position in the paper's sentence stream (for `openers.arrange`)
    text: str
    part: Part
    section: str  # "4.2 Main results"
    anchor: str  # "S4.SS2.p1", or a table's "S5.T1"
    caption: bool = False


def part_of(title: str) -> Part | None:
    for part, pattern in _TITLES:
        if pattern.search(title):
            return part
    return None


def section_parts(document: FullText) -> list[Part]:
    """Each section's part: its own title, else its parent's, else its place in the paper."""
    parts: list[Part] = []
    parents: dict[int, Part] = {}
    seen_results = False
    for section in document.sections:
        own = part_of(section.title)
        if section.number[:1].isalpha() or section.anchor.startswith("A"):
            own = Part.SETUP if own is Part.SETUP else Part.SKIP  # appendices: setup only
        part = own or next(
            (parents[level] for level in range(section.level - 1, 0, -1) if level in parents),
            None,
        )
        if part is None:
            part = Part.CONCLUSION if seen_results else Part.METHOD
        seen_results = seen_results or part in (Part.RESULTS, Part.SETUP)
        parents = {k: v for k, v in parents.items() if k < section.level}
        parents[section.level] = part
        parts.append(part)
    return parts


def clean(sentence: str) -> str:
    """Citation markers, figure/section pointers and their leftovers taken out (math,
    between `$`, is left as written: `[0,1]` there is an interval, not a citation)."""
    pieces = []
    last = 0
    for math in _MATH_SPAN.finditer(sentence):
        pieces.append(_uncite(sentence[last : math.start()]) + math.group(0))
        last = math.end()
    text = "".join(pieces) + _uncite(sentence[last:])
    shown = _AS_SHOWN.match(text)
    if shown is not None and shown.end() < len(text):
        rest = text[shown.end() :]
        text = rest[:1].upper() + rest[1:]
    text = re.sub(r"\s+([.,;:])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _uncite(text: str) -> str:
    text = _CITE_NUMERIC.sub("", text)
    text = _CITE_AUTHOR_YEAR.sub("", text)
    text = _CITE_BRACKETED.sub("", text)
    text = _YEAR_AFTER_NAME.sub(r"\1", text)
    return _FIGURE_REF.sub("", text)


def usable(text: str) -> bool:
    """A sentence a reader can take alone: not a fragment, a pointer to a float or an URL."""
    if not 40 <= len(text) <= 420 or text.endswith("?") or text.startswith("*"):
        return False
    math = sum(len(m) for m in _MATH_SPAN.findall(text))
    if math > 0.25 * len(text):  # cheap checks first: math-heavy papers have thousands
        return False
    return not _POINTS_AT_FLOAT.search(text) and not is_boilerplate(text)


def candidates(document: FullText) -> list[Candidate]:
    """Every usable sentence of the parts the review draws on, in reading order, and each
    table's caption (which often states the main numbers)."""
    found: list[Candidate] = []
    index = 0
    for section, part in zip(document.sections, section_parts(document), strict=True):
        if part is Part.SKIP:
            continue
        label = _label(document, section)
        for paragraph in section.paragraphs:
            for raw in split_sentences(paragraph.text):
                text = clean(raw)
                index += 1
                if usable(text):
                    found.append(Candidate(index, text, part, label, paragraph.anchor))
        for caption in section.captions:
            for raw in split_sentences(caption.text):
                text = clean(raw)
                index += 1
                if usable(text):
                    found.append(Candidate(index, text, part, label, caption.anchor, True))
    return found


def _label(document: FullText, section: Section) -> str:
    """ "4.2 Main results"; a titled paragraph without a number: "4 Experimental Setup:
    Datasets"."""
    if section.number or section.level == 1:
        return section.label
    index = document.sections.index(section)
    for parent in reversed(document.sections[:index]):
        if parent.level < section.level and parent.number:
            return f"{parent.label}: {section.title}"
    return section.label


# scores per house section; 0 = not a candidate -----------------------------------------


def problem_score(c: Candidate) -> float:
    if c.part is not Part.INTRO:
        return 0.0
    return 1.0 + 2.0 * bool(_PROBLEM.search(c.text)) + 2.0 * bool(_CONTRIBUTION.search(c.text))


def method_score(c: Candidate) -> float:
    if c.part is not Part.METHOD or c.caption:
        return 0.0
    return 1.0 + bool(_METHOD_CUES.search(c.text)) + 0.5 * bool(_CONTRIBUTION.search(c.text))


def setup_score(c: Candidate) -> float:
    kinds = sum(bool(cue.search(c.text)) for cue in _SETUP_CUES.values())
    if not kinds or not _NUMBER.search(c.text):
        return 0.0
    compute = 0.5 * bool(_SETUP_CUES["compute"].search(c.text))  # the rarest, and valued
    return kinds + compute + (2.0 if c.part is Part.SETUP else 0.0)


def results_score(c: Candidate) -> float:
    if c.part not in (Part.RESULTS, Part.SETUP):
        return 0.0
    if not _CONCRETE.search(c.text):  # a paper without numbers still states its findings
        return 0.5 if c.part is Part.RESULTS and _COMPARE.search(c.text) else 0.0
    return 1.0 + 2.0 * bool(_COMPARE.search(c.text)) + 0.5 * (c.part is Part.RESULTS)


def significance_score(c: Candidate) -> float:
    if c.part is not Part.CONCLUSION or c.caption:
        return 0.0
    # what the authors admit does not work ranks first: the house values it most
    return 1.0 + 2.0 * bool(_IMPLICATION.search(c.text)) + 2.5 * bool(_LIMITATION.search(c.text))


def is_limitation(c: Candidate) -> bool:
    return bool(_LIMITATION.search(c.text))


__all__ = [
    "Candidate",
    "Part",
    "candidates",
    "clean",
    "is_limitation",
    "method_score",
    "part_of",
    "problem_score",
    "results_score",
    "section_parts",
    "setup_score",
    "significance_score",
    "usable",
]
