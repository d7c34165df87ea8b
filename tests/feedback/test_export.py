"""BibTeX and RIS of saved papers: arXiv's fields, TeX in titles kept, nothing that breaks
the file."""

from __future__ import annotations

import datetime as dt

from bot.feedback.export import ExportFormat, bibtex_entry, export
from bot.model import Paper

# arXiv:2402.13718's title as arXiv serves it (TeX in the title)
INFTY = Paper(
    arxiv_id="2402.13718",
    title="$\\infty$Bench: Extending Long Context Evaluation Beyond 100K Tokens",
    abstract="",
    authors=("Xinrong Zhang", "Yingfa Chen"),
    categories=("cs.CL",),
    primary_category="cs.CL",
    published=dt.datetime(2024, 2, 21, tzinfo=dt.UTC),
)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_tex_in_a_title_is_kept_and_the_entry_is_whole() -> None:
    entry = bibtex_entry(INFTY)
    assert entry.startswith("@misc{zhang2024_240213718,\n")
    title = "$\\infty$Bench: Extending Long Context Evaluation Beyond 100K Tokens"
    assert f"  title = {{{{{title}}}}}," in entry
    assert "  primaryClass = {cs.CL}," in entry
    assert _balanced(entry)


def test_odd_titles_and_names_cannot_break_the_file() -> None:
    odd = Paper(
        arxiv_id="hep-th/9901001", title="R&D at 100% {of a_b", abstract="",
        authors=("Zoë Ñúñez",), published=dt.datetime(1999, 1, 1, tzinfo=dt.UTC),
    )  # fmt: skip
    entry = bibtex_entry(odd)
    assert entry.startswith("@misc{nunez1999_hepth9901001,\n")
    assert "title = {{R\\&D at 100\\% of a\\_b}}" in entry
    assert "eprint = {hep-th/9901001}" in entry
    assert "primaryClass" not in entry  # no category known: the field is left out
    assert _balanced(entry)
    ris = export([odd, INFTY], ExportFormat.RIS)
    assert ris.count("ER  - ") == 2
    assert "AN  - arXiv:hep-th/9901001" in ris
