"""Writes math_heavy.tex: 40 sections of 8 paragraphs, each with four inline formulae and a
numbered equation (1,920 formulae, 1 MB of latexml HTML): the benchmark's measure of what
MathML costs the parser. Run here, then `latexmlc --format=html5` it (about 3 minutes)."""

from pathlib import Path

parts = [
    "\\documentclass{article}\\usepackage{amsmath}\\begin{document}\\title{Math heavy}"
    "\\maketitle\\begin{abstract}We propose a method.\\end{abstract}"
]
for s in range(40):
    parts.append(f"\\section{{Section {s}}}")
    for p in range(8):
        parts.append(
            f"We define $f_{{{p}}}(x)=\\sum_{{i=1}}^{{n}} \\alpha_i x^{{i}}$ and "
            f"$g(x)=\\frac{{1}}{{1+e^{{-x}}}}$ so that "
            f"$\\mathcal{{L}}(\\theta)=\\mathbb{{E}}[\\ell(f_\\theta(x),y)]$ with $\\lambda={p}.5$ "
            f"and $\\|W\\|_2\\leq 1$. The model reaches {p}0.{s}\\% accuracy compared with "
            f"4{p}.2\\% for the baseline.\n\\begin{{equation}}\\nabla_\\theta \\mathcal{{L}} = "
            f"\\sum_{{j=1}}^{{m}} \\frac{{\\partial \\ell}}{{\\partial \\theta_j}} + \\lambda "
            f"\\theta\\end{{equation}}\n"
        )
parts.append("\\end{document}")
Path("math_heavy.tex").write_text("\n".join(parts))
