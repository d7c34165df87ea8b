"""Saved papers as BibTeX (with arXiv's eprint fields) and RIS (what Zotero imports)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum

from bot.model import Paper


class ExportFormat(StrEnum):
    BIBTEX = "bibtex"
    RIS = "ris"

    @property
    def filename(self) -> str:
        return "saved-papers.bib" if self is ExportFormat.BIBTEX else "saved-papers.ris"

    @property
    def mime(self) -> str:
        """The media types reference managers know these files by (neither is IANA-registered)."""
        return (
            "application/x-bibtex"
            if self is ExportFormat.BIBTEX
            else "application/x-research-info-systems"
        )


def _year(paper: Paper) -> str:
    when = paper.published or paper.first_seen
    return str(when.year) if when else ""


def _url(paper: Paper) -> str:
    return f"https://arxiv.org/abs/{paper.arxiv_id}"


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _bib_escape(text: str) -> str:
    """arXiv's TeX kept (`$\\mathcal{O}(n)$` is what the title says); braces dropped when
    they do not balance and bare `&`, `%`, `#` escaped (and `_` outside math), so one odd
    title cannot break the file."""
    text = " ".join(text.split())
    if not _balanced(text):
        text = text.replace("{", "").replace("}", "")
    specials = r"([&%#])" if "$" in text else r"([&%#_])"
    return re.sub(r"(?<!\\)" + specials, r"\\\1", text)


def _key(paper: Paper) -> str:
    first = paper.authors[0].split()[-1] if paper.authors else "arxiv"
    ascii_name = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z]", "", ascii_name).lower() or "arxiv"
    return f"{name}{_year(paper)}_{re.sub(r'[^0-9A-Za-z]', '', paper.arxiv_id)}"


def bibtex_entry(paper: Paper) -> str:
    fields = [
        ("title", "{" + _bib_escape(paper.title) + "}"),
        ("author", _bib_escape(" and ".join(paper.authors))),
        ("year", _year(paper)),
        ("eprint", paper.arxiv_id),
        ("archivePrefix", "arXiv"),
        ("primaryClass", paper.primary_category or (paper.categories or ("",))[0]),
        ("url", _url(paper)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{_key(paper)},\n{body}\n}}"


def ris_entry(paper: Paper) -> str:
    lines = ["TY  - ELEC", f"TI  - {' '.join(paper.title.split())}"]
    lines += [f"AU  - {author}" for author in paper.authors]
    if _year(paper):
        lines.append(f"PY  - {_year(paper)}")
    lines += [f"UR  - {_url(paper)}", f"AN  - arXiv:{paper.arxiv_id}", "DB  - arXiv"]
    if paper.abstract:
        lines.append(f"AB  - {' '.join(paper.abstract.split())}")
    lines.append("ER  - ")
    return "\n".join(lines)


def export(papers: Sequence[Paper], fmt: ExportFormat) -> str:
    entry = bibtex_entry if fmt is ExportFormat.BIBTEX else ris_entry
    return "\n\n".join(entry(p) for p in papers) + "\n"


__all__ = ["ExportFormat", "bibtex_entry", "export", "ris_entry"]
