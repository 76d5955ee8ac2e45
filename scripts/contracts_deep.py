"""Run the contracts with the `deep` profile: at least 1,000 Schemathesis examples per operation.

    .venv/bin/python scripts/contracts_deep.py [--vendor V ...] [--report DIR]

Takes long (tens of minutes per vendor on a 2-core machine); CI runs the `ci` profile
through `make test` instead. Everything else is `atsbox contracts --profile deep`.
"""

from __future__ import annotations

import sys

from atsbox.cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--report" not in args:
        args += ["--report", "reports/deep"]
    sys.exit(main(["contracts", "--profile", "deep", "--mode", "wsgi", *args]))
