"""Read the Dockerfile's final stage as data: its ENV, USER, CMD and HEALTHCHECK command."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Stage:
    base: str
    name: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    user: str | None = None
    cmd: list[str] = field(default_factory=list)
    healthcheck: list[str] = field(default_factory=list)
    volumes: list[str] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def parse(path: Path = ROOT / "Dockerfile") -> list[Stage]:
    stages: list[Stage] = []
    for word, rest in instructions(path.read_text(encoding="utf-8")):
        if word == "FROM":
            parts = rest.split()
            stages.append(Stage(parts[0], parts[2] if len(parts) > 2 else None))
        elif not stages:
            continue
        elif word == "ENV":
            for item in shlex.split(rest):
                key, _, value = item.partition("=")
                stages[-1].env[key] = value
        elif word == "USER":
            stages[-1].user = rest
        elif word == "CMD":
            stages[-1].cmd = json.loads(rest)
        elif word == "HEALTHCHECK":
            stages[-1].healthcheck = json.loads(rest[rest.index("CMD") + 3 :].strip())
        elif word == "VOLUME":
            stages[-1].volumes = json.loads(rest)
        elif word == "RUN":
            stages[-1].runs.append(rest)
    return stages
