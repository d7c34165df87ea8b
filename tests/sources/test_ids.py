"""arXiv ids: every written form maps to one canonical id (example and property tests)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ids import InvalidArxivId, feed_paper_id, find_arxiv_ids, parse_arxiv_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2403.17887", ("2403.17887", None)),
        ("2403.17887v2", ("2403.17887", 2)),
        ("0704.0001", ("0704.0001", None)),
        ("1412.6980v9", ("1412.6980", 9)),
        ("hep-th/9901001v1", ("hep-th/9901001", 1)),
        ("math.GT/0309136", ("math/0309136", None)),
        ("cond-mat.stat-mech/0101001v3", ("cond-mat/0101001", 3)),
        ("arXiv:2403.17887", ("2403.17887", None)),
        ("arXiv: arXiv:2510.18874", ("2510.18874", None)),
        ("ARXIV:hep-th/9901001", ("hep-th/9901001", None)),
        ("https://arxiv.org/abs/2403.17887v2", ("2403.17887", 2)),
        ("http://www.arxiv.org/pdf/2403.17887v1.pdf", ("2403.17887", 1)),
        ("https://arxiv.org/pdf/2403.17887", ("2403.17887", None)),
        ("https://arxiv.org/html/2403.17887v3/", ("2403.17887", 3)),
        ("http://export.arxiv.org/abs/hep-th/9901001", ("hep-th/9901001", None)),
        ("https://arxiv.org/abs/2403.17887?context=cs.LG", ("2403.17887", None)),
        ("10.48550/arXiv.2510.18874", ("2510.18874", None)),
        ("https://doi.org/10.48550/arXiv.2510.18874", ("2510.18874", None)),
        ("  2403.17887  ", ("2403.17887", None)),
        # every form issue 15 lists, as users paste them into commands
        ("2401.01234", ("2401.01234", None)),
        ("2401.01234v2", ("2401.01234", 2)),
        ("arXiv:2401.01234", ("2401.01234", None)),
        ("ARXIV:2401.01234", ("2401.01234", None)),
        ("arxiv.org/abs/2401.01234", ("2401.01234", None)),
        ("arxiv.org/pdf/2401.01234v2.pdf", ("2401.01234", 2)),
        ("https://arxiv.org/pdf/2401.01234v2", ("2401.01234", 2)),
        ("https://arxiv.org/html/2401.01234", ("2401.01234", None)),
        ("10.48550/arXiv.2401.01234", ("2401.01234", None)),
        ("https://doi.org/10.48550/arXiv.2401.01234", ("2401.01234", None)),
        ("cond-mat/0412498", ("cond-mat/0412498", None)),
        ("hep-th/9901001v2", ("hep-th/9901001", 2)),
        ("\t 2401.01234v2 \n", ("2401.01234", 2)),
        ("<2401.01234>", ("2401.01234", None)),
        ("<https://arxiv.org/abs/2401.01234v2>", ("2401.01234", 2)),
        ("< arXiv:hep-th/9901001v2 >", ("hep-th/9901001", 2)),
        ("<https://arxiv.org/abs/2401.01234|arxiv.org/abs/2401.01234>", ("2401.01234", None)),
    ],
)
def test_parse_known_forms(text: str, expected: tuple[str, int | None]) -> None:
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "2403.1788",  # 2024 ids have five digits
        "1401.12345",  # 2014 ids have four
        "2413.17887",  # month 13
        "0612.0001",  # before new-style ids existed
        "2403.17887v0",
        "https://example.org/abs/2403.17887",
        "2403.17887 and 2403.17888",
        "<2401.01234",  # an angle bracket never closed
        "2401.01234>",
        "\u0662\u0664\u0660\u0663.\u0661\u0667\u0668\u0668\u0667",  # Arabic-Indic digits
    ],
)
def test_parse_rejects_with_a_named_error(text: str) -> None:
    with pytest.raises(InvalidArxivId, match="not an arXiv id"):
        parse_arxiv_id(text)


def test_invalid_id_is_a_value_error_that_explains() -> None:
    with pytest.raises(ValueError, match="month 13") as info:
        parse_arxiv_id("2413.17887")
    assert "2403.17887" in str(info.value)  # shows a valid example


def test_find_ids_in_feed_text() -> None:
    html = (
        '<blockquote>Source: <a href="https://arxiv.org/abs/2510.18874v2">paper</a>, '
        "see also arXiv: arXiv:2411.00001 and doi 10.48550/arXiv.2401.01234. "
        "Version 2403.17887 of something, arXiv:2510.18874 again, "
        "http://www.arxiv.org/pdf/hep-th/9901001v1.pdf</blockquote>"
    )
    assert find_arxiv_ids(html) == ["2510.18874", "2411.00001", "2401.01234", "hep-th/9901001"]


def test_find_ignores_numbers_without_a_marker() -> None:
    assert find_arxiv_ids("pi is 3.14159 and build 2403.17887 shipped") == []
    assert find_arxiv_ids("https://notarxiv.org/abs/2403.17887") == []


def test_feed_paper_id_is_stable_and_distinct() -> None:
    one = feed_paper_id("https://blog.example/2025/01/post.html")
    assert one == feed_paper_id("https://blog.example/2025/01/post.html")
    assert one != feed_paper_id("https://blog.example/2025/01/other.html")
    assert one.startswith("feed:")


# --- properties ------------------------------------------------------------------------

_yymm_new = st.builds(
    lambda y, m: f"{y:02d}{m:02d}", st.integers(7, 99), st.integers(1, 12)
).filter(lambda s: int(s) >= 704)


@st.composite
def new_ids(draw: st.DrawFn) -> str:
    yymm = draw(_yymm_new)
    digits = 5 if int(yymm) >= 1501 else 4
    number = draw(st.integers(0, 10**digits - 1))
    return f"{yymm}.{number:0{digits}d}"


@st.composite
def old_ids(draw: st.DrawFn) -> str:
    archives = ["hep-th", "hep-ph", "astro-ph", "cond-mat", "math", "q-bio", "cs"]
    archive = draw(st.sampled_from(archives))
    year = draw(st.sampled_from([91, 95, 99, 0, 3, 7]))
    month = draw(st.integers(1, 12))
    number = draw(st.integers(0, 999))
    return f"{archive}/{year:02d}{month:02d}{number:03d}"


ids = st.one_of(new_ids(), old_ids())
versions = st.one_of(st.none(), st.integers(1, 30))
wrappers = st.sampled_from(
    [
        "{}",
        "arXiv:{}",
        "arxiv: {}",
        "arXiv: arXiv:{}",
        "https://arxiv.org/abs/{}",
        "http://arxiv.org/abs/{}",
        "https://www.arxiv.org/pdf/{}",
        "https://arxiv.org/pdf/{}.pdf",
        "https://arxiv.org/html/{}",
        "https://export.arxiv.org/abs/{}/",
        "10.48550/arXiv.{}",
        " {} ",
    ]
)


@given(ids, versions, wrappers)
def test_every_form_parses_to_the_canonical_id(
    canonical: str, version: int | None, wrap: str
) -> None:
    written = canonical + (f"v{version}" if version else "")
    assert parse_arxiv_id(wrap.format(written)) == (canonical, version)


@given(ids, versions)
def test_canonical_id_is_a_fixed_point(canonical: str, version: int | None) -> None:
    parsed, _ = parse_arxiv_id(canonical + (f"v{version}" if version else ""))
    assert parse_arxiv_id(parsed) == (parsed, None)


@given(
    st.lists(ids, min_size=1, max_size=4, unique=True),
    st.text(alphabet=" abc,.;()", max_size=10),
)
def test_find_recovers_every_cited_id_in_order(cited: list[str], filler: str) -> None:
    text = filler.join(f" see arXiv:{item} " for item in cited)
    assert find_arxiv_ids(text) == cited


@given(st.text(max_size=40))
def test_parse_never_raises_anything_but_invalid_id(text: str) -> None:
    try:
        canonical, version = parse_arxiv_id(text)
    except InvalidArxivId:
        return
    assert canonical in find_arxiv_ids(f"arXiv:{canonical}")
    assert version is None or version >= 1
