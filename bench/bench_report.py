"""Time each format of a quarterly report for one demo board, with the chart browser warm.

    .venv/bin/python bench/bench_report.py [--db PATH] [--board NAME] [--quarter 2026Q3]
                                           [--repeat 3]

Without --db it generates the fictional demo region (2 boards × 3 years, seed 7, today
2026-11-23) and loads it into a temporary warehouse first (not timed). The Kaleido
browser is started and one report is drawn before timing ("warm"); each timed round
then builds the content from the warehouse and writes every format, as the CLI does.
Target (issue 5): all formats of a quarterly report ≤ 5 s warm.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.report import build  # noqa: E402
from dashboard.report.images import ChartRenderer  # noqa: E402

TARGET_S = 5.0


def demo_warehouse(folder: Path) -> Path:
    inputs, db = folder / "demo", folder / "warehouse.duckdb"
    for args in (["demo", "--out", inputs, "--boards", "2", "--years", "3", "--seed", "7",
                  "--today", "2026-11-23"], ["load", inputs, "--db", db, "--today", "2026-11-23"]):
        subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, check=True,
                       capture_output=True)
    return db


class Clock:
    """Wall time, and this process's CPU time (Chromium's own work is not in it)."""

    def __init__(self) -> None:
        self.times: dict[str, tuple[float, float]] = {}

    def run(self, name: str, fn):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        self.times[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        return result


def one_round(con, board: str, quarter: str, renderer: ChartRenderer, out: Path):
    clock = Clock()
    renderer._cache.clear()  # every round draws its charts again
    report = clock.run("content (metric layer)", lambda: build.make_quarterly(con, board, quarter))
    clock.run(f"charts ({len(report.charts())}, PNG+SVG)", lambda: renderer.prerender(report.charts()))
    for fmt in ("docx", "pdf", "xlsx"):
        data = clock.run(fmt, lambda: build.render(report, fmt, renderer))
        (out / build.file_name(report, fmt)).write_bytes(data)
    (out / "figures.json").write_bytes(clock.run("figures.json",
                                                 lambda: build.figures_json(con, board, quarter)))
    clock.times["TOTAL"] = (sum(w for w, _ in clock.times.values()),
                            sum(c for _, c in clock.times.values()))
    return clock.times


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db")
    p.add_argument("--board")
    p.add_argument("--quarter", default="2026Q3")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        db = Path(args.db) if args.db else demo_warehouse(tmp_path)
        con = build.open_warehouse(db)
        board = args.board or build.boards(con)[0]
        with ChartRenderer() as renderer:
            t = time.perf_counter()
            one_round(con, board, args.quarter, renderer, tmp_path)  # warm-up: browser + imports
            print(f"warm-up (Chromium start, imports, first report): {time.perf_counter() - t:.2f} s")
            rounds = [one_round(con, board, args.quarter, renderer, tmp_path) for _ in range(args.repeat)]
            if renderer.warnings:
                print("warnings:", *renderer.warnings, sep="\n  ")
        con.close()
    print(f"\nQuarterly report, board {board!r}, {args.quarter}; median of {args.repeat} warm rounds "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"  {'':<28} {'wall':>8}   {'min':>6}   {'python CPU':>10}")
    for key in rounds[0]:
        walls = [r[key][0] for r in rounds]
        cpus = [r[key][1] for r in rounds]
        print(f"  {key:<28} {statistics.median(walls):6.2f} s   {min(walls):5.2f} s   "
              f"{statistics.median(cpus):8.2f} s")
    total = statistics.median(r["TOTAL"][0] for r in rounds)
    print(f"\n{'OK' if total <= TARGET_S else 'OVER TARGET'}: {total:.2f} s for all formats "
          f"(target ≤ {TARGET_S:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
