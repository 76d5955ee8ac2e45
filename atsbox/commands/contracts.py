"""`atsbox contracts`: prove each connector delivers what its coverage page promises."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The world the oracle compares against per profile; Schemathesis' examples per operation
# are set in atsbox.contracts.schemathesis_suite.PROFILES.
PROFILES = {"ci": {"size": "small"}, "deep": {"size": "small"}}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "contracts",
        help="run the coverage contracts (reads, writes, features) and write reports",
        description=(
            "Run each vendor's connector against its mock and check, field by field, that it "
            "delivers exactly what the vendor's coverage page documents: every listed field with "
            "the world's value, every unlisted field empty, every write action's input fields held "
            "by the vendor, every feature row working. Exits 1 on any failure or any documented "
            "item left unverified."
        ),
        epilog=(
            "Examples: 'atsbox contracts --vendor ashby --junit reports/junit.xml --report reports/' ; "
            "'atsbox contracts --base-url http://127.0.0.1:8000/ashby --vendor ashby' against a running "
            "sandbox (credentials from ATSBOX_<VENDOR>_<NAME> environment variables, e.g. ATSBOX_ASHBY_API_KEY)."
        ),
    )
    parser.add_argument(
        "--vendor", action="append", default=[], help="vendor to check (repeatable; default: all vendors)"
    )
    parser.add_argument(
        "--profile", choices=sorted(PROFILES), default="ci", help="how hard to try (default: ci)"
    )
    parser.add_argument(
        "--mode",
        choices=("wsgi", "http", "both"),
        default="both",
        help="in-process WSGI, a real loopback socket, or both (default: both)",
    )
    parser.add_argument("--base-url", help="check a running sandbox or vendor instead of an in-process one")
    parser.add_argument(
        "--seed", type=int, default=0, help="world seed (default 0; must match a --base-url sandbox)"
    )
    parser.add_argument("--size", default=None, help="world size profile (default: the profile's)")
    parser.add_argument("--junit", type=Path, help="write JUnit XML here")
    parser.add_argument("--report", type=Path, help="write coverage.json, summary.md and coverage.html here")
    parser.add_argument(
        "--no-schemathesis", action="store_true", help="skip the Schemathesis run on each mock"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from atsbox.contracts.coverage import VENDORS
    from atsbox.contracts.engine import run_vendor
    from atsbox.contracts.reports import summary_table, write_all
    from atsbox.contracts.results import passed

    unknown = [v for v in args.vendor if v not in VENDORS]
    if unknown:
        print(
            f"atsbox contracts: unknown vendor(s) {', '.join(unknown)}; known: {', '.join(VENDORS)}",
            file=sys.stderr,
        )
        return 2
    vendors = args.vendor or list(VENDORS)
    profile = PROFILES[args.profile]
    size = args.size or profile["size"]
    modes = ["remote"] if args.base_url else (["wsgi", "http"] if args.mode == "both" else [args.mode])

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"  {message}", file=sys.stderr, flush=True)

    matrices = []
    for vendor in vendors:
        for index, mode in enumerate(modes):
            print(f"[{vendor}] {mode}", file=sys.stderr, flush=True)
            result = run_vendor(
                vendor, seed=args.seed, size=size, mode=mode if mode != "remote" else "wsgi",
                base_url=args.base_url, progress=progress,
                # Schemathesis checks the mock itself, so once per vendor is enough.
                schemathesis_profile=args.profile if index == 0 and not args.no_schemathesis else None,
            )  # fmt: skip
            matrix = result.matrix()
            if len(modes) > 1:
                matrix["vendor"] = f"{vendor}[{mode}]"
            matrices.append(matrix)
            s = matrix["summary"]
            print(
                f"[{vendor}] {mode}: fields {s['fields']['verified']}/{s['fields']['documented']}, "
                f"input fields {s['input_fields']['verified']}/{s['input_fields']['documented']}, "
                f"features {s['features']['verified']}/{s['features']['documented']} — "
                f"{'pass' if passed(matrix) else 'FAIL'} ({matrix['seconds']} s)",
                file=sys.stderr,
                flush=True,
            )
    for path in write_all(matrices, args.report, args.junit):
        print(f"wrote {path}", file=sys.stderr)
    print(summary_table(matrices))
    return 0 if all(passed(m) for m in matrices) else 1
