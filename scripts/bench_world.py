"""Benchmark world generation: time and peak memory per size profile.

    python scripts/bench_world.py [--profiles tiny small large] [--repeat 3] [--seed 0] [--write]

Each run happens in a fresh interpreter so its peak RSS (getrusage ru_maxrss) is its own.
A run measures: importing atsbox.fixtures, the first generate() in the process (which
also builds the Faker instances), a second, warm generate() (tiny and small only), and
world_to_json(). The table shows the median over --repeat runs (peak RSS: the largest).
With --write the "World generation" section of BENCHMARKS.md is replaced by the results.

Targets (2-core machine): tiny < 0.2 s and small < 1.5 s warm; large <= 15 s and
<= 400 MB peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
SECTION = "World generation"
TARGETS = {"tiny": "< 0.2 s warm", "small": "< 1.5 s warm", "large": "<= 15 s, <= 400 MB"}


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def child(profile: str, seed: int) -> dict[str, float | int | str]:
    """One measured run, inside the fresh interpreter."""
    t0 = time.perf_counter()
    from atsbox.fixtures import generate, world_to_json

    t1 = time.perf_counter()
    world = generate(seed, profile)
    t2 = time.perf_counter()
    rss_generate = _peak_mb()
    warm = None
    if profile != "large":
        t = time.perf_counter()
        generate(seed + 1, profile)
        warm = time.perf_counter() - t
    t3 = time.perf_counter()
    data = world_to_json(world)
    t4 = time.perf_counter()
    return {
        "profile": profile,
        "import_s": t1 - t0,
        "generate_s": t2 - t1,
        "warm_s": warm,
        "json_s": t4 - t3,
        "json_mb": len(data) / 1e6,
        "rss_generate_mb": rss_generate,
        "rss_total_mb": _peak_mb(),
        "records": len(world.jobs) + len(world.candidates) + len(world.applications) + len(world.interviews)
        + len(world.offers) + len(world.notes),
        "applications": len(world.applications),
        "candidates": len(world.candidates),
        "jobs": len(world.jobs),
    }


def measure(profile: str, seed: int, repeat: int) -> dict[str, float | int | str | None]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--child", profile, "--seed", str(seed)],
            check=True, capture_output=True, text=True, cwd=ROOT,
        )
        runs.append(json.loads(out.stdout))
    result: dict[str, float | int | str | None] = dict(runs[0])
    for key in ("import_s", "generate_s", "warm_s", "json_s"):
        values = [r[key] for r in runs if r[key] is not None]
        result[key] = statistics.median(values) if values else None
    for key in ("rss_generate_mb", "rss_total_mb"):
        result[key] = max(r[key] for r in runs)
    return result


def _fmt(value: float | None, unit: str = "s") -> str:
    return "-" if value is None else f"{value:.3f} {unit}" if unit == "s" else f"{value:.0f} {unit}"


def table(results: list[dict]) -> str:
    head = (
        "| profile | jobs / candidates / applications | first generate | warm generate | world_to_json "
        "| JSON size | peak RSS after generate | peak RSS after JSON | target |"
    )
    lines = [head, "|" + "---|" * 9]
    for r in results:
        lines.append(
            f"| {r['profile']} | {r['jobs']} / {r['candidates']} / {r['applications']} | {_fmt(r['generate_s'])} "
            f"| {_fmt(r['warm_s'])} | {_fmt(r['json_s'])} | {r['json_mb']:.1f} MB | {_fmt(r['rss_generate_mb'], 'MB')} "
            f"| {_fmt(r['rss_total_mb'], 'MB')} | {TARGETS.get(str(r['profile']), '')} |"
        )
    return "\n".join(lines)


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.system()} {platform.release()}; "
        f"load average {load} when the table was printed (the machine is shared)"
    )


def write_section(body: str) -> None:
    """Replace (or append) the '## World generation' section, leaving other sections alone."""
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n"
    section = f"## {SECTION}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    BENCHMARKS.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", nargs="+", default=["tiny", "small", "large"])
    parser.add_argument("--repeat", type=int, default=3, help="runs per profile (median time, max RSS)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action="store_true", help=f"update the '{SECTION}' section of BENCHMARKS.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.seed)))
        return 0
    results = []
    for profile in args.profiles:
        print(f"measuring {profile} ({args.repeat} runs) ...", file=sys.stderr)
        results.append(measure(profile, args.seed, args.repeat))
    rendered = table(results)
    print(f"machine: {machine()}")
    print(rendered)
    if args.write:
        command = "python scripts/bench_world.py " + shlex.join(a for a in sys.argv[1:])
        first_import = statistics.median(float(r["import_s"]) for r in results)
        body = "\n".join((
            f"Machine: {machine()}.",
            f"Command: `{command.strip()}` (each run in a fresh interpreter; median of {args.repeat} runs, "
            "peak RSS the largest).",
            "",
            rendered,
            "",
            f"\"first generate\" includes building the Faker instances once per process (about "
            f"0.2-0.3 s); importing `atsbox.fixtures` took {first_import:.2f} s (Faker is imported lazily, "
            "on the first generate). \"warm generate\" is a second generate() in the same process, "
            "as in a test session. `world_to_json` joins the whole document in memory; `atsbox world` "
            "writes the same bytes record by record (`iter_world_json`), so its peak stays close to "
            "the \"after generate\" column.",
        ))
        write_section(body)
        print(f"updated {BENCHMARKS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
