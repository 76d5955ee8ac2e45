"""Connector plumbing speed: a paginated read mapped to unified Candidates, in-process
(WSGIAdapter) and over a loopback socket.

    .venv/bin/python scripts/bench_transport.py [--records 20000] [--page 100]

The vendor here is a tiny Flask app serving candidate-like documents; the connector maps
each to a unified ``Candidate`` (ids, emails, phones, links, location, custom fields,
remote_data), so the figure is the budget a real connector starts from: the in-process
full-sync target is >= 2,000 unified records/s.
"""

from __future__ import annotations

import argparse
import platform
import threading
import time
from datetime import UTC, datetime, timedelta

from flask import Flask, jsonify, request
from werkzeug.serving import WSGIRequestHandler, make_server

from atsbox.connectors.base import Connector
from atsbox.connectors.http import Transport
from atsbox.connectors.ids import unified_id
from atsbox.connectors.unified import Candidate

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def vendor_app(records: int) -> Flask:
    docs = [
        {
            "id": f"{i:08d}-0000-4000-8000-000000000000",
            "firstName": f"First{i}",
            "lastName": f"Last{i}",
            "emails": [{"value": f"c{i}@example.com", "type": "Work"}],
            "phones": [{"value": f"+49 30 {i:07d}", "type": "Mobile"}],
            "links": [{"type": "LinkedIn", "url": f"https://linkedin.example/in/c{i}"}],
            "city": "Berlin",
            "country": "DE",
            "company": "Example GmbH",
            "custom": {"shoe_size": i % 13},
            "updatedAt": (T0 + timedelta(minutes=i)).isoformat(),
        }
        for i in range(records)
    ]
    app = Flask("bench-vendor")

    @app.get("/candidates")
    def candidates():
        start = int(request.args.get("cursor", 0))
        limit = int(request.args.get("limit", 100))
        end = start + limit
        return jsonify(results=docs[start:end], next=end if end < len(docs) else None)

    return app


class BenchConnector(Connector):
    vendor = "bench"

    def __init__(self, transport: Transport, page: int) -> None:
        super().__init__(transport)
        self.page = page

    def read_candidates(self, updated_after):
        cursor: int | None = 0
        records = []
        while cursor is not None:
            body = self.transport.json("GET", "candidates", params={"cursor": cursor, "limit": self.page})
            for doc in body["results"]:
                records.append(
                    Candidate(
                        id=unified_id("candidates", doc["id"]),
                        remote_id=doc["id"],
                        changed_at=doc["updatedAt"],
                        first_name=doc["firstName"],
                        last_name=doc["lastName"],
                        company=doc["company"],
                        email_addresses=[
                            {"email_address": e["value"], "type": e["type"]} for e in doc["emails"]
                        ],
                        phone_numbers=[
                            {"phone_number": p["value"], "type": p["type"]} for p in doc["phones"]
                        ],
                        social_media=[{"link": s["url"], "type": s["type"]} for s in doc["links"]],
                        location={"city": doc["city"], "country": doc["country"]},
                        custom_fields=doc["custom"],
                        remote_data={f"/candidates/{doc['id']}": doc},
                    )
                )
            cursor = body["next"]
        return records


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: object, **kwargs: object) -> None:
        pass  # one line per page would drown the figures


def measure(transport: Transport, page: int) -> tuple[int, float]:
    connector = BenchConnector(transport, page)
    start = time.perf_counter()
    records = connector.read("candidates")
    return len(records), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--page", type=int, default=100)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}"
    )
    app = vendor_app(args.records)
    unified_id.cache_clear()
    count, seconds = measure(Transport("https://api.bench.example", wsgi_app=app), args.page)
    print(f"in-process: {count} records in {seconds:.2f}s = {count / seconds:,.0f} unified records/s")
    httpd = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        unified_id.cache_clear()
        count, seconds = measure(Transport(f"http://127.0.0.1:{httpd.server_port}"), args.page)
        print(
            f"loopback socket: {count} records in {seconds:.2f}s = {count / seconds:,.0f} unified records/s"
        )
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


if __name__ == "__main__":
    main()
