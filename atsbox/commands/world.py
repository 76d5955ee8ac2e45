"""`atsbox world`: write the seeded world (the mocks' ground truth) as canonical JSON.

    atsbox world [--seed N] [--size tiny|small|large|COUNTS] [--output PATH|-]

Progress goes to stderr (a live counter on a terminal, one line per phase otherwise), so
``atsbox world -o - | jq .jobs[0]`` gets clean JSON on stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import BinaryIO, TextIO

from atsbox.fixtures import PROFILES, World, generate, resolve_size
from atsbox.fixtures.serialize import iter_world_json

_SIZES_HELP = ", ".join(
    f"{name} ({s.jobs} jobs, {s.candidates} candidates, {s.applications} applications)" for name, s in PROFILES.items()
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "world",
        help="write the seeded world every mock renders, as canonical JSON",
        description=(
            "Generate the vendor-neutral ATS world (users, jobs, candidates, applications, interviews, "
            "offers, ... in Kombo's unified vocabulary) that every mock renders and every contract "
            "compares against, and write it as canonical JSON: sorted keys, UTC times with "
            "milliseconds, attachment bytes in base64. The same seed and size always give the same bytes."
        ),
        epilog=(
            "Examples: 'atsbox world --size tiny -o tiny.json' ; "
            "'atsbox world --seed 7 --size jobs=10,candidates=50,applications=80 -o -' ; "
            "'atsbox world --size tiny,edge_rate=0.2'."
        ),
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--size",
        default="small",
        help=(
            f"a profile: {_SIZES_HELP}; or counts such as 'jobs=10,candidates=50,applications=80' "
            "(unnamed counts from small, or from a profile named first: 'tiny,jobs=3'; edge_rate=0.1 "
            "sets the share of edge cases). Default: small"
        ),
    )
    parser.add_argument(
        "-o", "--output", default="-", help="file to write, or '-' for stdout (default: -)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(func=run)


class _Progress:
    """Prints generation progress to a stream: overwriting one line on a terminal, one
    line per finished phase elsewhere (logs, CI)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.live:
            end = "\n" if done == total else ""
            self.stream.write(f"\r\x1b[K{phase}: {done}/{total}{end}")
            self.stream.flush()
        elif done == total:
            self.stream.write(f"{phase}: {total}\n")


def run(args: argparse.Namespace) -> int:
    try:
        size = resolve_size(args.size)
    except ValueError as exc:
        print(f"atsbox world: {exc}", file=sys.stderr)
        return 2
    progress = None if args.quiet else _Progress(sys.stderr)
    world = generate(seed=args.seed, size=size, progress=progress)
    # Written record by record: the large world's JSON never sits in memory twice.
    if args.output == "-":
        written = _write(world, sys.stdout.buffer)
    else:
        path = Path(args.output)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            written = _write(world, out)
    if not args.quiet:
        where = "stdout" if args.output == "-" else args.output
        print(
            f"world seed={world.seed} size={world.size}: {len(world.jobs)} jobs, {len(world.candidates)} "
            f"candidates, {len(world.applications)} applications, {written:,} bytes -> {where}",
            file=sys.stderr,
        )
    return 0


def _write(world: World, out: BinaryIO) -> int:
    written = 0
    for chunk in iter_world_json(world):
        out.write(chunk)
        written += len(chunk)
    out.flush()
    return written
