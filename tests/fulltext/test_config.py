"""`[fulltext]` in the config: defaults on, arXiv's URLs; a bad template fails at start."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config import Config


def test_defaults_fetch_from_arxiv() -> None:
    config = Config()
    assert config.fulltext.enabled is True
    assert config.fulltext.html_url == "https://arxiv.org/html/{id}"
    assert config.fulltext.pdf_url == "https://arxiv.org/pdf/{id}"
    assert config.fulltext.delay == 3.0


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("html_url", "https://arxiv.org/html/", "{id}"),
        ("pdf_url", "ftp://arxiv.org/pdf/{id}", "http(s) URL"),
        ("max_bytes", 0, "greater than 0"),
        ("colour", "blue", "Extra inputs are not permitted"),
    ],
)
def test_bad_values_name_the_key(key: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Config.model_validate({"fulltext": {key: value}})
    assert message in str(caught.value)
    assert key in str(caught.value)
