"""The bad-input corpus: each case is a folder given to `python -m etl load` as one input.

Text cases are committed as they are (one folder each, beside this file). Binary cases
(workbooks, non-UTF-8, junk) are built here at test time, so git holds no binary blobs.
`cases.csv` lists, for every case, each message the load must print (`{dir}` = the
case folder as given; `match` = exact, or prefix when the tail comes from the Excel
library). References in the cases may name the ids in EXISTING, as if already loaded.

Run `python tests/etl/bad_inputs/make_corpus.py OUT` to write the whole corpus to OUT and
try it by hand.
"""
from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
EXISTING = {"reviews": {"R-1"}, "audits": {"AU-1"}, "recommendations": {"REC-1"},
            "actions": {"A-1"}, "measures": {"M-1"}}
ACTION_HEADER = ["action_id", "recommendation_id", "text", "owner_agency", "lead_role",
                 "start_date", "due_date", "status", "completed_date", "cancelled_date",
                 "evidence", "measure_id"]
ACTION_ROW = ["A-9", "REC-1", "Brief staff", "Police", "Designated Nurse", None,
              date(2026, 6, 30), "In progress", None, None, "Briefing notes", None]


def _book(path: Path, sheets: dict[str, list[list]]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    return wb


def not_utf8(folder: Path) -> None:
    """Saved as Windows-1252 ("CSV" rather than "CSV UTF-8" in Excel)."""
    text = "learning_id,source_id,kind,text\nL-9,R-1,Finding,The café worker’s concern was not heard.\n"
    (folder / "learning.csv").write_bytes(text.encode("cp1252"))


def utf16(folder: Path) -> None:
    text = "measure_id,period_end,value\nM-1,2026-06-30,4\n"
    (folder / "measure_values.csv").write_bytes(text.encode("utf-16"))


def binary(folder: Path) -> None:
    (folder / "actions.csv").write_bytes(bytes(range(256)) * 8)


def workbook_renamed_as_csv(folder: Path) -> None:
    _book(folder, {"actions": [ACTION_HEADER, ACTION_ROW]}).save(folder / "actions.csv")


def no_known_sheet(folder: Path) -> None:
    _book(folder, {"Sheet1": [["a", "b"], [1, 2]], "Notes": [["hello"]]}).save(folder / "board.xlsx")


def merged_cells(folder: Path) -> None:
    second = ["A-10", *ACTION_ROW[1:]]
    wb = _book(folder, {"Actions": [ACTION_HEADER, ACTION_ROW, second]})
    wb["Actions"].merge_cells("K2:K3")  # one evidence note spread over two actions
    wb.save(folder / "board.xlsx")


def corrupt_workbook(folder: Path) -> None:
    (folder / "board.xlsx").write_bytes(b"PK\x03\x04" + bytes(range(200)) * 4)


def empty_workbook(folder: Path) -> None:
    (folder / "board.xlsx").write_bytes(b"")


def workbook_header_on_row_2(folder: Path) -> None:
    _book(folder, {"actions": [["Action plan — Testshire"], ACTION_HEADER, ACTION_ROW]}).save(
        folder / "board.xlsx")


def workbook_duplicate_column(folder: Path) -> None:
    _book(folder, {"actions": [ACTION_HEADER + ["Due Date"], ACTION_ROW + [date(2026, 7, 1)]]}).save(
        folder / "board.xlsx")


def workbook_future_excel_date(folder: Path) -> None:
    """A real Excel date cell later than the day of the load."""
    _book(folder, {"measure_values": [["measure_id", "period_end", "value"],
                                      ["M-1", date(2027, 3, 31), 12]]}).save(folder / "board.xlsx")


def workbook_error_cells(folder: Path) -> None:
    """Formulas whose cached values are Excel errors."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(folder / "board.xlsx")
    ws = wb.add_worksheet("measure_values")
    ws.write_row(0, 0, ["measure_id", "period_end", "value", "note"])
    ws.write_row(1, 0, ["M-1", "2026-06-30"])
    ws.write_formula(1, 2, "=1/0", None, "#DIV/0!")
    ws.write_row(2, 0, ["M-1", "2026-09-30", 3])
    ws.write_formula(2, 3, "=NA()", None, "#N/A")
    wb.close()


def old_xls(folder: Path) -> None:
    (folder / "board.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))


GENERATED = {f.__name__: f for f in (
    workbook_error_cells, old_xls, utf16,
    not_utf8, binary, workbook_renamed_as_csv, no_known_sheet, merged_cells, corrupt_workbook,
    empty_workbook, workbook_header_on_row_2, workbook_duplicate_column, workbook_future_excel_date)}


def build(out: Path) -> dict[str, Path]:
    """Write every case folder under `out`; returns case name → folder."""
    folders = {}
    for case in sorted(p for p in HERE.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        folders[case.name] = Path(shutil.copytree(case, out / case.name))
    for name, make in GENERATED.items():
        folder = out / name
        folder.mkdir(parents=True)
        make(folder)
        folders[name] = folder
    return folders


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bad_inputs_corpus")
    for name, folder in build(target).items():
        print(name, folder)
