"""The quarterly report of a small hand-made warehouse, produced by the CLI as a user runs
it. Expected figures were worked out by hand from RULES.md (see report_small.py)."""
from __future__ import annotations

import json

import openpyxl
import pytest

from report_readers import docx_blocks, docx_section, first_column, pdf_pages_to_png, pdf_text
from report_small import EXPECTED_N_Q2, run_report

LABEL = "Quarter 1 2026/27 (April–June 2026)"


@pytest.fixture(scope="module")
def out(small_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("q")
    res = run_report("quarterly", "--board", "Northshire", "--quarter", "2026Q2", "--out", out,
                     "--db", small_db, "--marking", "OFFICIAL-SENSITIVE")
    assert res.returncode == 0, res.stderr
    return out


def _figures(out):
    return json.loads((out / "figures.json").read_text(encoding="utf-8"))


def test_every_format_written(out):
    names = sorted(p.name for p in out.iterdir())
    assert names == ["Northshire-quarterly-2026Q2-tracker.xlsx", "Northshire-quarterly-2026Q2.docx",
                     "Northshire-quarterly-2026Q2.pdf", "figures.json"]


def test_figures_json_matches_hand_worked_rules(out):
    f = _figures(out)
    assert (f["board"], f["quarter"], f["as_of"]) == ("Northshire", "2026Q2", "2026-06-30")
    assert f["open_action_ids"] == EXPECTED_N_Q2["open"]
    assert f["overdue_action_ids"] == EXPECTED_N_Q2["overdue"]
    assert f["exception_action_ids"] == EXPECTED_N_Q2["exception"]
    assert f["slipped_action_ids"] == EXPECTED_N_Q2["slipped"]
    assert f["completed_in_quarter_action_ids"] == EXPECTED_N_Q2["completed"]
    assert f["late_outstanding_milestones"] == [{"review_id": "R-3", "milestone": "published_date"}]
    assert f["met_late_in_quarter_milestones"] == [{"review_id": "R-2", "milestone": "completed_date"}]
    assert f["measure_status"] == {"M-1": "Improving", "M-2": "Target met", "M-3": "No data"}
    assert f["audit_grade_shares"] == {
        "AU-1": {"Outstanding": 0.0, "Good": 50.0, "Requires improvement": 25.0, "Inadequate": 25.0},
        "AU-2": {"Outstanding": 33.3, "Good": 66.7, "Requires improvement": 0.0, "Inadequate": 0.0}}


def test_docx_cover_and_real_headings(out):
    blocks = docx_blocks(out / "Northshire-quarterly-2026Q2.docx")
    text = "\n".join(b[2] for b in blocks if b[0] == "para")
    assert "OFFICIAL-SENSITIVE" in text and LABEL in text and "Northshire" in text
    h1 = [b[2] for b in blocks if b[0] == "heading" and b[1] == 1]
    assert h1 == ["Summary", "Exception report", "Actions completed this quarter", "Slipped actions",
                  "Reviews in progress", "Audits reported this quarter", "Impact measures",
                  "Themes of learning", "Appendix: open actions and actions closed in the quarter"]
    cover = next(b[1] for b in blocks if b[0] == "table")
    assert ["Protective marking", "OFFICIAL-SENSITIVE"] in cover


def test_docx_exception_report_grouped_by_agency(out):
    blocks = docx_section(docx_blocks(out / "Northshire-quarterly-2026Q2.docx"), "Exception report")
    agencies = [b[2] for b in blocks if b[0] == "heading"]
    assert agencies == ["Children's Social Care (1)", "Police (1)"]
    tables = [b[1] for b in blocks if b[0] == "table"]
    assert sorted(first_column(tables)) == _figures(out)["exception_action_ids"]
    police = tables[1]
    header, row = police[0], police[1]
    assert row[header.index("Action")] == "A-1"
    assert row[header.index("Days overdue")] == str(EXPECTED_N_Q2["days_overdue"]["A-1"])
    assert row[header.index("Effective due date")] == "31 May 2026"
    assert row[header.index("Latest note")] == "Awaiting training dates"
    csc = tables[0]
    assert csc[1][csc[0].index("RAG (reported)")] == "Red"


def test_docx_headline_figures_equal_figures_json(out):
    f = _figures(out)
    summary = next(b[1] for b in docx_section(docx_blocks(out / "Northshire-quarterly-2026Q2.docx"),
                                               "Summary") if b[0] == "table")
    values = {row[0]: row[1] for row in summary[1:]}
    assert values["Open actions"] == str(len(f["open_action_ids"]))
    assert values["Overdue actions"] == str(len(f["overdue_action_ids"]))
    assert values["Actions on the exception list"] == str(len(f["exception_action_ids"]))
    assert values["Slipped actions (due date moved later)"] == str(len(f["slipped_action_ids"]))
    assert values["Actions completed in the quarter"] == str(len(f["completed_in_quarter_action_ids"]))
    assert values["Review milestones outstanding and late"] == str(len(f["late_outstanding_milestones"]))
    assert values["Review milestones met late in the quarter"] == str(
        len(f["met_late_in_quarter_milestones"]))
    assert values["Impact measures: target met"] == "1"
    assert summary[0][2] == "Q4 2025/26 (Jan–Mar 2026)"


def test_docx_appendix_lists_open_and_closed(out):
    f = _figures(out)
    blocks = docx_section(docx_blocks(out / "Northshire-quarterly-2026Q2.docx"),
                          "Appendix: open actions and actions closed in the quarter")
    open_t, closed_t = [b[1] for b in blocks if b[0] == "table"]
    assert sorted(first_column([open_t])) == f["open_action_ids"]
    # Closed in Q2: the two completed; A-6 was cancelled in March (before the quarter).
    assert first_column([closed_t]) == ["A-4", "A-5"]


def test_pdf_text_has_cover_exceptions_and_figures(out, artifacts):
    pdf = out / "Northshire-quarterly-2026Q2.pdf"
    text = pdf_text(pdf)
    assert "OFFICIAL-SENSITIVE" in text and LABEL in text
    exc = text[text.index("Exception report"):text.index("Actions completed this quarter")]
    for action in _figures(out)["exception_action_ids"]:
        assert action in exc
    assert "A-2" not in exc  # slipped but not overdue nor reported Red
    assert "Staffing gap in the team" in " ".join(exc.split())  # wrapped in its cell
    pages = pdf_pages_to_png(pdf, artifacts, "small-quarterly")
    assert len(pages) >= 4


def test_xlsx_tracker_sheets_frozen_filtered_rag(out, small_db):
    wb = openpyxl.load_workbook(out / "Northshire-quarterly-2026Q2-tracker.xlsx")
    assert wb.sheetnames[:4] == ["About", "Actions", "Exception list", "Returns"]
    for name in wb.sheetnames[1:]:
        ws = wb[name]
        assert ws.freeze_panes == "B2", name
        assert ws.auto_filter.ref, name
    actions = wb["Actions"]
    header = [c.value for c in actions[1]]
    ids = [r[0] for r in actions.iter_rows(min_row=2, values_only=True)]
    # Every action of the board, including A-7 which only starts after the quarter.
    assert ids == ["A-1", "A-2", "A-3", "A-4", "A-5", "A-6", "A-7", "A-8"]
    rag_col = header.index("RAG (derived)") + 1
    ranges = [str(r.sqref) for r in actions.conditional_formatting]
    letter = openpyxl.utils.get_column_letter(rag_col)
    assert any(r.startswith(letter) for r in ranges)
    exc_ids = [r[0] for r in wb["Exception list"].iter_rows(min_row=2, values_only=True)]
    assert exc_ids == _figures(out)["exception_action_ids"]
    a1 = next(r for r in actions.iter_rows(min_row=2, values_only=True) if r[0] == "A-1")
    assert a1[header.index("Days overdue")] == 30


def test_annual_financial_and_calendar_year(small_db, tmp_path):
    for year, stem in (("2026-27", "Northshire-annual-2026-27"), ("2026", "Northshire-annual-2026")):
        res = run_report("annual", "--board", "Northshire", "--year", year, "--out", tmp_path,
                         "--db", small_db)
        assert res.returncode == 0, res.stderr
        for ext in ("docx", "pdf", "xlsx"):
            assert (tmp_path / f"{stem}.{ext}").stat().st_size > 1000
    blocks = docx_blocks(tmp_path / "Northshire-annual-2026.docx")
    h1 = [b[2] for b in blocks if b[0] == "heading" and b[1] == 1]
    assert h1 == ["Case reviews", "Themes of learning", "Recommendations", "Actions", "Audits",
                  "Impact evidenced"]
    reviews = docx_section(blocks, "Case reviews")
    grid = {row[0]: row[1] for row in next(b[1] for b in reviews if b[0] == "table")[1:]}
    # Calendar 2026: R-2 notified (Apr), R-2 completed (May); none initiated or published.
    assert grid["Reviews notified"] == "1"
    assert grid["Reviews completed"] == "1"
    assert grid["Reviews initiated"] == "1"  # R-1 initiated 2026-02-01
    assert "Calendar year 2026 (January–December 2026)" in pdf_text(tmp_path / "Northshire-annual-2026.pdf")


@pytest.mark.parametrize("args, message", [
    (["quarterly", "--board", "Nowhere", "--quarter", "2026Q2"], "unknown board 'Nowhere'"),
    (["quarterly", "--board", "northshire", "--quarter", "2026Q2"], "unknown board 'northshire'"),
    (["quarterly", "--board", "Northshire", "--quarter", "2026Q5"], "malformed quarter"),
    (["quarterly", "--board", "Northshire", "--quarter", "Q2 2026"], "malformed quarter"),
    (["annual", "--board", "Northshire", "--year", "2025-27"], "malformed year"),
    (["annual", "--board", "Northshire", "--year", "twenty"], "malformed year"),
])
def test_cli_usage_errors_exit_2(small_db, tmp_path, args, message):
    res = run_report(*args, "--out", tmp_path / "o", "--db", small_db)
    assert res.returncode == 2
    assert message in res.stderr
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()


def test_cli_missing_warehouse_exit_2(tmp_path):
    res = run_report("quarterly", "--board", "Northshire", "--quarter", "2026Q2", "--out", tmp_path,
                     "--db", tmp_path / "none.duckdb")
    assert res.returncode == 2 and "no warehouse" in res.stderr and "Traceback" not in res.stderr


def test_missing_chromium_still_writes_every_document(small_db, tmp_path):
    res = run_report("quarterly", "--board", "Northshire", "--quarter", "2026Q2", "--out", tmp_path,
                     "--db", small_db, env={"LEARNING_CHROMIUM": str(tmp_path / "no-chromium")})
    assert res.returncode == 0, res.stderr
    assert "warning: Charts not drawn" in res.stderr
    assert len(list(tmp_path.iterdir())) == 4
    docx_text = "\n".join(b[2] for b in docx_blocks(tmp_path / "Northshire-quarterly-2026Q2.docx")
                          if b[0] == "para")
    assert "[Chart not drawn: Grade shares by audit" in docx_text
    assert "Charts not drawn: no Chromium browser" in docx_text  # the warning on the cover
    assert "[Chart not drawn:" in pdf_text(tmp_path / "Northshire-quarterly-2026Q2.pdf")


def test_cli_out_is_a_file_exit_2(small_db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    res = run_report("quarterly", "--board", "Northshire", "--quarter", "2026Q2", "--out",
                     blocker / "reports", "--db", small_db)
    assert res.returncode == 2 and "cannot write the report" in res.stderr
    assert "Traceback" not in res.stderr
