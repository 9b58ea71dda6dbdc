"""Service benchmark: cold start on an empty database (migrate + seeds) and query latency.

    .venv/bin/python bench/bench_service.py [--runs 3] [--requests 200]

Prints the median of the cold-start runs (fresh SQLite file each time; the models are loaded
once, before timing, as in a warm worker) and the median/p95 latency of typical queries,
each beside its ratio to the baseline measured in the same run: ``/healthz``, a request
that touches no database (the cost of Flask and the test client alone).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from ml.pipeline import QuotePipeline
from service import create_app

BASELINE = "/healthz"
QUERIES = [
    BASELINE,
    "/quotes?speaker=Lavrov",
    "/quotes?stance=against&min_score=0.6",
    "/speakers",
    "/quotes?limit=200",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()

    t0 = time.perf_counter()
    QuotePipeline.shared()
    print(f"model loading: {time.perf_counter() - t0:.2f} s")

    starts = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter()
            create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{d}/bench.db"})
            starts.append(time.perf_counter() - t0)
    print(
        f"cold start with seed ingestion, median of {args.runs}: {statistics.median(starts):.2f} s"
    )

    print(f"{'query':45} {'median ms':>10} {'p95 ms':>8} {'× healthz':>10}")
    with tempfile.TemporaryDirectory() as d:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{d}/bench.db"})
        client = app.test_client()
        base = None
        for url in QUERIES:
            times = []
            for _ in range(args.requests):
                t0 = time.perf_counter()
                assert client.get(url).status_code == 200
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            p95 = times[int(0.95 * (len(times) - 1))]
            median = statistics.median(times)
            base = base or median
            print(f"{url:45} {median:10.2f} {p95:8.2f} {median / base:10.1f}")


if __name__ == "__main__":
    main()
