"""Writes long_compilation.tex: the bodies of sparse_router.tex and tabular_agents.tex, each
repeated as numbered parts of one long document (55 pages with pdflatex), so the benchmark
has a 50+ page LaTeXML page of real converter output. Run here, then latexmlc it."""

import re
from pathlib import Path

REPEATS = 11


def body(name: str) -> str:
    text = Path(name).read_text()
    text = text[text.index("\\section{Introduction}") : text.index("\\begin{thebibliography}")]
    text = re.sub(r"\\(cite|citep|citet)\{[^}]*\}", "", text)
    text = re.sub(r"\\label\{[^}]*\}", "", text)
    return re.sub(r"\\ref\{[^}]*\}", "1", text)


parts = []
for _ in range(REPEATS):
    for name in ("sparse_router.tex", "tabular_agents.tex"):
        parts.append(body(name) + "\n\\clearpage\n")
Path("long_compilation.tex").write_text(
    "\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{hyperref}\n"
    "\\title{A Compilation of Two Studies}\n\\author{Ada Example}\n\\begin{document}\n"
    "\\maketitle\n\\begin{abstract}\nWe propose two methods and evaluate them at length.\n"
    "\\end{abstract}\n" + "".join(parts) + "\\end{document}\n"
)
