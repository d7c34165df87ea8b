"""What `post_view` decides from a review, seen in the house text a reader gets."""

from __future__ import annotations

import datetime as dt

from bot.model import Link, Review, ReviewSection, SectionSource
from bot.presentation import LinkKind, post_view, render_text

ABS = "https://arxiv.org/abs/2405.03003"
PDF = "https://arxiv.org/pdf/2405.03003"
BLOG = "https://example.org/blog/fourierft"


def _review(**changes: object) -> Review:
    fields: dict[str, object] = {
        "paper_id": "2405.03003",
        "title": "Parameter-Efficient Fine-Tuning with Discrete Fourier Transform",
        "date": dt.date(2024, 11, 28),
        "hook": "Fourier features make fine-tuning cheap.",
        "sections": (ReviewSection("Results", "It matches LoRA."),),
        "link": ABS,
        "producer": "extractive",
    }
    fields.update(changes)
    return Review(**fields)  # type: ignore[arg-type]


def test_a_review_without_links_offers_its_own_link_as_the_paper() -> None:
    view = post_view(_review())
    assert [(link.label, link.url) for link in view.links] == [("Paper", ABS)]
    assert view.link_buttons() == (("Open paper", ABS),)


def test_a_blog_review_names_the_paper_before_the_blog_link() -> None:
    review = _review(producer="article", link=BLOG, links=(Link("abs", ABS), Link("blog", BLOG)))
    text = render_text(post_view(review))
    assert text.endswith(f"Paper: <{ABS}>\n\n<{BLOG}>")
    assert [link.label for link in post_view(review).links] == ["arXiv", "Blog review"]


def test_the_pdf_button_is_not_offered_twice() -> None:
    view = post_view(_review(links=(Link("pdf", PDF),), link=PDF))
    assert view.link_buttons() == (("Open paper", PDF),)
    view = post_view(_review(links=(Link("abs", ABS), Link("pdf", PDF))))
    assert view.link_buttons() == (("Open paper", ABS), ("PDF", PDF))


def test_blank_categories_are_dropped_and_the_first_real_one_is_the_topic() -> None:
    view = post_view(_review(categories=(" ", "", " cs.LG ", "cs.CL")))
    assert view.categories == ("cs.LG", "cs.CL")
    assert [a.value for a in view.actions] == ["cat:cs.LG"]


def test_a_link_of_an_unknown_kind_is_kept_with_a_plain_label() -> None:
    view = post_view(_review(links=(Link("slides", "https://example.org/s.pdf"),)))
    assert [(link.kind, link.label) for link in view.links] == [(LinkKind.OTHER, "Link")]


def test_why_this_paper_follows_the_header_when_given() -> None:
    plain = render_text(post_view(_review(number=3)))
    why = render_text(post_view(_review(number=3), why=" It matches cat:cs.LG. "))
    head = "Daily Paper - 28.11.24: Parameter-Efficient Fine-Tuning with Discrete Fourier Transform"
    assert why.startswith(
        f"{head}\nPaper Review No. 3\n\nWhy this paper: It matches cat:cs.LG.\n\n"
    )
    assert why.replace("Why this paper: It matches cat:cs.LG.\n\n", "") == plain
    assert post_view(_review(), why="  ").why is None


def test_a_full_text_review_links_each_section_to_where_it_came_from() -> None:
    sources = (
        SectionSource("5.1 Main results", "S5.SS1.p1"),
        SectionSource("5.1 Main results", "S5.SS1.p1"),  # two sentences, one paragraph
        SectionSource("Abstract", "abstract"),
    )
    review = _review(sections=(ReviewSection("Results", "It matches LoRA.", sources),))
    (section,) = post_view(review).sections
    assert [(a.section_title, a.url) for a in section.sources] == [
        ("5.1 Main results", "https://arxiv.org/html/2405.03003#S5.SS1.p1"),
        ("Abstract", ABS),
    ]
    assert (
        "Results: It matches LoRA.\nSources: 5.1 Main results "
        "<https://arxiv.org/html/2405.03003#S5.SS1.p1>, Abstract <" + ABS + ">"
    ) in render_text(post_view(review))
    blog = _review(paper_id="feed:0a1b", sections=review.sections)
    assert post_view(blog).sections[0].sources == ()
