"""Boards with almost nothing in them still get every document, and odd board names
make safe file names."""
from __future__ import annotations

import json

import duckdb
import pytest

from report_readers import docx_blocks, pdf_text
from report_small import run_report

BOARD = "St Ágatha's & Co / West"


@pytest.fixture(scope="module")
def sparse_db(tmp_path_factory):
    from etl import schema

    path = tmp_path_factory.mktemp("sparse") / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    try:
        schema.create_all(con)
        con.execute("INSERT INTO measures (measure_id, board, name, better, _first_load, _last_load) "
                    "VALUES ('M-9', ?, 'A measure with no values yet', 'higher', 1, 1)", [BOARD])
        con.execute("INSERT INTO audits (audit_id, board, title, audit_type, reported_date, _first_load, "
                    "_last_load) VALUES ('AU-9', ?, 'Audit without grades', 'Other', '2026-05-02', 1, 1)",
                    [BOARD])
        con.execute("INSERT INTO reviews (review_id, board, title, review_type, status, _first_load, "
                    "_last_load) VALUES ('R-9', ?, 'Child Z', 'Other', 'Referred', 1, 1)", [BOARD])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def test_sparse_board_quarterly_every_document(sparse_db, tmp_path):
    res = run_report("quarterly", "--board", BOARD, "--quarter", "2026Q2", "--out", tmp_path,
                     "--db", sparse_db, "--marking", "OFFICIAL")
    assert res.returncode == 0, res.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    stem = "St-Ágatha-s---Co---West-quarterly-2026Q2"  # no '/' or '&' in a file name
    assert names == [f"{stem}-tracker.xlsx", f"{stem}.docx", f"{stem}.pdf", "figures.json"]
    f = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert f["board"] == BOARD and f["exception_action_ids"] == [] and f["audit_grade_shares"] == {}
    assert f["measure_status"] == {"M-9": "No data"}
    blocks = docx_blocks(next(tmp_path.glob("*.docx")))
    paras = [b[2] for b in blocks if b[0] == "para"]
    assert "No action is on the exception list this quarter." in paras
    text = pdf_text(next(tmp_path.glob("*.pdf")))
    assert "OFFICIAL" in text and BOARD in text


def test_sparse_board_annual(sparse_db, tmp_path):
    res = run_report("annual", "--board", BOARD, "--year", "2026-27", "--out", tmp_path, "--db", sparse_db)
    assert res.returncode == 0, res.stderr
    assert len(list(tmp_path.iterdir())) == 3
