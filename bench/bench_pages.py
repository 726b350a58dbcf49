"""Server-side run time of each dashboard page (Streamlit AppTest, no browser).

For each page: one first run (cold: the query cache cleared, so every figure is computed
from the warehouse), then the median of 5 further runs (warm: what the next viewer of the
same published version gets, figures served from the per-version query cache). Target:
≤ 0.3 s median per page at regional scale.

    .venv/bin/python bench/bench_pages.py                  # demo (2 boards × 3 years) and regional
    .venv/bin/python bench/bench_pages.py --db PATH        # one existing warehouse
    .venv/bin/python bench/bench_pages.py --only demo

Warehouses are built under bench/out/ (git-ignored) with the real CLI:
`python -m etl demo --boards B --years Y` then `python -m etl load`.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TODAY = "2026-11-23"
SCALES = {"demo": (2, 3), "regional": (20, 10)}
TARGET = 0.3  # issue 3: committee pages
THEME_TARGET = 0.5  # issue 4: the themes pages


def board_pages() -> list[str]:
    """Every page of a board warehouse, from the registry the menu is built from."""
    sys.path.insert(0, str(ROOT))
    from dashboard.pages import PAGES

    return [e.url_path for e in PAGES if e.warehouse == "board"]


def target(page: str) -> float:
    return THEME_TARGET if page.startswith("theme") else TARGET


def build(name: str, boards: int, years: int) -> Path:
    """Generate and load a fictional region once; reused on later runs."""
    db = OUT / f"pages-{name}.duckdb"
    if db.exists():
        return db
    inputs = OUT / f"pages-{name}"
    OUT.mkdir(parents=True, exist_ok=True)
    run = [sys.executable, "-m", "etl"]
    print(f"building {name} warehouse ({boards} boards × {years} years) …", flush=True)
    subprocess.run([*run, "demo", "--out", str(inputs), "--boards", str(boards), "--years", str(years),
                    "--seed", "7", "--today", TODAY], cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*run, "load", str(inputs), "--db", str(db), "--today", TODAY], cwd=ROOT, check=True,
                   capture_output=True)
    return db


def bench(db: Path, runs: int = 5) -> dict[str, tuple[float, float]]:
    """{page: (first-run seconds, median of `runs` later runs)}.

    Python imports and opening the warehouse are paid once before timing (a running server
    has them); each page's first run starts with an empty query cache."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["LEARNING_DB"] = str(db)
    os.environ["LEARNING_TODAY"] = TODAY
    results = {}
    warm = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
    warm.switch_page("app_pages/data.py").run()  # imports and the connection, not a page's cost
    for page in board_pages():
        st.cache_data.clear()
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
        at.switch_page(f"app_pages/{page}.py")
        t = time.perf_counter()
        at.run()
        first = time.perf_counter() - t
        if at.exception or at.error:  # a broken page is reported, not timed
            print(f"{page}: ERROR {[e.value for e in at.exception] + [e.value for e in at.error]}")
            results[page] = (float("nan"), float("nan"))
            continue
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t)
        results[page] = (first, statistics.median(times))
    return results


def report(name: str, db: Path, results: dict[str, tuple[float, float]]) -> bool:
    print(f"\n{name}: {db}")
    print(f"{'page':<16}{'first run (cold) s':>20}{'median of 5 s':>16}  target (s)")
    ok = True
    for page, (first, median) in results.items():
        limit = target(page)
        flag = "ok" if median <= limit else "ERROR" if median != median else "OVER"
        ok &= median <= limit
        print(f"{page:<16}{first:>20.3f}{median:>16.3f}  ≤ {limit} {flag}")
    return ok


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", help="bench this warehouse only")
    p.add_argument("--only", choices=sorted(SCALES), help="one scale only")
    args = p.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.db:
        targets = {"given": Path(args.db)}
    else:
        names = [args.only] if args.only else list(SCALES)
        targets = {n: build(n, *SCALES[n]) for n in names}
    ok = True
    for name, db in targets.items():
        ok &= report(name, db, bench(db))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
