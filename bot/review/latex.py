"""LaTeX in titles and abstracts, turned into what it means.

Authors write `30$\\times$ faster`, `5\\%`, `$\\leq 3$`, `$^{2}$`, `\\textbf{x}` in the text
arXiv delivers; a reader should see "30× faster", "5%", "≤ 3", "²", "x". The symbols come
from pylatexenc's table (hundreds of macros, maintained); what is hand-written here is the
decision pylatexenc does not make: math made only of symbols, numbers and super/subscripted
digits becomes text, and any math with a variable or a construct we cannot render exactly
(`$x^2$`, `$\\mathcal{O}(n \\log n)$`, `$\\frac{a}{b}$`) stays as written, `$...$` and all,
because the house shows math as the authors wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from types import MappingProxyType

from pylatexenc.latex2text import get_default_latex_context_db

MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+?\$", re.DOTALL)
_SUPERSCRIPTS = MappingProxyType(dict(zip("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ", strict=True)))
_SUBSCRIPTS = MappingProxyType(dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", strict=True)))
_SPACING = MappingProxyType({",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": " "})
_ESCAPED = MappingProxyType({"%": "%", "&": "&", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}"})
# the characters math may hold and still read as plain text
_PLAIN = frozenset("0123456789.,:;!?()[]+-=<>/|*' ")
_MATH_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[\^_](?:\{[^{}]*\}|[^{\\])|[{}]|\s+|.", re.DOTALL)
# text-mode commands whose argument is the text to keep
_KEEP_ARG = re.compile(
    r"\\(?:emph|textbf|textit|texttt|textsc|textrm|textsf|textup|textnormal|underline|mbox|"
    r"text|mathrm|mathbf|mathit|mathsf|mathtt|operatorname)\s*\{([^{}$]*)\}"
)
_DROP_ARG = re.compile(
    r"\\(?:cite[a-z]*|label|ref|eqref|autoref|cref|Cref|footnote|url)\s*\{[^{}]*\}"
)
_HREF = re.compile(r"\\href\s*\{[^{}]*\}\s*\{([^{}]*)\}")
_TEXT_ONLY = re.compile(
    r"\s*\\(?:text|textit|textbf|textrm|textsf|texttt|emph|mathrm|mathit|mathsf)\s*"
    r"\{([^{}$\\]*)\}\s*"
)
# accents: \'e -> é, \"o -> ö, \c{c} -> ç (a letter and its combining mark, composed)
_ACCENT = re.compile(r"\\(['\"`^~=.]|[cvuH](?=\{))\s*(?:\{([A-Za-z])\}|([A-Za-z]))")
_COMBINING = MappingProxyType(
    {
        "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
        "=": "\u0304", ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306",
        "H": "\u030b",
    }
)  # fmt: skip
_MACRO = re.compile(r"\\([A-Za-z]+)(\{\})?|\\([%&_#${}])")
RESIDUE = re.compile(r"\\[A-Za-z]+|\\[%&_#{}]")


@lru_cache(maxsize=1024)
def symbol(name: str) -> str | None:
    """The Unicode text of a symbol macro (`times` -> ×), or None for anything else."""
    spec = get_default_latex_context_db().get_macro_spec(name)
    replacement = getattr(spec, "simplify_repl", None)
    if not isinstance(replacement, str) or "%" in replacement or not replacement.strip():
        return None
    if len(replacement) == 1 or not replacement.isalpha():
        return replacement
    return None  # `\log` -> "log": a word, not a symbol; such math stays as written


def _script(body: str, table: MappingProxyType[str, str]) -> str | None:
    body = body.strip("{}").replace(" ", "")
    if not body or any(ch not in table for ch in body):
        return None
    return "".join(table[ch] for ch in body)


def math_text(inner: str) -> str | None:
    """The text of the math between `$...$`, or None when it should stay as written."""
    text_only = _TEXT_ONLY.fullmatch(inner)
    if text_only is not None:  # `$\\textit{high-level insights}$`: words set in math
        return text_only.group(1).strip() or None
    out: list[str] = []
    for token in _MATH_TOKEN.findall(inner):
        if token in "{}":
            continue
        if token.startswith(("^", "_")):
            converted = _script(token[1:], _SUPERSCRIPTS if token[0] == "^" else _SUBSCRIPTS)
        elif token.startswith("\\"):
            name = token[1:]
            converted = _SPACING[name] if name in _SPACING else _ESCAPED.get(name) or symbol(name)
        elif token.isspace():
            converted = " "
        else:
            converted = token if token in _PLAIN else None
        if converted is None:
            return None
        out.append(converted)
    text = re.sub(r" {2,}", " ", "".join(out)).strip()
    return text or None


def _accented(match: re.Match[str]) -> str:
    letter = match.group(2) or match.group(3)
    return unicodedata.normalize("NFC", letter + _COMBINING[match.group(1)])


def _prose(text: str) -> str:
    """LaTeX outside math: citations dropped, formatting unwrapped, symbols and escapes
    turned into their characters; an unknown command keeps its name as a word."""
    if "\\" not in text:
        return text
    text = _DROP_ARG.sub("", _HREF.sub(r"\1", text))
    text = _ACCENT.sub(_accented, text)
    for _ in range(3):  # nested \emph{\textbf{x}}
        text = _KEEP_ARG.sub(r"\1", text)

    def replace(match: re.Match[str]) -> str:
        if match.group(3):
            return match.group(3)
        name = match.group(1)
        return symbol(name) or name

    return _MACRO.sub(replace, text)


def latex_to_text(text: str) -> str:
    """`text` with its LaTeX made readable; math that is more than symbols stays `$...$`."""
    if "\\" not in text and "$" not in text:
        return text
    pieces: list[str] = []
    last = 0
    for match in MATH.finditer(text):
        pieces.append(_prose(text[last : match.start()]))
        span = re.sub(r"\s+", " ", match.group(0))
        inner = span[2:-2] if span.startswith("$$") else span[1:-1]
        pieces.append(math_text(inner) or span)
        last = match.end()
    pieces.append(_prose(text[last:]))
    return "".join(pieces)


def residue(text: str) -> list[str]:
    """LaTeX left outside math: commands (`\\times`), escapes (`\\%`), a lone `$`."""
    outside = MATH.sub(" ", text)
    found = RESIDUE.findall(outside)
    if "$" in outside:
        found.append("$")
    return found


__all__ = ["MATH", "latex_to_text", "math_text", "residue", "symbol"]
