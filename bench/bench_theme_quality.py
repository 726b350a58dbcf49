"""Benchmark: how well the theme model tags statements it has never seen.

Two measures, both printed as micro-/macro-F1:
1. the shared eval set (../shared/eval/statements.csv, 59 real reworded statements),
   group-wise cross-validated, each fold trained on a `demo --boards 1 --seed 1`
   warehouse's confirmed tags plus the other folds (the external protocol's setting);
2. bench/theme_check.csv: 182 fictional statements from 30 invented reviews, written
   and labelled independently of the typology's cue phrases and worked examples, scored
   by a model trained as the protocol trains it (demo warehouse + all 59 eval statements
   as one board's confirmed tags). It is never used for training, so it shows how the
   model generalises to reviews and wording it has not met.
Each is also run without the worked examples (data/typology_examples.csv) and from the
typology alone, to show what each source of knowledge adds.
Usage: .venv/bin/python bench/bench_theme_quality.py [--db WAREHOUSE] [--per-theme]
"""
from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.themes.evaluate import cross_validated_scores, f1_scores  # noqa: E402
from etl.themes.model import ThemeModel  # noqa: E402
from etl.themes.store import connect_readonly  # noqa: E402
from etl.themes.training import board_weights, read_statements  # noqa: E402
from etl.themes.typology import read_csv, read_examples_csv  # noqa: E402

EVAL_CSV = ROOT.parent / "shared" / "eval" / "statements.csv"
CHECK_CSV = ROOT / "bench" / "theme_check.csv"


def read_labelled(path: Path) -> tuple[list[str], list[list[str]], list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return ([r["text"] for r in rows], [[k for k in r["labels"].split(";") if k] for r in rows],
            [r.get("group") or r["id"] for r in rows])


def demo_warehouse(folder: Path) -> Path:
    """The protocol's step 1: a one-board demo, loaded through the real CLI."""
    db = folder / "warehouse.duckdb"
    for args in (["demo", "--boards", "1", "--seed", "1", "--out", str(folder / "demo")],
                 ["load", "--db", str(db), str(folder / "demo")]):
        subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, check=True,
                       capture_output=True)
    return db


def scored(model: ThemeModel, scores: np.ndarray, truth: list[list[str]]):
    chosen = model.decide(scores)
    pred = [[model.keys[j] for j in np.flatnonzero(r)] for r in chosen]
    return f1_scores(truth, pred, model.keys)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="a demo warehouse to reuse (default: build one in a temp dir)")
    ap.add_argument("--per-theme", action="store_true", help="per-theme figures on the check set")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else demo_warehouse(Path(tmp))
        con = connect_readonly(db)
        tagged, _ = read_statements(con)
        con.close()
    themes = read_csv()
    texts, labels, groups = read_labelled(EVAL_CSV)
    check_texts, check_labels, _ = read_labelled(CHECK_CSV)
    weights = board_weights(list(tagged.board) + ["\0eval"] * len(texts))
    demo_w, own_w = weights[:len(tagged)], weights[-1]
    print(f"training: {len(tagged)} confirmed demo statements, {len(texts)} eval statements; "
          f"check set: {len(check_texts)} statements")
    print(f"{'examples':>10} {'eval CV 5':>12} {'eval CV 15':>12} {'check':>12} "
          f"{'typology alone: eval':>22} {'check':>12}")
    for name, examples in (("with", read_examples_csv()), ("without", [])):
        start = time.perf_counter()
        row = []
        for folds in (5, 15):
            cv = cross_validated_scores(texts, labels, groups, themes, tagged.text, tagged.themes,
                                        demo_w, folds=folds, own_weight=own_w, examples=examples)
            row.append(scored(ThemeModel(themes, examples=examples), cv, labels))
        model = ThemeModel(themes, examples=examples).fit(
            list(tagged.text) + texts, list(tagged.themes) + labels,
            np.concatenate([demo_w, np.full(len(texts), own_w)]))
        check = scored(model, model.predict_proba(check_texts), check_labels)
        alone = ThemeModel(themes, examples=examples).fit([], [])
        row += [check, scored(alone, alone.predict_proba(texts), labels),
                scored(alone, alone.predict_proba(check_texts), check_labels)]
        print(f"{name:>10} " + " ".join(f"{s.micro_f1:6.3f}/{s.macro_f1:.3f}".rjust(12 if i != 3 else 22)
                                        for i, s in enumerate(row))
              + f"   ({time.perf_counter() - start:.1f} s)")
        if args.per_theme and examples:
            worst = sorted(check.per_theme.items(), key=lambda kv: kv[1]["f1"])
            for key, s in worst:
                if s["support"]:
                    print(f"    {key:30} P {s['precision']:.2f}  R {s['recall']:.2f}  "
                          f"F1 {s['f1']:.2f}  n {s['support']}")


if __name__ == "__main__":
    main()
