"""Flatchr full-sync speed: every model on Flatchr's page read through the connector from a
seeded sandbox, in-process (WSGI) and over a loopback socket.

    .venv/bin/python scripts/bench_flatchr.py [--size large] [--seed 0]

Targets (docs/vendors): >= 2,000 unified records/s in-process, >= 1,000/s over HTTP.
Each full sync is followed by a delta of every model with the same connector (nothing
changed): it searches without ``start_update``, the listing that shows what is gone.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import time
from typing import Any

from atsbox.contracts.engine import loopback_server
from atsbox.contracts.plugin import ConnectTarget
from atsbox.contracts.vendors.flatchr import make_connector
from atsbox.fixtures import generate
from atsbox.mocks.core import create_vendor_app
from atsbox.sandbox import create_sandbox
from atsbox.store import Store

MODELS = ("jobs", "candidates", "application_stages", "applications", "tags", "candidate_tags", "job_stages")


def sync(connector: Any, delta: bool = False) -> tuple[dict[str, tuple[int, float]], int, float]:
    since = connector.clock.now() if delta else None
    per_model = {}
    started = time.perf_counter()
    for model in MODELS:
        t0 = time.perf_counter()
        per_model[model] = (len(connector.read(model, since)), time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    return per_model, sum(n for n, _ in per_model.values()), elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no per-request log lines
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    t0 = time.perf_counter()
    world = generate(seed=args.seed, size=args.size)
    store = Store("sqlite://")
    info = create_sandbox(store, "bench", seed=args.seed, size=args.size, vendors=["flatchr"], world=world)
    print(f"world + render: {time.perf_counter() - t0:.1f} s")
    app = create_vendor_app("flatchr", store, config={"rate_limits": False})
    creds = info.credentials["flatchr"]
    runs = [("in-process", ConnectTarget("flatchr", creds, wsgi_app=app))]
    with loopback_server(app) as base_url:
        runs.append(("loopback socket", ConnectTarget("flatchr", creds, base_url=base_url)))
        for name, target in runs:
            connector = make_connector(target)
            per_model, total, elapsed = sync(connector)
            detail = ", ".join(f"{m} {n} in {s:.1f}s" for m, (n, s) in per_model.items())
            print(f"{name}: {total} records in {elapsed:.1f} s = {total / elapsed:,.0f} records/s ({detail})")
            per_model, total, elapsed = sync(connector, delta=True)
            detail = ", ".join(f"{m} {s:.1f}s" for m, (_, s) in per_model.items())
            print(f"{name}, delta after it: {total} records in {elapsed:.1f} s ({detail})")


if __name__ == "__main__":
    main()
