"""Prometheus metrics: requests by vendor, endpoint, method and status; a latency histogram.

`MetricsMiddleware` wraps the whole WSGI app, so vendor routes, the control API and the
guides are all counted. The endpoint label is the matched URL rule ("/ashby/candidate.list",
"/_sandbox/sandboxes/<sandbox_id>"), never the raw path, so ids cannot blow up the number of
series. A dropped connection (fault injection) counts with status "0".

Under gunicorn every worker counts in its own process; with PROMETHEUS_MULTIPROC_DIR set
(`atsbox serve --workers` sets it) the client library keeps the values in files there and a
scrape of any worker adds up all of them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

from atsbox.mocks.core.context import ENV_VENDOR

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# The *_created series double the output and no dashboard of a sandbox needs them.
disable_created_metrics()

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "atsbox_requests",
            "HTTP requests served, by vendor (or '-'), URL rule, method and status.",
            ["vendor", "endpoint", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "atsbox_request_duration_seconds",
            "Time from receiving a request to returning its response, by vendor and URL rule.",
            ["vendor", "endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )

    def observe(self, vendor: str, endpoint: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(vendor, endpoint, method, str(status)).inc()
        self.latency.labels(vendor, endpoint).observe(seconds)

    def exposition(self) -> tuple[bytes, str]:
        """The text format of every worker's metrics (or this process's alone)."""
        directory = os.environ.get(MULTIPROC_ENV)
        if directory:
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry, path=directory)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


ENV_ENDPOINT = "atsbox.endpoint"


def note_endpoint() -> None:
    """before_request hook: leave the matched URL rule where the middleware finds it
    (Flask clears its request object from the environ when the request ends)."""
    from flask import request

    if request.url_rule is not None:
        request.environ[ENV_ENDPOINT] = request.url_rule.rule


class MetricsMiddleware:
    def __init__(self, app: Callable[..., Any], metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.perf_counter()
        status = [0]

        def _start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status[0] = int(line.split(" ", 1)[0])
            return start_response(line, headers, exc_info)

        try:
            result = self.app(environ, _start_response)
        except ConnectionAbortedError:  # a dropped connection: no status was sent
            status[0] = 0
            raise
        finally:
            self.metrics.observe(
                environ.get(ENV_VENDOR) or "-",
                environ.get(ENV_ENDPOINT, "unmatched"),
                environ.get("REQUEST_METHOD", "GET"),
                status[0],
                time.perf_counter() - started,
            )
        return result
