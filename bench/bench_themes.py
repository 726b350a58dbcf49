"""Benchmark: `python -m etl themes suggest` on 100,000 statements, fitting included.

Builds a temporary warehouse with regional-scale confirmed tags (20 boards × 500
statements, synthetic text composed from typology cue phrases — fictional), writes
100,000 untagged statements to a CSV, and times the real CLI in a subprocess.
Also times `refresh_suggestions` (the publish step) on 20,000 untagged statements.
Usage: .venv/bin/python bench/bench_themes.py [--n 100000] [--tagged 10000]
"""
from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl import schema  # noqa: E402
from etl.themes.store import refresh_suggestions  # noqa: E402
from etl.themes.typology import read_csv  # noqa: E402

FILLER = ("the practitioners", "agencies", "the family", "it was noted that", "in this case",
          "the review found", "over several months", "when concerns arose", "the child",
          "professionals", "there was", "should ensure", "across the partnership")


def statement(rng: random.Random, themes) -> tuple[str, list[str]]:
    chosen = rng.sample(themes, rng.choice((1, 1, 2, 3)))
    words = []
    for t in chosen:
        words += rng.sample(t.cue_phrases, min(2, len(t.cue_phrases)))
        words += rng.sample(FILLER, 3)
    rng.shuffle(words)
    return " ".join(words).capitalize() + ".", [t.key for t in chosen]


def build(db: Path, tagged: int, untagged: int, rng: random.Random) -> None:
    themes = read_csv()
    con = duckdb.connect(str(db))
    con.execute((ROOT / "etl" / "schema.sql").read_text())
    con.execute(schema.contract_ddl())
    for t in themes:
        con.execute("INSERT INTO typology VALUES (?, ?, ?, ?, ?)",
                    [t.key, t.label, t.group, t.definition, list(t.cue_phrases)])
    con.execute("INSERT INTO reviews (review_id, board, title, review_type, status, _first_load, "
                "_last_load) SELECT 'B' || b || '-R' || r, 'Board ' || b, 'Child ' || r, 'SCR', "
                "'Published', 1, 1 FROM range(20) t(b), range(50) u(r)")
    rows = []
    for i in range(tagged + untagged):
        text, keys = statement(rng, themes)
        rows.append((f"L-{i}", f"B{i % 20}-R{(i // 20) % 50}", "Finding", text,
                     keys if i < tagged else None, 1, 1))
    con.executemany("INSERT INTO learning (learning_id, source_id, kind, text, themes, "
                    "_first_load, _last_load) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--tagged", type=int, default=10_000)
    ap.add_argument("--untagged", type=int, default=20_000)
    args = ap.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build(db, args.tagged, args.untagged, rng)
        themes = read_csv()
        inp, out = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        with open(inp, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "text"])
            for i in range(args.n):
                w.writerow([f"S-{i}", statement(rng, themes)[0]])
        t = time.perf_counter()
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "etl", "themes", "suggest", "--input", inp,
                        "--output", out, "--db", db], cwd=ROOT, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"themes suggest: {args.n} statements, {args.tagged} confirmed for fitting: "
              f"{time.perf_counter() - t:.1f} s wall, "
              f"{after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime:.1f} s CPU")
        con = duckdb.connect(str(db))
        t, c = time.perf_counter(), time.process_time()
        n = refresh_suggestions(con)
        print(f"refresh_suggestions: {args.untagged} untagged, {args.tagged} confirmed: "
              f"{time.perf_counter() - t:.1f} s wall, {time.process_time() - c:.1f} s CPU ({n} rows)")
        con.close()


if __name__ == "__main__":
    main()
