"""A write load from another process: Ashby candidate.create in a loop, printing each name
the server acknowledged (HTTP 200 and success) as soon as it did. Run by test_durability.

    python durability_writer.py BASE_URL API_KEY
"""

from __future__ import annotations

import itertools
import sys

import requests


def main() -> None:
    base, key = sys.argv[1], sys.argv[2]
    session = requests.Session()
    session.auth = (key, "")
    for n in itertools.count():
        name = f"Durable Writer{n:06d}"
        try:
            response = session.post(f"{base}/ashby/candidate.create", json={"name": name}, timeout=10)
        except requests.RequestException:
            continue  # the server is gone (killed): keep trying until we are stopped
        if response.status_code == 200 and response.json().get("success"):
            print(name, flush=True)


if __name__ == "__main__":
    main()
