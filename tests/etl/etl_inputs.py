"""Builders of real input files for the reader/validation tests: a small, fully valid
set of contract rows (each test breaks one thing), CSV and workbook writers, and a fast
raw-XML workbook writer for the big-file tests (openpyxl would take minutes for 50 MB)."""
from __future__ import annotations

import csv
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import polars as pl

from etl.contract import TABLES
from etl.read import read_inputs
from etl.reference import AgencyIndex
from etl.validate import Validated, validate

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 23)
AGENCIES = AgencyIndex.from_csv(ROOT / "data" / "agencies.csv")
THEMES = {"information_sharing", "voice_of_child", "neglect", "domestic_abuse"}


def good_rows() -> dict[str, list[dict[str, object]]]:
    """One small partnership's data that breaks no rule (tests change one cell)."""
    return {
        "reviews": [
            {"review_id": "T-SCR-1", "board": "Testshire", "title": "Child A",
             "review_type": "LCSPR", "notified_date": "2025-01-10", "completed_date": "2025-09-01",
             "status": "Completed"},
            {"review_id": "T-RR-2", "board": "Testshire", "title": "Child B",
             "review_type": "Rapid review", "status": "In progress"},
        ],
        "audits": [{"audit_id": "T-AUD-1", "board": "Testshire", "title": "Neglect audit",
                    "audit_type": "Thematic", "themes": "neglect", "reported_date": "2026-03-01",
                    "cases_audited": "12"}],
        "learning": [{"learning_id": "T-L-1", "source_id": "T-SCR-1", "kind": "Finding",
                      "text": "Information was not shared.", "themes": "information_sharing",
                      "agencies": "Police; CSC"}],
        "recommendations": [{"recommendation_id": "T-REC-1", "source_id": "T-SCR-1",
                             "text": "Share information.", "addressed_to": "Board",
                             "themes": "information_sharing"}],
        "measures": [{"measure_id": "T-M-1", "board": "Testshire", "name": "Timely strategy meetings",
                      "better": "higher", "baseline_value": "55", "baseline_date": "2025-03-31"}],
        "actions": [
            {"action_id": "T-A-1", "recommendation_id": "T-REC-1", "text": "Revise the protocol",
             "owner_agency": "Police", "due_date": "2026-06-30", "status": "Complete",
             "completed_date": "2026-05-01", "measure_id": "T-M-1"},
            {"action_id": "T-A-2", "recommendation_id": "T-REC-1", "text": "Train staff",
             "owner_agency": "Children's Social Care", "due_date": "2027-03-31",
             "status": "In progress"},
        ],
        "action_updates": [
            {"action_id": "T-A-2", "reported_on": "2026-06-30", "status": "In progress", "rag": "Amber"},
            {"action_id": "T-A-2", "reported_on": "2026-09-30", "status": "In progress", "rag": "Green"},
        ],
        "audit_grades": [{"audit_id": "T-AUD-1", "case_ref": "C1", "agency": "Police",
                          "domain": "Planning", "grade": "Good"}],
        "measure_values": [{"measure_id": "T-M-1", "period_end": "2026-06-30", "value": "61.5"}],
    }


def write_csv(path: Path, rows: list[dict[str, object]], header: list[str] | None = None,
              encoding: str = "utf-8") -> Path:
    header = header or list(dict.fromkeys(k for r in rows for k in r))
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if row.get(h) is None else row.get(h) for h in header])
    return path


def write_folder(folder: Path, tables: dict[str, list[dict]]) -> Path:
    """Every table as `<table>.csv` with its full contract header."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        write_csv(folder / f"{name}.csv", rows, TABLES[name].column_names)
    return folder


def write_workbook(path: Path, tables: dict[str, list[dict]], sheet_names: dict[str, str] | None = None) -> Path:
    """A workbook, one sheet per table, full contract header, values written as given
    (pass `datetime.date` objects for real Excel date cells)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in tables.items():
        ws = wb.create_sheet((sheet_names or {}).get(name, name))
        header = TABLES[name].column_names
        ws.append(header)
        for row in rows:
            ws.append([row.get(h) for h in header])
    wb.save(path)
    return path


def check(paths: list[Path], existing: dict[str, set[str]] | None = None,
          today: date = TODAY) -> Validated:
    """Read and validate as the load does; the result holds reader problems too."""
    return validate(read_inputs(paths), existing or {}, today, THEMES, AGENCIES)


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def warning_messages(result) -> list[str]:
    return [str(p) for p in result.warnings]


# ----------------------------------------------------------- fast raw workbook writer

def _letter(pos: int) -> str:
    letters, pos = "", pos + 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _sheet_xml_rows(frame: pl.DataFrame, first_row: int) -> pl.Series:
    """`<row>` elements for a frame of text, vectorised (inline strings, XML-escaped)."""
    rownum = pl.int_range(first_row, first_row + pl.len()).cast(pl.Utf8)
    cells = []
    for pos, name in enumerate(frame.columns):
        text = (pl.col(name).cast(pl.Utf8).str.replace_all("&", "&amp;", literal=True)
                .str.replace_all("<", "&lt;", literal=True).str.replace_all(">", "&gt;", literal=True))
        cell = pl.concat_str([pl.lit(f'<c r="{_letter(pos)}'), rownum,
                              pl.lit('" t="inlineStr"><is><t>'), text, pl.lit("</t></is></c>")])
        cells.append(pl.when(pl.col(name).is_null()).then(pl.lit("")).otherwise(cell))
    row = pl.concat_str([pl.lit('<row r="'), rownum, pl.lit('">'), *cells, pl.lit("</row>")])
    return frame.select(row.alias("x"))["x"]


def fast_xlsx(path: Path, sheets: dict[str, pl.DataFrame], compress: bool = True,
              merges: dict[str, list[str]] | None = None) -> Path:
    """A valid .xlsx written straight as XML: seconds for hundreds of thousands of rows."""
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(path, "w", method, compresslevel=1 if compress else None) as zf:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1))
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                    '<Default Extension="xml" ContentType="application/xml"/>'
                    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                    f"{overrides}</Types>")
        zf.writestr("_rels/.rels",
                    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                    "</Relationships>")
        book = "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                       for i, n in enumerate(sheets, start=1))
        zf.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel_ns}>'
                    f"<sheets>{book}</sheets></workbook>")
        rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, len(sheets) + 1))
        zf.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?>'
                    f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        for i, (name, frame) in enumerate(sheets.items(), start=1):
            header = pl.DataFrame({c: [c] for c in frame.columns})
            with zf.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as fh:
                fh.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>'.encode())
                fh.write("".join(_sheet_xml_rows(header, 1).to_list()).encode())
                step = 50_000
                for start in range(0, frame.height, step):
                    chunk = _sheet_xml_rows(frame.slice(start, step), start + 2)
                    fh.write("".join(chunk.to_list()).encode())
                fh.write(b"</sheetData>")
                if merges and merges.get(name):
                    refs = "".join(f'<mergeCell ref="{r}"/>' for r in merges[name])
                    fh.write(f'<mergeCells count="{len(merges[name])}">{refs}</mergeCells>'.encode())
                fh.write(b"</worksheet>")
    return path


def big_tables(boards: int, years: int, seed: int = 1) -> dict[str, pl.DataFrame]:
    """Contract-shaped, valid tables at a chosen scale (text cells, like a workbook).

    Per board-year: 6 reviews, 2 audits, 40 learning points, 24 recommendations,
    48 actions with 4 returns each, 60 audit grades, 3 measures with 4 values each.
    """
    n = boards * years
    agencies = ["Police", "CSC", "Health Visiting", "Education", "GP", "Probation"]
    themes = ["information_sharing", "voice_of_child", "neglect", "domestic_abuse"]

    def ids(prefix: str, count: int) -> pl.Expr:
        return pl.lit(prefix) + pl.int_range(0, count).cast(pl.Utf8)

    def frame(count: int, **cols: pl.Expr) -> pl.DataFrame:
        return pl.select(pl.int_range(0, count).alias("i")).select(**cols)

    i = pl.col("i")

    def pick(options: list[str]) -> pl.Expr:
        return i.mod(len(options)).replace_strict(dict(enumerate(options)), return_dtype=pl.Utf8)

    def day(base: str = "2020-01-01", spread: int = 2000) -> pl.Expr:
        return (pl.lit(date.fromisoformat(base)) + pl.duration(days=i.mod(spread))).cast(pl.Utf8)

    nr, na = 6 * n, 2 * n
    nrec, nact, nmea = 24 * n, 48 * n, 3 * n
    return {
        "reviews": frame(nr, review_id=ids("R-", nr), board=pl.lit("B") + (i // (6 * years)).cast(pl.Utf8),
                         title=pl.lit("Child ") + i.cast(pl.Utf8), review_type=pick(["LCSPR", "Rapid review", "SCR"]),
                         notified_date=day(), status=pick(["In progress", "Completed"]),
                         summary=pl.lit("A fictional summary of the review and its findings.")),
        "audits": frame(na, audit_id=ids("AU-", na), board=pl.lit("B1"), title=pl.lit("Audit"),
                        audit_type=pick(["Thematic", "Single agency"]), themes=pick(themes),
                        reported_date=day(), cases_audited=i.mod(30).cast(pl.Utf8)),
        "learning": frame(40 * n, learning_id=ids("L-", 40 * n), source_id=pl.lit("R-") + i.mod(nr).cast(pl.Utf8),
                          kind=pick(["Finding", "Learning"]),
                          text=pl.lit("Professionals did not share what they knew about the family in time."),
                          themes=pick(["information_sharing; neglect", "", "voice_of_child"]),
                          agencies=pick(["Police; CSC", "GP", "Education"])),
        "recommendations": frame(nrec, recommendation_id=ids("REC-", nrec),
                                 source_id=pl.lit("R-") + i.mod(nr).cast(pl.Utf8),
                                 text=pl.lit("The partnership should make sure information is shared."),
                                 addressed_to=pick(["Board", "Police"]), themes=pick(themes)),
        "measures": frame(nmea, measure_id=ids("M-", nmea), board=pl.lit("B1"), name=pl.lit("Measure"),
                          better=pick(["higher", "lower"]), baseline_value=i.mod(90).cast(pl.Utf8),
                          baseline_date=day()),
        "actions": frame(nact, action_id=ids("A-", nact), recommendation_id=pl.lit("REC-") + (i // 2).cast(pl.Utf8),
                         text=pl.lit("Update the procedure and brief every team."), owner_agency=pick(agencies),
                         due_date=day("2021-01-01"), status=pick(["In progress", "Complete", "Not started"]),
                         completed_date=pl.when(i.mod(3) == 1).then(day("2021-01-01")).otherwise(None),
                         measure_id=pl.lit("M-") + i.mod(nmea).cast(pl.Utf8)),
        "action_updates": frame(4 * nact, action_id=pl.lit("A-") + (i // 4).cast(pl.Utf8),
                                reported_on=(pl.lit(date(2021, 3, 31)) + pl.duration(days=91 * i.mod(4))).cast(pl.Utf8),
                                status=pl.lit("In progress"), rag=pick(["Red", "Amber", "Green"]),
                                note=pl.lit("Progress reported to the committee.")),
        "audit_grades": frame(30 * na, audit_id=pl.lit("AU-") + (i // 30).cast(pl.Utf8),
                              case_ref=pl.lit("C") + (i.mod(30) // 5).cast(pl.Utf8),
                              agency=pick(agencies[:5]), domain=pl.lit("Planning"),
                              grade=pick(["Good", "Requires improvement", "Inadequate", "Outstanding"])),
        "measure_values": frame(4 * nmea, measure_id=pl.lit("M-") + (i // 4).cast(pl.Utf8),
                                period_end=(pl.lit(date(2024, 3, 31)) + pl.duration(days=91 * i.mod(4))).cast(pl.Utf8),
                                value=(i.mod(100) / 3).cast(pl.Utf8)),
    }
