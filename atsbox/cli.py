"""The `atsbox` command line.

Each sub-command lives in its own module under atsbox/commands/ and plugs in through a
`register(subparsers)` function, so the CLI grows with the parts it fronts.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from atsbox import __version__

# Sub-command modules in the order --help lists them. A module that is not there yet
# (a part still being built) is skipped rather than breaking the whole CLI.
COMMAND_MODULES = ("serve", "world", "coverage", "contracts")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="atsbox",
        description=(
            "Mock ATS sandbox and contract-testing suite: faithful, stateful mocks of "
            "Ashby, Personio, Gem, Factorial and Flatchr, connectors to a unified ATS "
            "model, and contracts that prove each connector's coverage."
        ),
        epilog="Run 'atsbox <command> --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"atsbox {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="<command>")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"atsbox.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"atsbox.commands.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
