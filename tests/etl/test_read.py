"""Readers: folders of CSVs and workbooks, one workbook, name matching, row numbers, Excel
dates and formulas, and every bad file in the corpus (tests/etl/bad_inputs)."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlsxwriter

from etl.problems import EnvironmentProblem
from etl.read import read_inputs
from etl_inputs import (ROOT, TODAY, check, fast_xlsx, good_rows, messages, warning_messages,
                        write_csv, write_folder, write_workbook)

CORPUS = Path(__file__).parent / "bad_inputs"
sys.path.insert(0, str(CORPUS))
import make_corpus  # noqa: E402


def _cases() -> dict[str, list[tuple[str, str]]]:
    cases: dict[str, list[tuple[str, str]]] = {}
    with open(CORPUS / "cases.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cases.setdefault(row["case"], []).append((row["match"], row["expected"]))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return make_corpus.build(tmp_path_factory.mktemp("corpus"))


def test_every_corpus_case_is_listed_with_its_message(corpus):
    assert sorted(corpus) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_its_message(case, corpus):
    """Each bad file yields exactly the listed problems (and nothing else)."""
    folder = corpus[case]
    got = messages(check([folder], make_corpus.EXISTING))
    wanted = [(m, e.replace("{dir}", str(folder))) for m, e in CASES[case]]
    assert len(got) == len(wanted), got
    for text, (match, expected) in zip(got, wanted):
        assert text == expected if match == "exact" else text.startswith(expected), text


def test_missing_path_is_an_environment_error(tmp_path):
    with pytest.raises(EnvironmentProblem, match="input not found: .*nowhere"):
        read_inputs([tmp_path / "nowhere"])


def test_file_that_is_neither_folder_nor_workbook(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    assert messages(check([path])) == [
        f"{path}: is not a folder or an .xlsx workbook (a CSV file must be named after its "
        "table, e.g. actions.csv)"]


# ------------------------------------------------------------------ accepted shapes

def test_folder_of_csvs_with_full_contract_is_clean(tmp_path):
    result = check([write_folder(tmp_path / "in", good_rows())])
    assert messages(result) == [] and warning_messages(result) == []
    assert result.tables["actions"].height == 2


def test_byte_order_mark_is_accepted(tmp_path):
    folder = write_folder(tmp_path / "in", good_rows())
    path = folder / "reviews.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = check([folder])
    assert messages(result) == []
    assert result.tables["reviews"]["review_id"].to_list() == ["T-SCR-1", "T-RR-2"]


def test_names_match_ignoring_case_spaces_hyphens_underscores(tmp_path):
    """`Action Updates` sheet, ` Action-ID ` column: all the contract's names."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = " Action Updates "
    ws.append([" Action-ID ", "REPORTED ON", "Status", "rag"])
    ws.append(["A-1", "2026-06-30", "in progress", "AMBER"])
    wb.save(tmp_path / "returns.xlsx")
    read = read_inputs([tmp_path / "returns.xlsx"])
    assert [(s.table, s.sheet) for s in read.sources] == [("action_updates", " Action Updates ")]
    result = check([tmp_path / "returns.xlsx"], {"actions": {"A-1"}})
    assert messages(result) == []
    row = result.tables["action_updates"].row(0, named=True)
    assert (row["action_id"], row["reported_on"], row["status"], row["rag"]) == (
        "A-1", date(2026, 6, 30), "In progress", "Amber")


def test_unknown_columns_and_sheets_are_warnings(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "measure_values"
    ws.append(["measure_id", "period_end", "value", "Comments"])
    ws.append(["M-1", "2026-06-30", 3, "fine"])
    wb.create_sheet("Read me").append(["notes"])
    wb.save(tmp_path / "m.xlsx")
    result = check([tmp_path / "m.xlsx"], {"measures": {"M-1"}})
    assert messages(result) == []
    assert warning_messages(result) == [
        f"{tmp_path / 'm.xlsx'} › Read me: sheet ignored: not a contract table",
        f"{tmp_path / 'm.xlsx'} › measure_values › Comments: not a column of table measure_values; ignored"]
    assert result.tables["measure_values"].columns == ["measure_id", "period_end", "value", "note",
                                                       "_source", "_absent"]
    # the sheet has no note column at all: the load will keep stored notes for these rows
    assert result.tables["measure_values"]["_absent"].to_list() == [["note"]]


def test_one_table_from_several_files_is_combined(tmp_path):
    """One workbook per board plus a CSV: rows combined, sources kept apart, ids checked across."""
    rows = good_rows()
    (tmp_path / "in").mkdir()
    write_workbook(tmp_path / "in" / "north.xlsx", {"reviews": rows["reviews"][:1]})
    write_workbook(tmp_path / "in" / "south.xlsx", {"reviews": rows["reviews"][1:]})
    write_csv(tmp_path / "in" / "reviews.csv",
              [{**rows["reviews"][0], "title": "Child Z"}], ["review_id", "board", "title", "review_type", "status"])
    read = read_inputs([tmp_path / "in"])
    assert [(s.file, s.sheet, s.frame.height) for s in read.sources] == [
        (f"{tmp_path / 'in'}/north.xlsx", "reviews", 1),
        (f"{tmp_path / 'in'}/reviews.csv", None, 1),
        (f"{tmp_path / 'in'}/south.xlsx", "reviews", 1)]
    result = check([tmp_path / "in"])
    assert messages(result) == [
        f"{tmp_path / 'in'}/reviews.csv › row 2 › review_id: duplicate id: already given at "
        f"{tmp_path / 'in'}/north.xlsx › reviews › row 2 (T-SCR-1)"]
    assert result.tables["reviews"]["review_id"].to_list() == ["T-SCR-1", "T-SCR-1", "T-RR-2"]


def test_several_inputs_in_one_load_are_checked_together(tmp_path):
    """A child in one input may refer to a parent in another; a repeat across inputs is caught."""
    rows = good_rows()
    a = write_folder(tmp_path / "a", {"recommendations": rows["recommendations"],
                                      "reviews": rows["reviews"]})
    b = write_workbook(tmp_path / "b.xlsx", {"actions": rows["actions"][:1],
                                             "measures": rows["measures"]})
    assert messages(check([a, b])) == []
    c = write_workbook(tmp_path / "c.xlsx", {"reviews": rows["reviews"][:1]})
    assert messages(check([a, c])) == [
        f"{c} › reviews › row 2 › review_id: duplicate id: already given at {a}/reviews.csv › row 2 (T-SCR-1)"]


def test_excel_row_numbers_count_blank_rows_and_skip_them(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "measure_values"
    ws.append(["measure_id", "period_end", "value"])
    ws.append(["M-1", "2026-03-31", 1])
    ws.append([None, None, None])
    ws.append(["   ", None, None])  # only spaces: blank too
    ws.append(["M-1", "2026-06-30", "lots"])
    wb.save(tmp_path / "v.xlsx")
    read = read_inputs([tmp_path / "v.xlsx"])
    assert read.sources[0].frame["__row"].to_list() == [2, 5]
    assert messages(check([tmp_path / "v.xlsx"], {"measures": {"M-1"}})) == [
        f"{tmp_path / 'v.xlsx'} › measure_values › row 5 › value: is not a number (lots)"]


def test_csv_row_numbers_follow_excel_with_blank_lines_and_quoted_newlines(tmp_path):
    path = tmp_path / "in" / "measure_values.csv"
    path.parent.mkdir()
    path.write_text('measure_id,period_end,value,note\nM-1,2026-03-31,1,"two\nlines"\n\n'
                    "M-1,2026-06-30,x,\n", encoding="utf-8")
    assert messages(check([path.parent], {"measures": {"M-1"}})) == [
        f"{path} › row 4 › value: is not a number (x)"]


def test_excel_dates_iso_text_and_uk_text_are_all_dates(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "measure_values"
    ws.append(["measure_id", "period_end", "value"])
    ws.append(["M-1", date(2026, 3, 31), 1])
    ws.append(["M-1", datetime(2026, 6, 30, 0, 0), 2])
    ws.append(["M-1", "2026-09-30", 3])
    ws.append(["M-1", "31/10/2026", 4])
    ws.append(["M-1", "1/11/2026", 5])
    wb.save(tmp_path / "d.xlsx")
    result = check([tmp_path / "d.xlsx"], {"measures": {"M-1"}})
    assert messages(result) == []
    assert result.tables["measure_values"]["period_end"].to_list() == [
        date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 1)]
    assert result.tables["measure_values"]["value"].to_list() == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_formulas_are_read_as_their_cached_values(tmp_path):
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("measure_values")
    ws.write_row(0, 0, ["measure_id", "period_end", "value"])
    ws.write_row(1, 0, ["M-1", "2026-06-30"])
    ws.write_formula(1, 2, "=40+2", None, 42)
    ws.write(2, 0, "M-1")
    ws.write_formula(2, 1, '=DATE(2026,9,30)', wb.add_format({"num_format": "yyyy-mm-dd"}), 46295)
    ws.write_formula(2, 2, "=C2/2", None, 21)
    wb.close()
    result = check([path], {"measures": {"M-1"}})
    assert messages(result) == []
    frame = result.tables["measure_values"]
    assert frame["value"].to_list() == [42.0, 21.0]
    assert frame["period_end"].to_list() == [date(2026, 6, 30), date(2026, 9, 30)]


def test_source_column_locates_each_row(tmp_path):
    rows = good_rows()
    book = write_workbook(tmp_path / "b.xlsx", {"reviews": rows["reviews"]})
    folder = write_folder(tmp_path / "in", {"audits": rows["audits"]})
    result = check([book, folder])
    assert result.tables["reviews"]["_source"].to_list() == [f"{book} › reviews › row 2",
                                                             f"{book} › reviews › row 3"]
    assert result.tables["audits"]["_source"].to_list() == [f"{folder}/audits.csv › row 2"]


def test_empty_known_sheet_is_a_warning(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "reviews"
    wb.save(tmp_path / "e.xlsx")
    result = check([tmp_path / "e.xlsx"])
    assert messages(result) == []
    assert warning_messages(result) == [f"{tmp_path / 'e.xlsx'} › reviews: sheet is empty; ignored"]


def test_header_only_sheet_is_fine(tmp_path):
    """The blank template: headers, no rows."""
    result = check([write_workbook(tmp_path / "t.xlsx", {t: [] for t in good_rows()})])
    assert messages(result) == []
    assert all(frame.height == 0 for frame in result.tables.values())


# --------------------------------------------------------------------- big files

PROBE = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from etl_inputs import check
start, cpu = time.perf_counter(), time.process_time()
result = check([Path({path!r})], {{"actions": {{"A-1"}}}})
print(json.dumps({{"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
                  "rows": sum(f.height for f in result.tables.values()),
                  "problems": [str(p) for p in result.problems[:5]],
                  "n_problems": len(result.problems),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _probe(path: Path) -> dict:
    """Read + validate in a fresh process so time and peak memory are its own.

    Its time is printed (pytest -s), not asserted: speed is a benchmark's job. Idle, the
    50 MB workbook takes about 5 s wall and the 50 MB CSV about 1 s."""
    code = PROBE.format(tests=str(Path(__file__).parent), path=str(path))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _returns(n: int) -> pl.DataFrame:
    """n progress returns with varied (poorly compressible) notes; the last row is bad."""
    i = pl.int_range(0, n)
    frame = pl.select(
        action_id=pl.lit("A-1"),
        reported_on=(pl.lit(date(600, 1, 1)) + pl.duration(days=i)).cast(pl.Utf8),
        status=pl.lit("In progress"), rag=pl.lit("Green"),
        note=pl.concat_str([i.hash(seed).cast(pl.Utf8) for seed in range(12)], separator=" "))
    return frame.with_columns(pl.when(i == n - 1).then(pl.lit("Finished")).otherwise(pl.col("status"))
                              .alias("status"))


@pytest.mark.slow
def test_50_mb_workbook_reads_with_bounded_memory(tmp_path):
    n = 340_000
    path = fast_xlsx(tmp_path / "big.xlsx", {"action_updates": _returns(n)})
    assert path.stat().st_size >= 50 * 2**20, path.stat().st_size
    got = _probe(path)
    print(path.stat().st_size, got)
    assert got["rows"] == n
    assert got["problems"] == [
        f"{path} › action_updates › row {n + 1} › status: is not one of: Not started, In progress, "
        "Complete, Complete - impact evidenced, Cancelled, Superseded (Finished)"]
    assert got["peak_mb"] < 1500, got


@pytest.mark.slow
def test_50_mb_csv_reads_with_bounded_memory(tmp_path):
    n = 200_000
    folder = tmp_path / "in"
    folder.mkdir()
    _returns(n).write_csv(folder / "action_updates.csv")
    assert (folder / "action_updates.csv").stat().st_size >= 50 * 2**20
    got = _probe(folder)
    print((folder / 'action_updates.csv').stat().st_size, got)
    assert got["rows"] == n
    assert got["problems"] == [
        f"{folder}/action_updates.csv › row {n + 1} › status: is not one of: Not started, In progress, "
        "Complete, Complete - impact evidenced, Cancelled, Superseded (Finished)"]
    assert got["peak_mb"] < 1000, got


def test_merged_cells_found_in_a_big_sheet_at_the_end(tmp_path):
    """The merge list sits after the sheet data: the streaming scan must reach it."""
    n = 30_000
    path = fast_xlsx(tmp_path / "m.xlsx", {"action_updates": _returns(n).head(n - 1)},
                     merges={"action_updates": ["E10:E11", "A20:B20"]})
    assert messages(check([path], {"actions": {"A-1"}})) == [
        f"{path} › action_updates › row 10: merged cells are not allowed; unmerge them and fill every cell (E10:E11)",
        f"{path} › action_updates › row 20: merged cells are not allowed; unmerge them and fill every cell (A20:B20)"]


def test_load_command_lists_every_problem_and_writes_nothing(tmp_path, corpus):
    """What a user sees: exit 1, each located message, no traceback, no warehouse written."""
    db = tmp_path / "warehouse.duckdb"
    cases = ["merged_cells", "semicolons", "not_utf8", "future_date"]
    res = subprocess.run([sys.executable, "-m", "etl", "load", *[str(corpus[c]) for c in cases],
                          "--db", str(db), "--today", TODAY.isoformat()],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    out = res.stdout + res.stderr
    assert res.returncode == 1, out
    for case in cases:
        for match, expected in CASES[case]:
            assert expected.replace("{dir}", str(corpus[case])) in out
    assert "Traceback" not in out
    assert not db.exists()


def test_column_letters_count_from_column_a_when_the_table_starts_further_right(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "measure_values"
    for col, name in enumerate(["measure_id", "period_end", "value", "Period End"], start=2):
        ws.cell(1, col, name)
    for col, value in enumerate(["M-1", "2026-06-30", 4, "2026-06-30"], start=2):
        ws.cell(2, col, value)
    wb.save(tmp_path / "b.xlsx")
    assert messages(check([tmp_path / "b.xlsx"], {"measures": {"M-1"}})) == [
        f"{tmp_path / 'b.xlsx'} › measure_values › row 1 › Period End: column name appears more "
        "than once (columns C and E)"]
