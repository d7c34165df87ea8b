"""`python -m benchmarks [NAME ...] [--size N] [--option KEY=VALUE ...] [--list]`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from benchmarks.harness import discover, run_all, select


def _option(text: str) -> tuple[str, Any]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    for convert in (int, float):
        try:
            return key, convert(value)
        except ValueError:
            pass
    return key, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run benchmark scenarios; print one JSON object per scenario and line.",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="scenarios to run (default: all)")
    parser.add_argument("--size", type=int, help="the scenario's size (e.g. corpus papers)")
    parser.add_argument(
        "--option",
        "-o",
        action="append",
        type=_option,
        default=[],
        metavar="KEY=VALUE",
        help="extra keyword argument for run() (repeatable)",
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    args = parser.parse_args(argv)
    available = discover()
    if args.list:
        for name, scenario in available.items():
            print(f"{name:<20} {scenario.summary}")
        return 0
    try:
        chosen = select(available, args.names)
    except KeyError as exc:
        parser.error(str(exc.args[0]))
    passed = run_all(chosen, args.size, dict(args.option), lambda line: print(line, flush=True))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
