"""Load figures of the hosted sandbox (issue 9): `atsbox serve --workers 2 --no-rate-limits`
on a SQLite file, one `small` sandbox made through the control API, then

  list    wrk against each vendor's 100-record list page: requests/s, p50, p99, and how the
          machine's CPU was shared (server, wrk, everything else) while it ran;
  prism   the same request against Prism (`npx @stoplight/prism-cli mock`) serving the
          mock's own OpenAPI document, as a reference ratio;
  mixed   32 client threads for 60 s per vendor, reads and writes (create, stage moves),
          counting 5xx, then reading back every acknowledged write through the vendor API.

    .venv/bin/python scripts/bench_serve.py [--parts list,prism,mixed] [--vendors ashby,gem]
        [--repeat 3] [--seconds 10] [--connections 8] [--mixed-seconds 60] [--clients 32]
        [--json out.json]

Needs wrk (Debian: `apt-get install wrk`) and, for Prism, npx. Loopback only; every server
started here is stopped here (its process group), also on errors and Ctrl-C. A benchmark,
not a test: it prints figures and exits non-zero only when a run could not be made or the
mixed load saw a 5xx or lost a write.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

from serve_bench_http import Http, ListTarget, cpu_seconds, stop_group
from serve_bench_vendors import WORKLOADS, Workload

from atsbox.serve_process import start_serve

ADMIN = "bench-admin-token"
WRITE_SHARE = 0.25  # of the mixed load's operations; the rest are list reads
START_TIMEOUT_S = 120.0


# --- the machine --------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "arch": platform.machine(),
        "kernel": platform.release(),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "wrk": _version(["wrk", "-v"]),
    }


def _version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "missing"
    return (out.stdout + out.stderr).strip().splitlines()[0] if (out.stdout + out.stderr).strip() else "?"


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (everything but idle and iowait)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


# --- the server -----------------------------------------------------------------------------


@contextmanager
def atsbox_serve(workdir: Path, workers: int, port: int, answer_cache: int | None = None) -> Any:
    args = ["--port", str(port), "--workers", str(workers), "--no-rate-limits",
            "--db", str(workdir / "bench.db"), "--size", "tiny"]  # fmt: skip
    if answer_cache is not None:
        args += ["--answer-cache", str(answer_cache)]
    try:
        server = start_serve(args, env={"ATSBOX_ADMIN_TOKEN": ADMIN, "XDG_DATA_HOME": str(workdir / "data")},
                             timeout=START_TIMEOUT_S)  # fmt: skip
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from None
    try:
        yield server.proc, server.base_url
    finally:
        if server.stop() != 0:
            server.kill()
        # A 5xx must be explained: show what the server logged about it.
        if "Traceback" in server.output:
            print(f"# atsbox serve logged errors:\n{server.output[-6000:]}", file=sys.stderr, flush=True)


def create_sandbox(base: str) -> dict[str, Any]:
    http = Http(base, {"Authorization": f"Bearer {ADMIN}"})
    reply = http.call("POST", "/_sandbox/sandboxes", json_body={"id": "bench", "seed": 0, "size": "small"})
    if reply.status != 201:
        raise SystemExit(f"creating the sandbox failed: {reply.status} {reply.body}")
    return reply.body


# --- wrk ------------------------------------------------------------------------------------


@dataclass
class WrkRun:
    target: str  # atsbox or prism
    vendor: str
    run: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: str
    records_per_page: int
    bytes_per_page: int
    loadavg: str
    server_cpu_s: float
    client_cpu_s: float
    other_cpu_s: float
    seconds: float


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise RuntimeError(f"wrk printed a latency of {text!r}")
    value, unit = match.groups()
    return float(value) * _UNITS_MS[unit]


def parse_wrk(out: str) -> dict[str, Any]:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if rps is None:
        raise RuntimeError(f"wrk printed no rate:\n{out}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "requests_per_s": float(rps.group(1)),
        "p50_ms": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "p99_ms": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else "none",
    }


def run_wrk(url: str, target: ListTarget, workdir: Path, seconds: int, connections: int,
            server_pid: int) -> dict[str, Any]:  # fmt: skip
    """wrk with one thread (the client takes at most one core) for `seconds`."""
    script = workdir / "request.lua"
    script.write_text(target.lua())
    before = (cpu_seconds(server_pid), _children_cpu(), busy_seconds(), time.monotonic())
    load = loadavg()
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True, text=True, timeout=seconds + 60,
    )  # fmt: skip
    server, client, busy = (
        cpu_seconds(server_pid) - before[0], _children_cpu() - before[1], busy_seconds() - before[2]
    )  # fmt: skip
    return {
        **parse_wrk(out.stdout),
        "loadavg": load,
        "server_cpu_s": round(server, 2),
        "client_cpu_s": round(client, 2),
        "other_cpu_s": round(max(busy - server - client, 0.0), 2),
        "seconds": round(time.monotonic() - before[3], 2),
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def probe(base: str, target: ListTarget, workload: Workload | None) -> tuple[int, int]:
    """(records, bytes) of one answer to the list request; fails loudly on a non-2xx."""
    http = Http(base, target.headers)
    reply = http.session.request(target.method, base + target.path, json=target.body, timeout=30)
    if not 200 <= reply.status_code < 300:
        raise SystemExit(f"{target.method} {target.path}: {reply.status_code} {reply.text[:300]}")
    records = workload.records_in(reply.json()) if workload is not None else _count_records(reply.json())
    return records, len(reply.content)


def _count_records(body: Any) -> int:
    """Records in a Prism example answer: the longest list found in it."""
    if isinstance(body, list):
        return len(body)
    if isinstance(body, dict):
        return max((_count_records(v) for v in body.values() if isinstance(v, list | dict)), default=0)
    return 0


# --- Prism ------------------------------------------------------------------------------------


@contextmanager
def prism(document: Path, workdir: Path) -> Any:
    """Prism mocking `document` on a free loopback port; yields its base URL."""
    port = _free_port()
    log = open(workdir / f"prism-{document.stem}.log", "w")  # noqa: SIM115 - closed below
    cmd = ["npx", "--yes", "@stoplight/prism-cli", "mock", "-h", "127.0.0.1", "-p", str(port),
           "-v", "warn", str(document)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)  # polling a child process's port, not a test
        if proc.poll() is not None or time.monotonic() >= deadline:
            log.flush()
            raise RuntimeError(f"Prism did not start: {(workdir / log.name).read_text()[-2000:]}")
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        stop_group(proc)
        log.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- the mixed load -------------------------------------------------------------------------


@dataclass
class MixedRun:
    vendor: str
    clients: int
    seconds: float
    operations: int
    reads: int
    writes: int
    acknowledged: int
    statuses: dict[str, int]
    server_errors: int
    client_errors: int
    read_backs: int
    lost: int
    lost_examples: list[str] = field(default_factory=list)
    reads_p50_ms: float = 0.0
    reads_p99_ms: float = 0.0
    writes_p50_ms: float = 0.0
    writes_p99_ms: float = 0.0
    loadavg: str = ""


def run_mixed(base: str, workload: Workload, clients: int, seconds: float) -> MixedRun:
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    times: dict[str, list[float]] = {"read": [], "write": []}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    load = loadavg()

    def client(index: int) -> None:
        http = Http(base, workload.headers())
        rng = random.Random(index)  # the same sequence of reads and writes every run
        n = 0
        mine: Counter[str] = Counter()
        took: dict[str, list[float]] = {"read": [], "write": []}
        while time.monotonic() < stop_at:
            kind = "write" if rng.random() < WRITE_SHARE else "read"
            started = time.perf_counter()
            try:
                status = workload.write(http, index, n) if kind == "write" else workload.read(http)
            except Exception as exc:  # a dropped connection is a finding, not a crash
                mine[f"error {type(exc).__name__}"] += 1
                continue
            finally:
                n += 1
            took[kind].append(time.perf_counter() - started)
            mine[f"{kind} {status}"] += 1
        http.close()
        with lock:
            statuses.update(mine)
            for k, v in took.items():
                times[k] += v

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client, i) for i in range(clients)]:
            future.result()
    elapsed = time.monotonic() - started

    expected = workload.expected()
    lost: list[str] = []

    def check(item: tuple[str, Any]) -> None:
        what, verify = item
        http = Http(base, workload.headers())
        try:
            found = verify(http)
        except Exception as exc:
            found = False
            what = f"{what} ({type(exc).__name__}: {exc})"
        if not found:
            with lock:
                lost.append(what)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(check, expected))
    server_errors = sum(n for k, n in statuses.items() if k.split()[-1].startswith("5"))
    client_errors = sum(n for k, n in statuses.items() if k.split()[-1].startswith("4"))
    errors.update({k: n for k, n in statuses.items() if k.startswith("error")})
    return MixedRun(
        vendor=workload.name,
        clients=clients,
        seconds=round(elapsed, 1),
        operations=sum(statuses.values()),
        reads=sum(n for k, n in statuses.items() if k.startswith("read")),
        writes=sum(n for k, n in statuses.items() if k.startswith("write")),
        acknowledged=workload.acknowledged,
        statuses=dict(sorted(statuses.items())),
        server_errors=server_errors + sum(errors.values()),
        client_errors=client_errors,
        read_backs=len(expected),
        lost=len(lost),
        lost_examples=lost[:5],
        reads_p50_ms=_pct(times["read"], 50),
        reads_p99_ms=_pct(times["read"], 99),
        writes_p50_ms=_pct(times["write"], 50),
        writes_p99_ms=_pct(times["write"], 99),
        loadavg=load,
    )


def _pct(values: list[float], pct: int) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, len(ordered) * pct // 100)], 1)


# --- the report -----------------------------------------------------------------------------


def report_list(runs: list[WrkRun]) -> list[str]:
    lines = [
        "| target | vendor | run | requests/s | p50 | p99 | records/page | KB/page | non-2xx | server CPU | wrk CPU | other CPU | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r.target} | {r.vendor} | {r.run} | {r.requests_per_s:,.0f} | {r.p50_ms:.1f} ms | {r.p99_ms:.1f} ms "
            f"| {r.records_per_page} | {r.bytes_per_page / 1000:.0f} | {r.non_2xx} "
            f"| {r.server_cpu_s / r.seconds:.2f} cores | {r.client_cpu_s / r.seconds:.2f} cores "
            f"| {r.other_cpu_s / r.seconds:.2f} cores | {r.loadavg} |"
        )
    return lines


def report_summary(runs: list[WrkRun]) -> list[str]:
    """Per target and vendor: the median run, the spread, and requests per CPU-second of the
    server, which moves less with the machine's other load than requests/s does."""
    lines = [
        "| target | vendor | runs | requests/s median (min-max) | p50 median | p99 median | requests per server CPU-second |",
        "|---|---|---|---|---|---|---|",
    ]
    groups: dict[tuple[str, str], list[WrkRun]] = {}
    for r in runs:
        groups.setdefault((r.target, r.vendor), []).append(r)
    for (target, vendor), group in groups.items():
        rates = [r.requests_per_s for r in group]
        per_cpu = [r.requests / r.server_cpu_s for r in group if r.server_cpu_s]
        lines.append(
            f"| {target} | {vendor} | {len(group)} | {median(rates):,.0f} ({min(rates):,.0f}-{max(rates):,.0f}) "
            f"| {median(r.p50_ms for r in group):.1f} ms | {median(r.p99_ms for r in group):.0f} ms "
            f"| {median(per_cpu):,.0f} |"
        )
    return lines


def report_mixed(runs: list[MixedRun]) -> list[str]:
    lines = [
        "| vendor | clients | seconds | operations | reads | writes | acknowledged | 5xx / errors | 4xx | read back | lost | read p50 / p99 | write p50 / p99 | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r.vendor} | {r.clients} | {r.seconds} | {r.operations:,} | {r.reads:,} | {r.writes:,} "
            f"| {r.acknowledged:,} | {r.server_errors} | {r.client_errors} | {r.read_backs:,} | {r.lost} "
            f"| {r.reads_p50_ms:.0f} / {r.reads_p99_ms:.0f} ms | {r.writes_p50_ms:.0f} / {r.writes_p99_ms:.0f} ms "
            f"| {r.loadavg} |"
        )
    return lines


# --- main -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default="list,prism,mixed")
    parser.add_argument("--vendors", default=",".join(WORKLOADS))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="wrk runs per vendor (interleaved)")
    parser.add_argument("--seconds", type=int, default=10, help="length of one wrk run")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (2 workers x 4 threads)")
    parser.add_argument("--mixed-seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--answer-cache", type=int, default=None, metavar="MB",
                        help="passed to atsbox serve (0: every request computes its answer)")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure here")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    names = [v for v in args.vendors.split(",") if v]
    if shutil.which("wrk") is None and parts & {"list", "prism"}:
        raise SystemExit("wrk is missing (Debian: apt-get install wrk)")

    info = machine()
    print(f"# machine: {json.dumps(info)}; load average {loadavg()}", flush=True)
    results: dict[str, Any] = {"machine": info, "list": [], "prism": [], "prism_failed": {}, "mixed": []}
    with tempfile.TemporaryDirectory(prefix="atsbox-bench-serve-") as tmp:
        workdir = Path(tmp)
        with atsbox_serve(workdir, args.workers, args.port, args.answer_cache) as (server, base):
            sandbox = create_sandbox(base)
            workloads = {n: WORKLOADS[n](sandbox) for n in names}
            for workload in workloads.values():
                workload.setup(Http(base, workload.headers()), args.clients)
            if "list" in parts:
                results["list"] = list_runs(base, server.pid, workloads, workdir, args)
                print("\n".join(report_list(results["list"]) + report_summary(results["list"])), flush=True)
            if "prism" in parts:
                results["prism"], results["prism_failed"] = prism_runs(base, workloads, workdir, args)
                print("\n".join(report_list(results["prism"]) + report_summary(results["prism"])), flush=True)
                for vendor, why in results["prism_failed"].items():
                    print(f"prism {vendor}: {why}", flush=True)
            if "mixed" in parts:
                for name, workload in workloads.items():
                    run = run_mixed(base, workload, args.clients, args.mixed_seconds)
                    results["mixed"].append(run)
                    print(f"# mixed {name}: {json.dumps(asdict(run))}", flush=True)
                print("\n".join(report_mixed(results["mixed"])), flush=True)
    if args.json:
        args.json.write_text(json.dumps(_plain(results), indent=1))
    bad = [r for r in results["mixed"] if r.server_errors or r.lost]
    return 1 if bad else 0


def list_runs(base: str, server_pid: int, workloads: dict[str, Workload], workdir: Path,
              args: argparse.Namespace) -> list[WrkRun]:  # fmt: skip
    runs = []
    for run in range(1, args.repeat + 1):  # interleaved, so a busy minute hits every vendor alike
        for name, workload in workloads.items():
            target = workload.list_target()
            records, size = probe(base, target, workload)
            figures = run_wrk(base + target.path, target, workdir, args.seconds, args.connections, server_pid)
            runs.append(WrkRun("atsbox", name, run, records_per_page=records, bytes_per_page=size, **figures))
            print(f"# atsbox {name} run {run}: {json.dumps(asdict(runs[-1]))}", flush=True)
    return runs


def prism_runs(base: str, workloads: dict[str, Workload], workdir: Path,
               args: argparse.Namespace) -> tuple[list[WrkRun], dict[str, str]]:  # fmt: skip
    runs, failed = [], {}
    for name, workload in workloads.items():
        document = workdir / f"{name}.json"
        document.write_bytes(Http(base).session.get(f"{base}/{name}/openapi.json", timeout=30).content)
        target = workload.list_target()
        # Prism serves the document's paths from its root; the mock's are under /<vendor>.
        local = ListTarget(target.method, target.path[len(name) + 1 :], target.headers, target.body)
        try:
            with prism(document, workdir) as (proc, url):
                records, size = probe(url, local, None)
                for run in range(1, args.repeat + 1):
                    figures = run_wrk(
                        url + local.path, local, workdir, args.seconds, args.connections, proc.pid
                    )
                    runs.append(
                        WrkRun("prism", name, run, records_per_page=records, bytes_per_page=size, **figures)
                    )
                    print(f"# prism {name} run {run}: {json.dumps(asdict(runs[-1]))}", flush=True)
        except (RuntimeError, SystemExit, OSError) as exc:
            failed[name] = str(exc)[-1500:]
    return runs, failed


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return value


if __name__ == "__main__":
    sys.exit(main())
