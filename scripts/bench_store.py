"""Store speed: bulk seeding (put_many), a full paginated scan, single puts, next_int.

    .venv/bin/python scripts/bench_store.py [--docs 60000] [--page 100] [--url sqlite://]

Each figure is the best of --repeat runs. Without --url it measures the in-memory and the file (WAL) SQLite backends. Documents are
~0.8 KB candidate-like dicts spread over a few kinds, like the large world's.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from atsbox.store import Store

T0 = datetime(2024, 1, 1, tzinfo=UTC)
KINDS = ("candidate", "application", "job", "interview")


def doc(i: int) -> dict:
    return {
        "id": f"{i:08d}-0000-4000-8000-000000000000",
        "name": f"Candidate Number {i}",
        "primaryEmailAddress": {"value": f"candidate{i}@example.com", "type": "Work", "isPrimary": True},
        "phoneNumbers": [{"value": f"+49 30 {i:07d}", "type": "Mobile", "isPrimary": True}],
        "socialLinks": [{"type": "LinkedIn", "url": f"https://linkedin.example/in/c{i}"}],
        "tags": [{"id": f"tag-{i % 17}", "title": f"Tag {i % 17}", "isArchived": False}],
        "position": "Senior Engineer",
        "company": "Example GmbH",
        "school": "Technische Universität",
        "applicationIds": [f"app-{i}-{k}" for k in range(3)],
        "customFields": [
            {"id": f"cf-{k}", "title": f"Field {k}", "value": f"value {i}-{k}"} for k in range(3)
        ],
        "createdAt": (T0 + timedelta(minutes=i)).isoformat(),
    }


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench(url: str, docs: int, page: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    with Store(url) as store:
        if "bench" in store.tenants():  # a database given with --url, kept from an earlier run
            store.delete_tenant("bench")
        store.create_tenant("bench")
        per_kind = docs // len(KINDS)

        batches = {  # built before timing: only the store's work is measured
            kind: [
                (str(i), doc(i), f"p{i % 500}", T0, T0 + timedelta(seconds=i), None) for i in range(per_kind)
            ]
            for kind in KINDS
        }

        def seed() -> None:
            for kind, rows in batches.items():
                store.put_many("bench", "ashby", kind, rows)

        figures["put_many_s"], _ = timed(seed)
        figures["analyze_s"], _ = timed(store.analyze)

        def scan() -> int:
            seen = 0
            for kind in KINDS:
                after = None
                while batch := store.list("bench", "ashby", kind, after_pk=after, limit=page):
                    seen += len(batch)
                    after = batch[-1].pk
            return seen

        figures["scan_s"], seen = timed(scan)
        assert seen == per_kind * len(KINDS), seen

        singles = 2000
        figures["put_per_s"] = (
            singles
            / timed(
                lambda: [store.put("bench", "ashby", "note", str(i), doc(i), at=T0) for i in range(singles)]
            )[0]
        )
        figures["next_int_per_s"] = (
            singles / timed(lambda: [store.next_int("bench", "ashby", "note") for _ in range(singles)])[0]
        )
        figures["get_per_s"] = (
            singles
            / timed(lambda: [store.get("bench", "ashby", "candidate", str(i)) for i in range(singles)])[0]
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=60_000)
    parser.add_argument("--page", type=int, default=100)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per backend; the best of each figure is shown"
    )
    parser.add_argument(
        "--url", action="append", help="store URL (repeatable); default: memory and file SQLite"
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        # "{run}" in a URL gives each run a fresh database.
        urls = args.url or ["sqlite://", f"sqlite:///{Path(tmp) / 'bench{run}.db'}"]
        for url in urls:
            runs = [bench(url.format(run=run), args.docs, args.page) for run in range(args.repeat)]
            # Best of the runs: the machine is shared, so the slow runs measure the neighbours.
            f = {k: (max if k.endswith("_per_s") else min)(run[k] for run in runs) for k in runs[0]}
            print(
                f"{'sqlite:///file.db (WAL)' if url.startswith(('sqlite:///', 'sqlite:////')) else url}: "
                f"put_many {args.docs} docs {f['put_many_s']:.2f}s; analyze {f['analyze_s']:.2f}s; "
                f"paginated scan (page {args.page}) {f['scan_s']:.2f}s; "
                f"put {f['put_per_s']:.0f}/s; next_int {f['next_int_per_s']:.0f}/s; get {f['get_per_s']:.0f}/s"
            )


if __name__ == "__main__":
    main()
