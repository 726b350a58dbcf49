"""Reports of the fictional demo region (tests/conftest.py `demo_db`), through the CLI.

The exception list and headline action figures are checked three ways: the documents
against figures.json, and figures.json against an independent Python reading of
RULES.md "Actions" over the raw tables (not the metric layer's SQL).
"""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

import duckdb
import openpyxl
import pytest

from report_readers import docx_blocks, docx_section, first_column, pdf_pages_to_png, pdf_text
from report_small import run_report

QUARTER, AS_OF, Q_START = "2026Q3", date(2026, 9, 30), date(2026, 7, 1)


def independent_actions(db, board: str, d: date, start: date) -> dict[str, list[str]]:
    """RULES.md "Actions" as of D, written directly in Python over the raw tables."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM withdrawals WHERE restored_at IS NULL").fetchone()[0] == 0
        boards = dict(con.execute("SELECT review_id, board FROM reviews UNION ALL "
                                  "SELECT audit_id, board FROM audits").fetchall())
        rec_board = {r: boards.get(s) for r, s in
                     con.execute("SELECT recommendation_id, source_id FROM recommendations").fetchall()}
        actions = con.execute("SELECT action_id, recommendation_id, start_date, due_date, "
                              "completed_date, cancelled_date FROM actions").fetchall()
        updates = defaultdict(list)
        for a, on, status, rag, revised in con.execute(
                "SELECT action_id, reported_on, status, rag, revised_due_date FROM action_updates").fetchall():
            updates[a].append((on, status, rag, revised))
    finally:
        con.close()
    out = defaultdict(list)
    for a, rec, start_date, due, completed, cancelled in actions:
        if rec_board.get(rec) != board or (start_date is not None and start_date > d):
            continue
        rets = sorted(u for u in updates[a] if u[0] <= d)
        latest = rets[-1] if rets else None
        is_completed = (completed is not None and completed <= d) or bool(
            latest and latest[1].startswith("Complete"))
        is_cancelled = (cancelled is not None and cancelled <= d) or bool(
            latest and latest[1] in ("Cancelled", "Superseded"))
        revised = [u[3] for u in rets if u[3] is not None]
        effective = revised[-1] if revised else due
        is_open = not is_completed and not is_cancelled
        overdue = is_open and effective < d
        if is_open:
            out["open"].append(a)
        if overdue:
            out["overdue"].append(a)
        if is_open and (overdue or (latest is not None and latest[2] == "Red")):
            out["exception"].append(a)
        if is_open and effective > due:
            out["slipped"].append(a)
        first_complete = next((u[0] for u in rets if u[1].startswith("Complete")), None)
        when = completed if completed is not None else first_complete
        if when is not None and start <= when <= d:
            out["completed"].append(a)
    return {k: sorted(v) for k, v in out.items()}


@pytest.fixture(scope="module")
def demo_boards(demo_db) -> list[str]:
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT DISTINCT board FROM reviews ORDER BY 1").fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_out(demo_db, demo_boards, tmp_path_factory):
    out = tmp_path_factory.mktemp("demo-q")
    board = demo_boards[0]
    res = run_report("quarterly", "--board", board, "--quarter", QUARTER, "--out", out, "--db", demo_db)
    assert res.returncode == 0, res.stderr
    return board, out


def _stem(board: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in board).strip("-") + f"-quarterly-{QUARTER}"


def test_figures_json_agrees_with_independent_rules(demo_db, demo_out):
    board, out = demo_out
    f = json.loads((out / "figures.json").read_text(encoding="utf-8"))
    mine = independent_actions(demo_db, board, AS_OF, Q_START)
    assert f["open_action_ids"] == mine.get("open", [])
    assert f["overdue_action_ids"] == mine.get("overdue", [])
    assert f["exception_action_ids"] == mine.get("exception", [])
    assert f["slipped_action_ids"] == mine.get("slipped", [])
    assert f["completed_in_quarter_action_ids"] == mine.get("completed", [])
    assert f["exception_action_ids"], "the demo should exercise the exception report"


def test_docx_and_pdf_exception_lists_match_figures(demo_out, artifacts):
    board, out = demo_out
    f = json.loads((out / "figures.json").read_text(encoding="utf-8"))
    blocks = docx_blocks(out / f"{_stem(board)}.docx")
    exc = docx_section(blocks, "Exception report")
    assert sorted(first_column([b[1] for b in exc if b[0] == "table"])) == f["exception_action_ids"]
    summary = next(b[1] for b in docx_section(blocks, "Summary") if b[0] == "table")
    values = {row[0]: row[1] for row in summary[1:]}
    assert values["Open actions"] == str(len(f["open_action_ids"]))
    assert values["Actions on the exception list"] == str(len(f["exception_action_ids"]))
    assert values["Actions completed in the quarter"] == str(len(f["completed_in_quarter_action_ids"]))
    appendix = docx_section(blocks, "Appendix: open actions and actions closed in the quarter")
    assert sorted(first_column([next(b[1] for b in appendix if b[0] == "table")])) == f["open_action_ids"]

    pdf = out / f"{_stem(board)}.pdf"
    text = pdf_text(pdf)
    section = text[text.index("Exception report"):text.index("Actions completed this quarter")]
    flat = "".join(section.split())  # ids may wrap inside their cell
    for action in f["exception_action_ids"]:
        assert action in flat
    assert "Quarter 2 2026/27 (July–September 2026)" in text
    pages = pdf_pages_to_png(pdf, artifacts, "demo-quarterly")
    assert len(pages) >= 5


def test_tracker_has_every_action_of_the_board(demo_db, demo_out):
    board, out = demo_out
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        expected = [r[0] for r in con.execute(
            "SELECT action_id FROM stg_actions WHERE board = ? ORDER BY action_id", [board]).fetchall()]
    finally:
        con.close()
    wb = openpyxl.load_workbook(out / f"{_stem(board)}-tracker.xlsx", read_only=True)
    ids = [r[0] for r in wb["Actions"].iter_rows(min_row=2, values_only=True)]
    assert ids == expected


def test_annual_report_of_a_demo_board(demo_db, demo_boards, tmp_path, artifacts):
    res = run_report("annual", "--board", demo_boards[-1], "--year", "2025-26", "--out", tmp_path,
                     "--db", demo_db)
    assert res.returncode == 0, res.stderr
    pdfs = list(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1 and len(list(tmp_path.glob("*.docx"))) == 1 and len(list(tmp_path.glob("*.xlsx"))) == 1
    text = pdf_text(pdfs[0])
    assert "Financial year 2025/26 (April 2025–March 2026)" in text
    pdf_pages_to_png(pdfs[0], artifacts, "demo-annual")
