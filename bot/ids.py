"""arXiv identifiers: one canonical form for every way people write them.

`parse_arxiv_id` reads exactly one id, in any of the forms below, and returns the
canonical id (no version) with the version when one was given:

- new style `2403.17887`, `2403.17887v2` (four digits after the dot before 2015),
- old style `hep-th/9901001v1`, `math.GT/0309136` (the subject class is dropped, as arXiv does),
- an `arXiv:` prefix (any case, even doubled: `arXiv: arXiv:2510.18874`),
- abs / pdf / html URLs, http or https, with or without `www.` or `export.`, `.pdf`,
  a trailing slash, a query or a fragment,
- the DataCite DOI `10.48550/arXiv.2510.18874` (with or without `https://doi.org/`),
- any of these surrounded by spaces or angle brackets (`<https://arxiv.org/abs/...>`,
  Slack's `<https://arxiv.org/abs/...|label>`).

It is the one parser every command uses (`paperboy review`, `paperboy search`,
`/paper show`, `/paper search`, `/paper subscribe`): see also `bot.query.paper_id_of`.

`find_arxiv_ids` finds every id cited in free text (links, `arXiv:` mentions, DOIs), for
feed entries that review a paper. A bare number such as `2510.18874` is not taken from
free text: without a marker it is as likely a version or a decimal.
"""

from __future__ import annotations

import hashlib
import re

# YYMM.NNNN(N) with an optional version.
_NEW = r"(?P<new>(?P<yymm>\d{4})\.(?P<num>\d{4,5}))"
# archive(.SUBJECT)/YYMMNNN: hep-th/9901001, math.GT/0309136, cond-mat.stat-mech/0101001.
_OLD = r"(?P<old>(?P<archive>[a-z]+(?:-[a-z]+)*)(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?/(?P<oldnum>\d{7}))"
_VERSION = r"(?:v(?P<version>\d{1,4}))?"
_ID = rf"(?:{_NEW}|{_OLD}){_VERSION}"

_URL_PREFIX = (
    r"(?:https?://)?(?<![A-Za-z0-9-])(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/"
)
_DOI_PREFIX = r"(?:(?:https?://)?(?:dx\.)?doi\.org/)?10\.48550/arxiv\."
_TEXT_PREFIX = r"(?:arxiv\s*:\s*)+"

# Optionally in angle brackets, as chat clients send links: `<url>`, Slack's `<url|label>`.
_WHOLE = re.compile(
    rf"^\s*(?P<open><\s*)?(?:{_URL_PREFIX}|{_DOI_PREFIX}|{_TEXT_PREFIX})?{_ID}"
    r"(?:\.pdf)?/?(?:[?#][^\s|<>]*)?(?(open)\s*(?:\|[^<>]*)?>)\s*$",
    re.IGNORECASE | re.ASCII,
)
_CITED = re.compile(
    rf"(?:{_URL_PREFIX}|{_DOI_PREFIX}|\barxiv\s*:\s*(?:arxiv\s*:\s*)?){_ID}(?![\d.]*\d)",
    re.IGNORECASE | re.ASCII,  # ASCII: \d must not match other scripts' digits
)


class InvalidArxivId(ValueError):
    """The text is not an arXiv identifier; the message quotes it and shows valid forms."""

    def __init__(self, text: str, reason: str = "") -> None:
        shown = text if len(text) <= 80 else text[:77] + "..."
        detail = f" ({reason})" if reason else ""
        super().__init__(
            f"not an arXiv id: {shown!r}{detail}; expected e.g. 2403.17887, 2403.17887v2, "
            "hep-th/9901001, arXiv:2403.17887 or https://arxiv.org/abs/2403.17887"
        )
        self.text = text


def parse_arxiv_id(text: str) -> tuple[str, int | None]:
    """The canonical id (no version) and the version (None when not given).

    Raises `InvalidArxivId` for anything else.
    """
    match = _WHOLE.match(text)
    if match is None:
        raise InvalidArxivId(text)
    return _canonical(match, text)


def find_arxiv_ids(text: str) -> list[str]:
    """Every arXiv id cited in `text` (canonical, without version), first mention first."""
    found: dict[str, None] = {}
    for match in _CITED.finditer(text):
        try:
            canonical, _ = _canonical(match, text)
        except InvalidArxivId:
            continue
        found.setdefault(canonical)
    return list(found)


def feed_paper_id(entry_id: str) -> str:
    """The stable id of a feed entry about no arXiv paper: `feed:<16 hex digits>`."""
    digest = hashlib.sha256(entry_id.strip().encode("utf-8")).hexdigest()
    return f"feed:{digest[:16]}"


def _canonical(match: re.Match[str], text: str) -> tuple[str, int | None]:
    raw_version = match.group("version")
    version = int(raw_version) if raw_version is not None else None
    if version is not None and version < 1:
        raise InvalidArxivId(text, "versions start at v1")
    if match.group("new") is not None:
        yymm, num = match.group("yymm"), match.group("num")
        month = int(yymm[2:])
        if not 1 <= month <= 12:
            raise InvalidArxivId(text, f"month {yymm[2:]} does not exist")
        if int(yymm) < 704:
            raise InvalidArxivId(text, "new-style ids start in April 2007 (0704)")
        expected = 5 if int(yymm) >= 1501 else 4
        if len(num) != expected:
            raise InvalidArxivId(text, f"ids from {yymm} have {expected} digits after the dot")
        return f"{yymm}.{num}", version
    archive, number = match.group("archive").lower(), match.group("oldnum")
    month = int(number[2:4])
    if not 1 <= month <= 12:
        raise InvalidArxivId(text, f"month {number[2:4]} does not exist")
    return f"{archive}/{number}", version


__all__ = ["InvalidArxivId", "feed_paper_id", "find_arxiv_ids", "parse_arxiv_id"]
