"""Run SupportPM's benchmark: ``python -m bench [--quick] [--runs N]``.

Measures, on the demo and the large data set, how long recomputing every
rule for the whole database takes (load the data, then R1–R7), and prints
the median and worst of several runs; results are also written as JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import generate_large
from supportpm_tui.db import Store, open_store
from supportpm_tui.services.demo import generate as generate_demo
from supportpm_tui.services.planning import compute, load_plan

HERE = Path(__file__).parent
DATA = HERE / "data"
RESULTS = HERE / "results"


def data_sets() -> dict[str, Store]:
    """Return the demo and the large data set, generated on first use."""
    DATA.mkdir(exist_ok=True)
    sets = {}
    demo_path = DATA / "demo.db"
    if not demo_path.exists():
        generate_demo(open_store(demo_path))
    sets["demo"] = open_store(demo_path)
    large_path = DATA / "large.db"
    sets["large"] = open_store(large_path) if large_path.exists() else generate_large(large_path)
    return sets


def measure(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    """Return the median and worst wall time of ``runs`` calls, in milliseconds."""
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "worst_ms": round(max(times), 2), "runs": runs}


def recompute_all(store: Store) -> None:
    """Load everything and apply every rule: capacity for 8 weeks, forecasts, health."""
    from supportpm_tui.clock import today

    with store.read() as session:
        plan = load_plan(session, today())
    compute(plan)
    plan.capacity(8)
    for project_id in plan.projects:
        plan.health(project_id)


def compute_only(store: Store) -> Callable[[], None]:
    """Return a function that applies the rules to data already loaded."""
    from supportpm_tui.clock import today

    with store.read() as session:
        loaded = load_plan(session, today())

    def run() -> None:
        plan = type(loaded)(
            **{
                f: getattr(loaded, f)
                for f in loaded.__dataclass_fields__
                if not f.startswith("_") and f not in ("finishes", "forecasts", "demand")
            }
        )
        compute(plan)
        plan.capacity(8)
        for project_id in plan.projects:
            plan.health(project_id)

    return run


def main() -> None:
    """Run the measurements and print a table."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Fewer runs (finishes in well under 2 minutes).")
    parser.add_argument("--runs", type=int, default=None, help="Runs per measurement (default 10, quick 5).")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 10)
    results: dict[str, Any] = {"python": platform.python_version(), "machine": platform.machine(), "rows": []}
    for name, store in data_sets().items():
        for label, fn in (
            ("recompute all rules (load + R1–R7)", lambda s=store: recompute_all(s)),
            ("rules only (data in memory)", compute_only(store)),
        ):
            row = {"data": name, "measure": label, **measure(fn, runs)}
            results["rows"].append(row)
    print(f"{'data':6}  {'measure':40}  {'median ms':>10}  {'worst ms':>10}")
    for row in results["rows"]:
        print(f"{row['data']:6}  {row['measure']:40}  {row['median_ms']:>10.1f}  {row['worst_ms']:>10.1f}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "latest.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"results written to {out}")


if __name__ == "__main__":
    main()
