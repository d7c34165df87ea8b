import re, sys, pathlib
SRC = pathlib.Path('/tmp/asksrc')
PRE = r"""\documentclass{article}
\usepackage{amsmath,amssymb,graphicx,hyperref,booktabs,tabularx,enumitem}
\providecommand{\code}[1]{\texttt{#1}}
\providecommand{\ff}[1]{\texttt{#1}}
\providecommand{\mintinline}[2]{\texttt{#2}}
\providecommand{\metricsymbols}[1]{#1}
\providecommand{\sep}{,}
\providecommand{\cam}{CAM}
\providecommand{\rgb}{\mathbf{R}}
\providecommand{\todo}[1]{}
\providecommand{\added}[1]{#1}
\providecommand{\field}{graph algorithmics}
\providecommand{\runtime}{runtime}
\providecommand{\tarjan}{Tarjan's algorithm}
\providecommand{\bellman}{Bellman-Ford algorithm}
\providecommand{\SI}[2]{#1\,#2}
\providecommand{\si}[1]{#1}
\providecommand{\num}[1]{#1}
\providecommand{\tbd}[1]{#1}
\providecommand{\citet}[1]{[#1]}
\providecommand{\citep}[1]{[#1]}
\providecommand{\interval}[2]{[#1, #2]}
\providecommand{\degree}{\textdegree}
"""

def inline(text, base):
    def rep(m):
        name = m.group(1)
        p = base / name
        if not p.suffix: p = p.with_suffix('.tex')
        return inline(p.read_text(), base) if p.exists() else ''
    return re.sub(r'\\input\{([^}]*)\}', rep, text)

def clean(body):
    body = re.sub(r'(?m)^\s*%.*$', '', body)
    body = re.sub(r'(?<!\\)%.*', '', body)
    body = re.sub(r'\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}', '', body, flags=re.S)
    body = re.sub(r'\\begin\{minted\}(\[[^\]]*\])?\{[^}]*\}(.*?)\\end\{minted\}', r'\\begin{verbatim}\2\\end{verbatim}', body, flags=re.S)
    body = re.sub(r'\\begin\{inparaenum\}(\[[^\]]*\])?', r'', body)
    body = body.replace(r'\end{inparaenum}', '')
    body = re.sub(r'\\(bibliographystyle|bibliography|printbibliography|beginsupplement|hypersetup|setlength|renewcommand)(\{[^}]*\}|\\\w+)*(\[[^\]]*\])?(\{[^}]*\})*', '', body)
    body = re.sub(r'\\includegraphics(\[[^\]]*\])?\{[^}]*\}', '', body)
    return body

def build(name, main, title, abstract=None, body_start=None):
    base = (SRC / main).parent
    text = inline((SRC / main).read_text(), base)
    doc = text.split(r'\begin{document}', 1)[1]
    if abstract is None:
        m = re.search(r'\\begin\{abstract\}(.*?)\\end\{abstract\}', doc, re.S)
        abstract = m.group(1)
        doc = doc[m.end():]
    if body_start:
        doc = doc[doc.index(body_start):]
    doc = doc.replace(r'\maketitle', '')
    doc = doc.split(r'\end{document}')[0]
    out = PRE + f"\\title{{{title}}}\n\\begin{{document}}\n\\maketitle\n\\begin{{abstract}}\n{clean(abstract).strip()}\n\\end{{abstract}}\n{clean(doc)}\n\\end{{document}}\n"
    pathlib.Path(f'/tmp/askbuild/{name}.tex').write_text(out)

build('latin_verse', 'fail/paper/fail.tex', '(Not) Understanding Latin Poetic Style with Deep Learning', body_start=r'\section{Introduction}')
build('cam16', 'cam16/main.tex', 'Algorithmic improvements for the CIECAM02 and CAM16 color appearance models')
build('immutability', 'immut/paper/article.tex', 'The Impact of Object Immutability on the Java Class Size')
build('volatility', 'volat/paper/article.tex', 'Volatility Metric to Detect Anomalies in Source Code Repositories')
build('constructors', 'ctors/paper/article.tex', 'What Happens to Constructors When Classes Get Larger?')
build('cam_archive', 'camj/paper/paper.tex', 'CAM: A Collection of Snapshots of GitHub Java Repositories Together with Metrics')
def rescience(name, d, title):
    meta = (SRC / d / 'paper/metadata.tex').read_text()
    ab = re.search(r'\\def \\articleABSTRACT\{(.*)\}\s*$', meta, re.M).group(1).replace('\textit', '\\textit').replace('\t', ' ')
    text = (SRC / d / 'paper/content.tex')
    base = text.parent
    body = inline(text.read_text(), base)
    extra = (SRC / d / 'paper/appendix.tex')
    if extra.exists(): body += inline(extra.read_text(), base)
    out = PRE + f"\\title{{{title}}}\n\\begin{{document}}\n\\maketitle\n\\begin{{abstract}}\n{ab}\n\\end{{abstract}}\n{clean(body)}\n\\end{{document}}\n"
    pathlib.Path(f'/tmp/askbuild/{name}.tex').write_text(out)
rescience('graph_ordering', 'gorder', '[Re] Speedup Graph Processing by Graph Ordering')
rescience('reservoir', 'ngrc', '[Re] Next Generation Reservoir Computing')
rescience('essential_genes', 'broman', '[Rp] Reproducibility report: Identifying essential genes by mutagenesis')
