"""Put each paper's own LaTeX under a plain `article` preamble LaTeXML can read.

The sources (see ../SOURCES.md) use journal classes and packages LaTeXML does not have.
This keeps the paper's title, abstract and body: `\\input` files are inlined, pgfplots
pictures, graphics and bibliography commands dropped, minted listings made verbatim, and
the few macros the papers define outside their bodies given plain meanings.
Run: python3 wrap.py (reads /tmp/asksrc/<dir>, writes /tmp/askbuild/<name>.tex).
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path("/tmp/asksrc")
OUT = Path("/tmp/askbuild")
MACROS = {
    "code": r"[1]{\texttt{#1}}",
    "ff": r"[1]{\texttt{#1}}",
    "mintinline": r"[2]{\texttt{#2}}",
    "metricsymbols": r"[1]{#1}",
    "sep": r"{,}",
    "cam": r"{CAM}",
    "rgb": r"{\mathbf{R}}",
    "todo": r"[1]{}",
    "added": r"[1]{#1}",
    "field": r"{graph algorithmics}",
    "runtime": r"{runtime}",
    "tarjan": r"{Tarjan's algorithm}",
    "bellman": r"{Bellman-Ford algorithm}",
    "SI": r"[2]{#1\,#2}",
    "si": r"[1]{#1}",
    "num": r"[1]{#1}",
    "tbd": r"[1]{#1}",
    "citet": r"[1]{[#1]}",
    "citep": r"[1]{[#1]}",
    "interval": r"[2]{[#1, #2]}",
    "degree": r"{\textdegree}",
}
PREAMBLE = (
    "\\documentclass{article}\n"
    "\\usepackage{amsmath,amssymb,graphicx,hyperref,booktabs,tabularx,enumitem}\n"
    + "".join(f"\\providecommand{{\\{name}}}{body}\n" for name, body in MACROS.items())
)
DROPPED = re.compile(
    r"\\(bibliographystyle|bibliography|printbibliography|beginsupplement|hypersetup"
    r"|setlength|renewcommand)(\{[^}]*\}|\\\w+)*(\[[^\]]*\])?(\{[^}]*\})*"
)
MINTED = re.compile(r"\\begin\{minted\}(\[[^\]]*\])?\{[^}]*\}(.*?)\\end\{minted\}", re.S)


def inline(text: str, base: Path) -> str:
    def included(match: re.Match[str]) -> str:
        path = base / match.group(1)
        if not path.suffix:
            path = path.with_suffix(".tex")
        return inline(path.read_text(), base) if path.exists() else ""

    return re.sub(r"\\input\{([^}]*)\}", included, text)


def clean(body: str) -> str:
    body = re.sub(r"(?m)^\s*%.*$", "", body)
    body = re.sub(r"(?<!\\)%.*", "", body)
    body = re.sub(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", "", body, flags=re.S)
    body = MINTED.sub(r"\\begin{verbatim}\2\\end{verbatim}", body)
    body = re.sub(r"\\begin\{inparaenum\}(\[[^\]]*\])?", "", body)
    body = body.replace(r"\end{inparaenum}", "")
    body = DROPPED.sub("", body)
    return re.sub(r"\\includegraphics(\[[^\]]*\])?\{[^}]*\}", "", body)


def write(name: str, title: str, abstract: str, body: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    document = (
        f"{PREAMBLE}\\title{{{title}}}\n\\begin{{document}}\n\\maketitle\n"
        f"\\begin{{abstract}}\n{clean(abstract).strip()}\n\\end{{abstract}}\n"
        f"{clean(body)}\n\\end{{document}}\n"
    )
    (OUT / f"{name}.tex").write_text(document)


def article(name: str, main: str, title: str, body_start: str | None = None) -> None:
    """A paper in one file (plus its `\\input`s) with an abstract environment."""
    path = SRC / main
    text = inline(path.read_text(), path.parent).split(r"\begin{document}", 1)[1]
    found = re.search(r"\\begin\{abstract\}(.*?)\\end\{abstract\}", text, re.S)
    assert found is not None, main
    body = text[found.end() :]
    if body_start:
        body = body[body.index(body_start) :]
    body = body.replace(r"\maketitle", "").split(r"\end{document}")[0]
    write(name, title, found.group(1), body)


def rescience(name: str, directory: str, title: str) -> None:
    """A ReScience C article: the abstract in metadata.tex, the body in content.tex."""
    paper = SRC / directory / "paper"
    meta = (paper / "metadata.tex").read_text()
    found = re.search(r"\\def \\articleABSTRACT\{(.*)\}\s*$", meta, re.M)
    abstract = found.group(1).replace("\t", "\\t") if found else ""
    body = inline((paper / "content.tex").read_text(), paper)
    if (paper / "appendix.tex").exists():
        body += inline((paper / "appendix.tex").read_text(), paper)
    write(name, title, abstract, body)


def main() -> None:
    article(
        "latin_verse",
        "fail/paper/fail.tex",
        "(Not) Understanding Latin Poetic Style with Deep Learning",
        body_start=r"\section{Introduction}",
    )
    article(
        "cam16",
        "cam16/main.tex",
        "Algorithmic improvements for the CIECAM02 and CAM16 color appearance models",
    )
    article(
        "immutability",
        "immut/paper/article.tex",
        "The Impact of Object Immutability on the Java Class Size",
    )
    article(
        "volatility",
        "volat/paper/article.tex",
        "Volatility Metric to Detect Anomalies in Source Code Repositories",
    )
    article(
        "cam_archive",
        "camj/paper/paper.tex",
        "CAM: A Collection of Snapshots of GitHub Java Repositories Together with Metrics",
    )
    rescience("graph_ordering", "gorder", "[Re] Speedup Graph Processing by Graph Ordering")
    rescience("reservoir", "ngrc", "[Re] Next Generation Reservoir Computing")
    rescience(
        "essential_genes",
        "broman",
        "[Rp] Reproducibility report: Identifying essential genes by mutagenesis",
    )


if __name__ == "__main__":
    main()
