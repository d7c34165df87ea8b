"""`/paper search` over a real SQLite store."""

from __future__ import annotations

from bot.model import Buttons, Text
from storage import SqlStore
from tests.commands.conftest import NOW, Invoke, make_paper, text_of


async def test_search_finds_stemmed_words_and_shows_title_date_categories_link(
    invoke: Invoke,
) -> None:
    reply = await invoke("search", "diffusion model")
    text = text_of(reply)
    assert "Diffusion Models for Video Generation" in text
    assert "2025-03-09" in text
    assert "cs.LG" in text
    assert "https://arxiv.org/abs/2503.00001" in text
    assert "Graph Neural Networks" not in text


async def test_search_highlights_the_matched_words(invoke: Invoke) -> None:
    reply = await invoke("search", "selective")
    spans = [s for b in reply.message.blocks if isinstance(b, Text) for s in b.spans]
    assert any(s.bold and s.text.lower() == "selective" for s in spans)


async def test_filters_phrases_and_exclusions(invoke: Invoke) -> None:
    assert "Survey" not in text_of(await invoke("search", "diffusion -survey"))
    assert "Survey of Diffusion" in text_of(await invoke("search", "diffusion cat:stat.ML"))
    only_gu = text_of(await invoke("search", 'model au:"albert gu"'))
    assert "State Space" in only_gu
    assert "Video" not in only_gu
    phrase = text_of(await invoke("search", '"state space"'))
    assert "State Space Models" in phrase
    recent = text_of(await invoke("search", "diffusion since:2025-03-01"))
    assert "Robot Learning" not in recent
    assert "Video" in recent
    old = text_of(await invoke("search", "diffusion before:2025-03-01"))
    assert "Robot Learning" in old
    assert "Video" not in old


async def test_no_results_says_so_and_suggests_a_broader_query(invoke: Invoke) -> None:
    text = text_of(await invoke("search", "quantum chromodynamics"))
    assert text.startswith("No papers match")
    assert "broader" in text


async def test_the_heading_echoes_the_readers_own_words_in_their_order(invoke: Invoke) -> None:
    found = text_of(await invoke("search", "video   diffusion models"))
    assert found.startswith("Results for video diffusion models\n")  # not sorted or stemmed
    none = text_of(await invoke("search", "zebra quantum"))
    assert none.startswith("No papers match `zebra quantum`.")


async def test_five_results_a_page_with_a_next_page(invoke: Invoke, filled_store: SqlStore) -> None:
    many = [
        make_paper(f"2502.{i:05d}", f"Sparse transformers part {i}", "Sparse transformers.")
        for i in range(12)
    ]
    await filled_store.upsert_papers(many, NOW)
    first = await invoke("search", "sparse")
    assert first.message.fallback.count("Sparse transformers part") == 5
    buttons = [b for b in first.message.blocks if isinstance(b, Buttons)]
    assert buttons
    assert buttons[0].buttons[0].value == "sparse page:2"
    third = await invoke("search", "sparse page:3")
    assert third.message.fallback.count("Sparse transformers part") == 2
    assert "11. " in third.message.fallback
    assert not [b for b in third.message.blocks if isinstance(b, Buttons)]
    beyond = await invoke("search", "sparse", options=(("page", "9"),))
    assert "No more results" in text_of(beyond)


async def test_bad_queries_get_a_clear_message_with_an_example(invoke: Invoke) -> None:
    cases = {
        '"state space': "unbalanced quote",
        "foo:bar diffusion": "unknown filter",
        "-survey": "only excludes",
        "cat:cs.XYZ diffusion": "unknown arXiv category",
        "diffusion since:yesterday": "YYYY-MM-DD",
        "": "needs something",
        "x" * 301: "limit is 300",
        "diffusion page:0": "page:",
    }
    for query, problem in cases.items():
        text = text_of(await invoke("search", query))
        assert problem in text, (query, text)
        assert "Example:" in text
        assert len(text) < 400
