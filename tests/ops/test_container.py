"""The image, without a Docker engine: what the Dockerfile says, and its start command and
health check run as plain processes."""

from __future__ import annotations

import re

import yaml

from bot.config import SECRET_ENV, load_config
from tests.ops.container import ROOT, parse


def test_the_image_is_multi_stage_slim_non_root_with_every_extra() -> None:
    stages = parse()
    assert len(stages) >= 2
    build, final = stages[0], stages[-1]
    assert final.base.startswith("python:")
    assert final.base.endswith("-slim")
    assert any(".[discord,slack,postgres]" in run for run in build.runs)
    assert final.user not in (None, "root", "0")
    assert final.volumes == ["/data"]
    assert final.env["PAPERBOY_STORAGE__URL"] == "sqlite:////data/paperboy.db"
    assert final.env["PAPERBOY_HEALTH__PORT"]
    assert final.cmd[0] == "paperboy"
    assert final.cmd[-1] == "run"
    assert final.healthcheck[:2] == ["python", "-c"]  # no curl in a slim image
    # liveness, not readiness: a Discord or Slack outage must not restart the container
    assert "/livez'" in final.healthcheck[2]
    assert "/healthz" not in final.healthcheck[2]


def test_env_example_lists_every_variable_and_is_a_valid_configuration() -> None:
    example = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            example[key.strip()] = value.strip()
    compose_text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    compose_vars = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", compose_text))
    assert compose_vars <= set(example)
    assert set(SECRET_ENV) <= set(example)
    # compose hands the whole .env to the bot: nothing in it may break the configuration
    filled = {key: value or "x" * 12 for key, value in example.items()}
    load_config(None, filled)


def test_compose_runs_the_bot_against_postgresql_with_tokens_from_env() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert bot["env_file"] == ".env"
    assert bot["environment"]["PAPERBOY_STORAGE__URL"].startswith("postgresql://")
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert "ports" not in bot  # several replicas may run: no fixed host port
    check = bot["healthcheck"]["test"]
    assert check[:3] == ["CMD", "python", "-c"]
    port = bot["environment"]["PAPERBOY_HEALTH__PORT"]
    assert f"http://127.0.0.1:{port}/livez'" in check[3]


def test_what_the_build_copies_is_in_the_docker_context() -> None:
    from tests.ops.container import instructions

    ignored = {
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "!"))
    }
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    copied = [
        source
        for word, rest in instructions(text)
        if word == "COPY" and not rest.startswith("--from")
        for source in rest.split()[:-1]
    ]
    assert "bot" in copied
    for source in copied:
        assert (ROOT / source).exists(), source
        assert source not in ignored, source
