#!/usr/bin/env python3
"""Benchmark a full sync of a world through the Gem connector.

    .venv/bin/python scripts/bench_gem_sync.py [--size large] [--seed 0] [--modes wsgi http]

Generates the world, seeds an in-memory sandbox with the Gem mock, then reads every model on
Gem's coverage page through a fresh connector: in-process (WSGI, no socket) and over a
loopback socket (werkzeug's threaded server in this process). Prints, per mode, the unified
records, wall seconds, records/s, CPU seconds of this process (the mock, the connector and, over
HTTP, the server thread all run in it, so records per CPU second do not depend on how busy the
machine is) and Gem calls, and the same per model, as Markdown table rows for the "Gem full
sync" section of BENCHMARKS.md.

Targets (2-core machine): >= 2,000 unified records/s in-process, >= 1,000 over HTTP.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import time
from typing import Any

TARGETS = {"wsgi": 2000, "http": 1000}
MODE_NAMES = {"wsgi": "in-process", "http": "loopback socket"}


def sync(target: Any) -> dict[str, Any]:
    """Read every model on the page through a fresh connector; counts, times and calls."""
    from atsbox.contracts.coverage import load_coverage
    from atsbox.contracts.vendors.gem import make_connector

    connector = make_connector(target)
    calls = [0]
    connector.transport.session.hooks["response"].append(lambda response, *a, **k: calls.__setitem__(0, calls[0] + 1))
    per_model: dict[str, tuple[int, float, int]] = {}
    started, cpu_started = time.perf_counter(), time.process_time()
    for model in (m.key for m in load_coverage("gem").models):
        t0, c0 = time.perf_counter(), calls[0]
        count = len(connector.read(model))
        per_model[model] = (count, time.perf_counter() - t0, calls[0] - c0)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    total = sum(n for n, _, _ in per_model.values())
    return {"records": total, "seconds": seconds, "rate": total / seconds, "cpu": cpu, "calls": calls[0],
            "per_model": per_model}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="large")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--modes", nargs="+", choices=sorted(TARGETS), default=["wsgi", "http"])
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no per-request log lines

    from atsbox.contracts.engine import loopback_server
    from atsbox.contracts.plugin import ConnectTarget
    from atsbox.fixtures import generate
    from atsbox.mocks.core import create_vendor_app
    from atsbox.sandbox import create_sandbox
    from atsbox.store import Store

    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load {' '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
    t0 = time.perf_counter()
    world = generate(seed=args.seed, size=args.size)
    store = Store("sqlite://")
    info = create_sandbox(store, "bench", seed=args.seed, size=args.size, vendors=["gem"], world=world)
    app = create_vendor_app("gem", store, config={"rate_limits": False})
    creds = info.credentials["gem"]
    print(f"world {args.size} (seed {args.seed}) generated and rendered in {time.perf_counter() - t0:.1f} s")

    print("| world | path | records | seconds | records/s | CPU s | records/CPU s | Gem calls | target |")
    print("|---|---|---|---|---|---|---|---|---|")
    details = []
    with loopback_server(app) as base_url:
        for mode in args.modes:
            target = ConnectTarget("gem", creds, base_url=base_url) if mode == "http" else ConnectTarget(
                "gem", creds, wsgi_app=app
            )
            result = sync(target)
            ok = "met" if result["rate"] >= TARGETS[mode] else "MISSED"
            print(f"| {args.size} | {MODE_NAMES[mode]} | {result['records']:,} | {result['seconds']:.1f} | "
                  f"{result['rate']:,.0f} | {result['cpu']:.1f} | {result['records'] / result['cpu']:,.0f} | "
                  f"{result['calls']:,} | >= {TARGETS[mode]:,}/s {ok} |")  # fmt: skip
            details.append((mode, result))
    for mode, result in details:
        parts = ", ".join(f"{m} {n:,} in {s:.1f} s ({c} calls)" for m, (n, s, c) in result["per_model"].items())
        print(f"{MODE_NAMES[mode]}: {parts}")


if __name__ == "__main__":
    main()
