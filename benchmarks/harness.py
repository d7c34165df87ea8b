"""Discover scenarios, run them, print one JSON object per line.

A scenario is a module in `benchmarks/scenarios/` with `NAME: str` and
`run(size: int | None = None, **options) -> dict` (sync, or async returning the dict).
The dict has the keys of `RESULT_KEYS`; `ok` is True/False, or None when the scenario
could not run here (say why under "skipped"). A result given as flat figures is put into
that shape (`normalise`), so an old scenario still prints a well-formed line.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import pkgutil
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol

RESULT_KEYS = ("scenario", "sizes", "figures", "ratios", "targets", "ok")
PACKAGE = "benchmarks.scenarios"


class ScenarioRun(Protocol):
    """A scenario's `run`: keyword options (`size`, `seed`, ...) in, its result (or an
    awaitable of it) out."""

    def __call__(self, **options: object) -> object: ...


@dataclass(frozen=True)
class Scenario:
    name: str
    module: ModuleType
    run: ScenarioRun

    @property
    def summary(self) -> str:
        doc = (self.module.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""


def discover(package: str = PACKAGE) -> dict[str, Scenario]:
    """Every module of the package that exposes NAME and run(), by NAME."""
    found: dict[str, Scenario] = {}
    root = importlib.import_module(package)
    for info in sorted(pkgutil.iter_modules(root.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        name, run = getattr(module, "NAME", None), getattr(module, "run", None)
        if isinstance(name, str) and callable(run):
            found[name] = Scenario(name, module, run)
    return found


def _call(scenario: Scenario, size: int | None, options: Mapping[str, Any]) -> Any:
    kwargs = dict(options)
    if size is not None:
        kwargs["size"] = size
    result = scenario.run(**kwargs)
    if inspect.isawaitable(result):
        result = asyncio.run(_await(result))
    return result


async def _await(awaitable: Any) -> Any:
    return await awaitable


def normalise(name: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The result in the harness's shape; flat keys are sorted by their names:
    `ratio*`/`*_ratio*` -> ratios, `target*` -> targets, `size*`/`*_size` -> sizes."""
    result: dict[str, Any] = {
        "scenario": raw.get("scenario", name),
        "sizes": dict(raw.get("sizes", {})),
        "figures": dict(raw.get("figures", {})),
        "ratios": dict(raw.get("ratios", {})),
        "targets": dict(raw.get("targets", {})),
        "ok": raw.get("ok"),
    }
    for key, value in raw.items():
        if key in RESULT_KEYS:
            continue
        if key.startswith("target"):
            result["targets"][key] = value
        elif key.startswith("ratio") or "_ratio" in key:
            result["ratios"][key] = value
        elif key in ("size", "sizes") or key.endswith("_size") or key.startswith("size_"):
            result["sizes"][key] = value
        elif key in ("skipped", "error", "notes"):
            result[key] = value
        else:
            result["figures"][key] = value
    return result


def run_one(scenario: Scenario, size: int | None, options: Mapping[str, Any]) -> dict[str, Any]:
    """Run a scenario; a crash becomes a result with ok=False and the error (the run goes on)."""
    started = time.perf_counter()
    try:
        raw = _call(scenario, size, options)
        if not isinstance(raw, Mapping):
            raise TypeError(f"run() returned {type(raw).__name__}, expected a dict")
        result = normalise(scenario.name, raw)
    except Exception as exc:  # the harness loop: report and go on to the next scenario
        result = normalise(scenario.name, {"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        result["traceback"] = traceback.format_exc(limit=8)
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def select(available: Mapping[str, Scenario], names: Sequence[str]) -> list[Scenario]:
    unknown = [n for n in names if n not in available]
    if unknown:
        raise KeyError(
            f"unknown scenario(s) {', '.join(unknown)}; available: {', '.join(sorted(available))}"
        )
    return [available[n] for n in names] if names else list(available.values())


def run_all(
    scenarios: Iterable[Scenario],
    size: int | None,
    options: Mapping[str, Any],
    emit: Callable[[str], None],
) -> bool:
    """Run each scenario and emit its JSON line; True when none failed (ok is not False)."""
    passed = True
    for scenario in scenarios:
        result = run_one(scenario, size, options)
        emit(json.dumps(result, ensure_ascii=False, default=str))
        passed = passed and result["ok"] is not False
    return passed
