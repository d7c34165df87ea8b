"""`[ranking]` in the config file sets the weights the learned ranking uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_config
from bot.config.loader import ConfigError
from bot.feedback.model import Vote
from bot.ranking import Ranker, Voted
from bot.selection import rank
from tests.ranking.test_ranking import LIKED, NOW, TODAY


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "paperboy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_weights_come_from_the_config_file(tmp_path: Path) -> None:
    votes = [Voted(LIKED, Vote.LIKE, NOW)]
    learned = load_config(_config(tmp_path, "[ranking]\naffinity = 8.0\n"), {})
    assert learned.ranking.weights().affinity == 8.0
    top = Ranker(learned.ranking.weights()).rank(rank(TODAY), votes, NOW)[0]
    assert top.paper.arxiv_id == "2503.00002"  # the liked content first
    off = load_config(_config(tmp_path, "[ranking]\naffinity = 0\n"), {})
    top = Ranker(off.ranking.weights()).rank(rank(TODAY), votes, NOW)[0]
    assert top.paper.arxiv_id == "2503.00001"  # affinity off: upvotes lead again


def test_a_bad_weight_is_refused_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"ranking\.half_life_days: Input should be greater"):
        load_config(_config(tmp_path, "[ranking]\nhalf_life_days = 0\n"), {})
