"""What pyproject.toml declares is what the code imports, and constraints.txt pins it all.

A declared distribution that nothing imports is dead weight in every install (and a
supply-chain risk); an imported one that is not declared breaks the image, which installs
only what is declared. Distribution names are mapped to import names through the
installed metadata (`importlib.metadata.packages_distributions`): `discord.py` is
`discord`, `PyYAML` is `yaml`.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
import tomllib
from collections.abc import Callable, Iterable
from importlib.metadata import packages_distributions
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SHIPPED = ("bot", "adapters", "storage")
FIRST_PARTY = {*SHIPPED, "tests", "benchmarks", "__future__"}


def _text(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


# Declared though never imported by name: each says why, and the reason is checked, so an
# entry goes stale (and fails) when what it stands on goes away.
NOT_IMPORTED: dict[str, tuple[str, Callable[[set[str]], bool]]] = {
    "aiosqlite": (
        "SQLAlchemy loads it for sqlite+aiosqlite URLs",
        lambda imported: "sqlite+aiosqlite" in _text("storage/engine.py"),
    ),
    "tzdata": (
        "zoneinfo's time zones where the OS has no tz database (slim images)",
        lambda imported: "zoneinfo" in imports(SHIPPED, stdlib=True),
    ),
    "chardet": (
        "feedparser detects a feed's encoding with it when nothing declares one",
        lambda imported: "feedparser" in imported,
    ),
    "pytest-asyncio": (
        "the pytest plugin behind asyncio_mode",
        lambda imported: "asyncio_mode" in PYPROJECT["tool"]["pytest"]["ini_options"],
    ),
    "pytest-timeout": (
        "the pytest plugin behind the timeout setting",
        lambda imported: "timeout" in PYPROJECT["tool"]["pytest"]["ini_options"],
    ),
    "ruff": (
        "run by tests/test_quality.py",
        lambda imported: '"ruff", "check"' in _text("tests/test_quality.py"),
    ),
    "mypy": (
        "run by tests/test_quality.py",
        lambda imported: '"-m", "mypy"' in _text("tests/test_quality.py"),
    ),
    "vulture": (
        "run by tests/test_quality.py",
        lambda imported: '"vulture",' in _text("tests/test_quality.py"),
    ),
    "types-pyyaml": ("type stubs for yaml", lambda imported: "yaml" in imported),
}


def declared(project: dict[str, object]) -> dict[str, set[str]]:
    """{canonical distribution name: the groups declaring it} ("" is the core)."""
    groups: dict[str, list[str]] = {"": list(project.get("dependencies", []))}  # type: ignore[call-overload]
    groups.update(project.get("optional-dependencies", {}))  # type: ignore[call-overload]
    own = canonicalize_name(str(project["name"]))
    found: dict[str, set[str]] = {}
    for group, texts in groups.items():
        for text in texts:
            name = canonicalize_name(Requirement(text).name)
            if name != own:
                found.setdefault(name, set()).add(group)
    return found


def imports(packages: Iterable[str], *, stdlib: bool = False) -> set[str]:
    """Top-level names of the modules imported anywhere in `packages` (absolute imports,
    including those inside functions), less our own and (unless asked) the standard
    library's."""
    names: set[str] = set()
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module.split(".")[0])
    return {
        n for n in names if (stdlib or n not in sys.stdlib_module_names) and n not in FIRST_PARTY
    }


def distributions_of(modules: set[str]) -> set[str]:
    """The canonical names of the installed distributions providing `modules`."""
    providers = packages_distributions()
    return {canonicalize_name(d) for m in modules for d in providers.get(m, [m])}


def unused(names: Iterable[str], imported: set[str]) -> list[str]:
    used = distributions_of(imported)
    return sorted(
        name
        for name in names
        if name not in used and not (name in NOT_IMPORTED and NOT_IMPORTED[name][1](imported))
    )


def test_every_declared_dependency_is_imported_or_says_why() -> None:
    imported = imports([*SHIPPED, "tests", "benchmarks"])
    assert unused(declared(PYPROJECT["project"]), imported) == []
    # the reasons above are about declared distributions only
    assert set(NOT_IMPORTED) <= set(declared(PYPROJECT["project"]))


def test_a_declared_dependency_nothing_imports_is_caught() -> None:
    project = {**PYPROJECT["project"], "dependencies": ["leftpad>=1.0", "httpx>=0.27"]}
    assert "leftpad" in unused(declared(project), imports(SHIPPED))
    assert "httpx" not in unused(declared(project), imports(SHIPPED))
    # a reason that no longer holds does not excuse a declaration
    assert unused(["types-pyyaml"], set()) == ["types-pyyaml"]


def test_every_imported_distribution_is_declared() -> None:
    """The image installs the core and its extras: what the shipped code imports is there."""
    groups = declared(PYPROJECT["project"])
    shipped = {d for d, where in groups.items() if where - {"dev"}}
    assert sorted(distributions_of(imports(SHIPPED)) - shipped) == []
    assert sorted(distributions_of(imports(["tests", "benchmarks"])) - set(groups)) == []


def _constraints_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ci_constraints", ROOT / ".ci" / "constraints.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def test_constraints_pin_what_is_installed_for_the_whole_dependency_closure() -> None:
    """Regenerate with `python3 .ci/constraints.py > constraints.txt` after changing a
    dependency: the Dockerfile and CI install exactly these versions."""
    closure = _constraints_module().closure(ROOT / "pyproject.toml")
    pins = _pins(_text("constraints.txt"))
    assert set(closure) == set(pins), "constraints.txt is stale: regenerate it"
    assert {n: v for n, v in closure.items() if pins[n] != v} == {}
    assert {"discord-py", "slack-sdk", "sqlalchemy", "httpx", "pytest"} <= set(pins)
    assert "paperboy" not in pins


@pytest.mark.parametrize("path", ["Dockerfile", ".ci/run"])
def test_the_image_and_ci_install_with_the_constraints(path: str) -> None:
    installs = [line for line in _text(path).splitlines() if "pip install" in line]
    assert installs
    assert all("-c constraints.txt" in line for line in installs), installs


def test_readme_and_ci_run_the_same_test_command() -> None:
    command = "python3 -m pip install -q -c constraints.txt -e '.[dev]' && python3 -m pytest"
    assert command in _text("README.md").splitlines()
    assert _text(".ci/run").rstrip().splitlines()[-1] == command
