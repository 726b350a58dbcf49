"""`python -m etl themes suggest|evaluate` run as a user runs them, in a real process."""
from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

from theme_helpers import EVAL_CSV, run_etl


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_suggest_writes_themes_and_scores_and_leaves_the_warehouse_alone(board_db, split, tmp_path):
    _, test = split
    inp, out = tmp_path / "in.csv", tmp_path / "out.csv"
    with open(inp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        w.writerows([[r["id"], r["text"]] for r in test])
    before = _sha(board_db)
    res = run_etl("themes", "suggest", "--input", inp, "--output", out, "--db", board_db)
    assert res.returncode == 0, res.stderr
    assert _sha(board_db) == before
    with open(out, newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == [r["id"] for r in test]
    pair = re.compile(r"^[a-z_]+:(0|1)\.\d\d$")
    tp = fp = fn = 0
    for got, truth in zip(rows, test):
        keys = [k for k in got["themes"].split(";") if k]
        scores = dict(p.split(":") for p in got["scores"].split(";"))
        assert all(pair.match(p) for p in got["scores"].split(";"))
        assert all(k in scores for k in keys)
        t = {x for x in truth["labels"].split(";") if x}
        tp, fp, fn = tp + len(t & set(keys)), fp + len(set(keys) - t), fn + len(t - set(keys))
    micro = 2 * tp / (2 * tp + fp + fn)
    assert micro >= 0.6, micro  # reviews never seen in training


def test_evaluate_reports_cross_validated_f1():
    res = run_etl("themes", "evaluate", "--input", EVAL_CSV, "--folds", "5")
    assert res.returncode == 0, res.stderr
    m = re.search(r"micro-F1 (\d\.\d+)\s+macro-F1 (\d\.\d+)", res.stdout)
    assert m, res.stdout
    assert float(m.group(1)) >= 0.70
    assert "sexual_abuse_exploitation" in res.stdout and "precision" in res.stdout


def test_evaluate_rejects_unknown_theme_keys_with_their_row(tmp_path):
    bad = tmp_path / "labelled.csv"
    bad.write_text("id,text,labels\n1,Schools were not told,education\n2,Nobody asked,curiousity\n")
    res = run_etl("themes", "evaluate", "--input", bad)
    assert res.returncode == 1
    assert "labelled.csv › row 3 › labels: not a typology theme key (curiousity)" in res.stderr
    assert "Traceback" not in res.stderr


def test_suggest_reports_missing_columns_and_files(tmp_path):
    bad = tmp_path / "in.csv"
    bad.write_text("ident,body\n1,x\n")
    res = run_etl("themes", "suggest", "--input", bad, "--output", tmp_path / "o.csv",
                  "--db", tmp_path / "none.duckdb")
    assert res.returncode == 1 and "in.csv › row 1 › id: required column missing" in res.stderr
    res = run_etl("themes", "suggest", "--input", tmp_path / "missing.csv", "--output",
                  tmp_path / "o.csv")
    assert res.returncode == 2 and "input file not found" in res.stderr
    assert not (tmp_path / "o.csv").exists()
