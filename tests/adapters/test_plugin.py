"""A third-party adapter is a plugin for real: registered under `paperboy.adapters` by its
own distribution, it declares its config table and its secret, and paperboy validates and
masks them with no edit in bot/config."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import App
from bot.config import ConfigError, load_config
from bot.plugins import adapter_factory, adapter_names

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TOKEN = "acme-tok-5f1d2c3b4a59687"


def install_acme(site: Path) -> Path:
    """`pip install acme-paperboy`, as far as Python is concerned: the module and a
    .dist-info whose entry_points.txt registers it."""
    site.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "acme_plugin.py", site / "acme_paperboy.py")
    info = site / "acme_paperboy-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-paperboy\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[paperboy.adapters]\nacme = acme_paperboy:AcmeAdapter\n", encoding="utf-8"
    )
    return site


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = install_acme(tmp_path / "site")
    monkeypatch.syspath_prepend(str(path))
    return path


def write(tmp_path: Path, table: str) -> Path:
    path = tmp_path / "paperboy.toml"
    path.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "bot.db"}"\n[adapters.lab]\nkind = "acme"\n'
        f'{table}[[channels]]\nname = "daily"\nadapter = "lab"\ntarget = "general"\n',
        encoding="utf-8",
    )
    return path


async def test_its_table_and_secret_are_validated_masked_and_handed_in(
    site: Path, tmp_path: Path
) -> None:
    assert "acme" in adapter_names()
    config = load_config(write(tmp_path, 'room = "lab"\n'), {"ACME_TOKEN": TOKEN})
    assert config.masked()["secrets"]["acme_token"] == "***"
    assert TOKEN not in repr(config) + str(config.masked())
    app = await App.build(config, adapter_factory=adapter_factory)
    try:
        adapter = app.adapters["lab"]
        assert (adapter.token, adapter.settings.room) == (TOKEN, "lab")  # type: ignore[attr-defined]
    finally:
        await app.stop()


def test_a_bad_table_is_refused_at_load_naming_the_key(site: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"adapters\.lab\.room: Field required"):
        load_config(write(tmp_path, ""), {"ACME_TOKEN": TOKEN})
    with pytest.raises(ConfigError, match=r"adapters\.lab\.colour: Extra inputs"):
        load_config(write(tmp_path, 'room = "lab"\ncolour = "red"\n'), {"ACME_TOKEN": TOKEN})


def test_the_cli_masks_its_secret_in_config_check_and_in_the_logs(tmp_path: Path) -> None:
    site = install_acme(tmp_path / "site")
    config = write(tmp_path, 'room = "lab"\n')
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
        "ACME_TOKEN": TOKEN,
    }

    def paperboy(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "--config", str(config), *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=120,
        )

    checked = paperboy("config", "check", "--json")
    assert checked.returncode == 0, checked.stderr
    assert '"acme_token": "***"' in checked.stdout
    posted = paperboy("-v", "post")  # builds the adapter, which logs its token
    assert posted.returncode == 0, posted.stderr
    assert "[acme lab]" in posted.stdout  # the empty day's note went through the plugin
    assert "acme adapter lab, token ***" in posted.stderr
    assert TOKEN not in checked.stdout + checked.stderr + posted.stdout + posted.stderr
