"""Full-sync speed of any vendor: every model on its coverage page read through its
connector from a seeded sandbox, in-process (WSGI) and over a loopback socket.

    .venv/bin/python scripts/bench_vendor_sync.py factorial [--size large] [--seed 0]

Targets (docs/vendors): >= 2,000 unified records/s in-process, >= 1,000/s over HTTP. The
connector and the models come from the vendor's contract plug-in and coverage table, so this
measures what `atsbox contracts` syncs.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import time

from atsbox.contracts.coverage import load_coverage
from atsbox.contracts.engine import loopback_server
from atsbox.contracts.plugin import ConnectTarget, load_contract
from atsbox.fixtures import generate
from atsbox.mocks.core import create_vendor_app
from atsbox.sandbox import create_sandbox
from atsbox.store import Store


def sync(vendor: str, target: ConnectTarget) -> tuple[dict[str, tuple[int, float]], int, float]:
    connector = load_contract(vendor).connect(target)
    per_model = {}
    started = time.perf_counter()
    for model in (m.key for m in load_coverage(vendor).models):
        t0 = time.perf_counter()
        per_model[model] = (len(connector.read(model)), time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    return per_model, sum(n for n, _ in per_model.values()), elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("vendor")
    parser.add_argument("--size", default="large")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no per-request log lines
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    t0 = time.perf_counter()
    world = generate(seed=args.seed, size=args.size)
    store = Store("sqlite://")
    info = create_sandbox(store, "bench", seed=args.seed, size=args.size, vendors=[args.vendor], world=world)
    print(f"world + render: {time.perf_counter() - t0:.1f} s")
    app = create_vendor_app(args.vendor, store, config={"rate_limits": False})
    creds = info.credentials[args.vendor]
    runs = [("in-process", ConnectTarget(args.vendor, creds, wsgi_app=app))]
    with loopback_server(app) as base_url:
        runs.append(("loopback socket", ConnectTarget(args.vendor, creds, base_url=base_url)))
        for name, target in runs:
            per_model, total, elapsed = sync(args.vendor, target)
            detail = ", ".join(f"{m} {n} in {s:.1f}s" for m, (n, s) in per_model.items())
            print(f"{name}: {total} records in {elapsed:.1f} s = {total / elapsed:,.0f} records/s ({detail})")


if __name__ == "__main__":
    main()
