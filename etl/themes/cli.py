"""`python -m etl themes suggest|evaluate` (issue 4, point 8).

suggest  IN.csv (id,text) → OUT.csv (id,themes,scores); writes nothing to the warehouse.
evaluate LABELLED.csv (id,text,labels[,group]) → group-wise cross-validated F1.
Bad input is reported as `file › row N › column: message` with exit status 1; a
missing warehouse or unwritable output is exit status 2.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

from etl.config import db_path
from etl.problems import EnvironmentProblem, InputRejected, Problem
from etl.themes.evaluate import cross_validated_scores, f1_scores
from etl.themes.model import ModelConfig, ThemeModel
from etl.themes.store import connect_readonly, fit_model
from etl.themes.text import normalise
from etl.themes.training import Statements, board_weights, read_statements
from etl.themes.typology import load_examples, load_typology, read_csv, read_examples_csv

SCORE_FLOOR = 0.05  # scores below this are left out of the `scores` column


def read_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, BOM allowed), every problem located; raises InputRejected."""
    if not path.is_file():
        raise EnvironmentProblem(f"input file not found: {path}")
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise InputRejected([Problem(path.name, None, 1, c, "required column missing", None)
                                 for c in missing])
        rows = [{k.strip().lower(): (v or "").strip() for k, v in r.items() if k} for r in reader]
    problems = [Problem(path.name, None, i + 2, "text", "text is blank", None)
                for i, r in enumerate(rows) if not r.get("text")]
    problems += [Problem(path.name, None, i + 2, "id", "id is blank", None)
                 for i, r in enumerate(rows) if not r.get("id")]
    if problems:
        raise InputRejected(problems)
    return rows


def _warehouse(args) -> Path | None:
    """--db must exist when given; otherwise the default warehouse if there is one."""
    if args.db:
        path = Path(args.db)
        if not path.is_file():
            raise EnvironmentProblem(f"no warehouse at {path}")
        return path
    path = db_path(None)
    return path if path.is_file() else None


def _fitted(db: Path | None) -> ThemeModel:
    if db is None:
        print("note: no warehouse found; suggesting from the typology alone", file=sys.stderr)
        return ThemeModel(read_csv()).fit([], [])
    con = connect_readonly(db)
    try:
        return fit_model(con)[0]
    finally:
        con.close()


def suggest(args) -> int:
    rows = read_rows(Path(args.input), ("id", "text"))
    model = _fitted(_warehouse(args))
    results = model.ranked(model.predict_proba([r["text"] for r in rows]), SCORE_FLOOR)
    out = Path(args.output)
    try:
        with open(out, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "themes", "scores"])
            for row, (keys, scores) in zip(rows, results):
                pairs = [f"{k}:{v:.2f}" for k, v in scores.items()]
                w.writerow([row["id"], ";".join(keys), ";".join(pairs)])
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write {out}: {exc.strerror}") from exc
    print(f"Suggested themes for {len(rows)} statements → {out}")
    return 0


def _labels(path: Path, rows: list[dict[str, str]], keys: set[str]) -> list[list[str]]:
    labels, problems = [], []
    for i, r in enumerate(rows):
        labs = [x.strip() for x in r.get("labels", "").split(";") if x.strip()]
        problems += [Problem(path.name, None, i + 2, "labels", "not a typology theme key", x)
                     for x in labs if x not in keys]
        labels.append(labs)
    if problems:
        raise InputRejected(problems)
    return labels


def _warehouse_training(db: Path | None, exclude: set[str]) -> Statements | None:
    """Confirmed statements of the warehouse, minus any whose text is being evaluated
    (a warehouse loaded from the same file would otherwise leak the answers)."""
    if db is None:
        return None
    con = connect_readonly(db)
    try:
        tagged, _ = read_statements(con)
    finally:
        con.close()
    keep = [i for i, t in enumerate(tagged.text) if " ".join(normalise(t).split()) not in exclude]
    return Statements(*[[col[i] for i in keep] for col in (tagged.table, tagged.id, tagged.text,
                                                            tagged.board, tagged.source_id,
                                                            tagged.themes)])


def evaluate(args) -> int:
    path = Path(args.input)
    rows = read_rows(path, ("id", "text", "labels"))
    db = Path(args.db) if args.db else None
    if db is not None and not db.is_file():
        raise EnvironmentProblem(f"no warehouse at {db}")
    if db is not None:
        con = connect_readonly(db)
        themes, examples = load_typology(con), load_examples(con)
        con.close()
    else:
        themes, examples = read_csv(), read_examples_csv()
    keys = [t.key for t in themes]
    labels = _labels(path, rows, set(keys))
    texts = [r["text"] for r in rows]
    groups = [r.get("group") or r["id"] for r in rows]
    extra = _warehouse_training(db, {" ".join(normalise(t).split()) for t in texts})
    extra_texts, extra_labels, weights, own = [], [], None, 1.0
    if extra is not None and len(extra):
        bw = board_weights(list(extra.board) + ["\0evaluated"] * len(texts))
        extra_texts, extra_labels, weights, own = extra.text, extra.themes, bw[:len(extra)], bw[-1]
    config = ModelConfig()
    scores = cross_validated_scores(texts, labels, groups, themes, extra_texts, extra_labels,
                                    weights, folds=args.folds, config=config, own_weight=own,
                                    examples=examples)
    chosen = ThemeModel(themes, config, examples).decide(scores)
    pred = [[keys[j] for j in np.flatnonzero(r)] for r in chosen]
    result = f1_scores(labels, pred, keys)
    n_folds = max(2, min(args.folds, len(set(groups))))
    print(f"{len(rows)} statements, {len(set(groups))} groups, {n_folds} group-wise folds; "
          f"trained per fold on the other folds"
          + (f" + {len(extra)} confirmed statements of {db}" if extra is not None else ""))
    print(f"micro-F1 {result.micro_f1:.3f}   macro-F1 {result.macro_f1:.3f}")
    print(f"{'theme':32} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8} {'predicted':>9}")
    for key, s in sorted(result.per_theme.items(), key=lambda kv: -kv[1]["support"]):
        if s["support"] or s["predicted"]:
            print(f"{key:32} {s['precision']:9.2f} {s['recall']:7.2f} {s['f1']:6.2f} "
                  f"{s['support']:8d} {s['predicted']:9d}")
    return 0


def cli_themes(args) -> int:
    try:
        return {"suggest": suggest, "evaluate": evaluate}[args.themes_command](args)
    except InputRejected as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    except EnvironmentProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
