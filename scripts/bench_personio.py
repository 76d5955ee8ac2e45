"""Full-sync speed of the Personio connector against its mock, in-process and over a socket.

Seeds one sandbox (default: the large world), then times a full read of every model on the
coverage page through a fresh connector per run, and prints unified records per second.
After each `read_all` it times a delta `read_all` with the same connector (nothing changed):
Personio keeps no tombstones, so that delta lists candidates and applications in full to see
what is gone.
Targets: >= 2,000 records/s in-process, >= 1,000/s over loopback HTTP. Rate limits are off
(Personio's v2 bucket would throttle a benchmark, as it would a real full sync).

    .venv/bin/python scripts/bench_personio.py [--size large] [--runs 2]
"""

from __future__ import annotations

import argparse
import logging
import time

from atsbox.connectors.base import connector_for
from atsbox.contracts.coverage import load_coverage
from atsbox.contracts.engine import loopback_server
from atsbox.fixtures import generate
from atsbox.mocks.core import create_vendor_app
from atsbox.sandbox import create_sandbox
from atsbox.store import Store


def flat(credentials: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for credential in credentials.values():
        out.update(credential.shown())
    return out


def sync(connector, models: list[str]) -> tuple[int, dict[str, float]]:
    """Model by model, as the contract engine reads (each model fetches what it needs)."""
    total, times = 0, {}
    for model in models:
        started = time.perf_counter()
        total += len(connector.read(model))
        times[model] = time.perf_counter() - started
    return total, times


def sync_all(connector, models: list[str]) -> tuple[int, dict[str, float]]:
    """`read_all`, the connector's full sync (each Personio listing fetched once)."""
    synced = connector.read_all()
    return sum(len(synced[m]) for m in models), {}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no per-request log lines

    started = time.perf_counter()
    world = generate(seed=0, size=args.size)
    store = Store("sqlite://")
    info = create_sandbox(store, "bench", seed=0, size=args.size, vendors=["personio"], world=world)
    app = create_vendor_app("personio", store, config={"rate_limits": False})
    print(f"world + sandbox ({args.size}): {time.perf_counter() - started:.1f} s")
    credentials = flat(info.credentials["personio"])
    models = [m.key for m in load_coverage("personio").models]

    def run(label: str, **where: object) -> None:
        for i in range(args.runs):
            for how, fn in (("read_all", sync_all), ("model by model", sync)):
                connector = connector_for("personio", credentials=credentials, **where)
                started = time.perf_counter()
                total, times = fn(connector, models)
                elapsed = time.perf_counter() - started
                detail = ", ".join(f"{m} {t:.2f}s" for m, t in times.items())
                print(
                    f"{label}, {how}, run {i + 1}: {total} records in {elapsed:.2f} s = "
                    f"{total / elapsed:,.0f} records/s {detail}"
                )
                if fn is sync_all:
                    started = time.perf_counter()
                    delta = connector.read_all(connector.clock.now())
                    print(
                        f"{label}, delta read_all after it, run {i + 1}: "
                        f"{sum(len(v) for v in delta.values())} records in {time.perf_counter() - started:.2f} s"
                    )

    run("in-process", wsgi_app=app)
    with loopback_server(app) as base_url:
        run("loopback HTTP", base_url=base_url)


if __name__ == "__main__":
    main()
