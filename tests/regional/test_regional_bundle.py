"""Regional bundle export and import (issue 6, items 2–3), through the real CLI on real
published warehouses."""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import duckdb
import polars as pl

from regional_inputs import AS_OF, build_warehouse, run_etl

PLANTED = {
    ("learning", "NS-L-2", "text"): "The Health Visitor did not see Kacper Nowak with the father present.",
    ("recommendations", "NS-C-1", "text"): "The Board should write to mum1985@hotmail.co.uk about GP sharing.",
    ("measures", "NS-M-1", "name"): "Calls to 07700 900123 answered",
}
# Personal data in places a bundle never carries: must pass the scan AND never appear.
HIDDEN = {
    ("reviews", "NS-R-1", "summary"): "Mrs Kowalski lived at 14 Acacia Avenue NE1 4ST.",
    ("reviews", "NS-R-1", "title"): "Child Zofia",
    ("actions", "NS-A-1", "evidence"): "Evidence from Jane Smith, NHS 943 476 5919.",
    ("actions", "NS-A-2", "text"): "Ring Connor Walsh on 0161 496 0000.",
    ("action_updates", "NS-A-7", "note"): "Note naming Dr Adeyemi.",
    ("measure_values", "NS-M-1", "note"): "Value checked with Ms Patel.",
}


def export(db: Path, out: Path, board: str = "Northshire", *extra: str):
    return run_etl("bundle", "export", "--board", board, "--out", out, "--db", db, "--as-of", AS_OF, *extra)


def bundle_tables(path: Path) -> tuple[dict, dict[str, pl.DataFrame]]:
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        tables = {n: pl.read_parquet(io.BytesIO(zf.read(e["file"]))) for n, e in manifest["tables"].items()}
    return manifest, tables


def all_text(path: Path) -> str:
    """Everything a reader of the bundle can see, as text."""
    manifest, tables = bundle_tables(path)
    return json.dumps(manifest) + "\n".join(str(t.to_dicts()) for t in tables.values())


def test_export_refuses_and_lists_every_finding_with_location(tmp_path):
    db = build_warehouse(tmp_path, PLANTED)
    out = tmp_path / "ns.zip"
    res = export(db, out)
    assert res.returncode == 1, res.stdout + res.stderr
    assert not out.exists()
    assert "Traceback" not in res.stderr
    assert "learning › NS-L-2 › text: personal name (Kacper Nowak)" in res.stderr
    assert "recommendations › NS-C-1 › text: email address (mum1985@hotmail.co.uk)" in res.stderr
    assert "measures › NS-M-1 › name: phone number (07700 900123)" in res.stderr


def test_personal_data_outside_the_bundle_never_leaves(tmp_path):
    db = build_warehouse(tmp_path, HIDDEN)
    out = tmp_path / "ns.zip"
    res = export(db, out)
    assert res.returncode == 0, res.stderr
    text = all_text(out)
    for planted in ("Kowalski", "Acacia", "NE1 4ST", "Zofia", "Jane Smith", "943 476 5919",
                    "Connor", "0161 496 0000", "Adeyemi", "Patel", "Summary text", "Training booked",
                    "Action 1 text"):
        assert planted not in text
    _, tables = bundle_tables(out)
    columns = {c for t in tables.values() for c in t.columns}
    assert not columns & {"summary", "title", "evidence", "note", "lead_role", "incident_type",
                          "child_age_band", "owner_agency"}


def test_false_alarm_mark_lets_the_export_through_and_records_who(tmp_path):
    db = build_warehouse(tmp_path, {("learning", "NS-L-1", "text"):
                                    "Learning from the Jordan Principle was not applied by Police."})
    out = tmp_path / "ns.zip"
    res = export(db, out)
    assert res.returncode == 1
    key = re.search(r"\[finding (\w+)\]", res.stderr).group(1)
    res = run_etl("bundle", "mark-false-alarm", key, "--board", "Northshire", "--db", db,
                  "--reason", "a named policy, not a person", "--by", "business-unit")
    assert res.returncode == 0, res.stderr
    assert export(db, out).returncode == 0
    con = duckdb.connect(str(db), read_only=True)
    who, when, why = con.execute("SELECT marked_by, marked_at, reason FROM privacy_false_alarms").fetchone()
    con.close()
    assert who == "business-unit" and when is not None and why == "a named policy, not a person"


def test_month_precision_and_small_counts_suppressed(db_copy, tmp_path):
    out = tmp_path / "ns.zip"
    assert export(db_copy, out).returncode == 0
    manifest, t = bundle_tables(out)
    reviews = t["reviews"]
    for col in [c for c in reviews.columns if c.endswith("_month")]:
        assert all(re.fullmatch(r"\d{4}-\d{2}", v) for v in reviews[col].drop_nulls())
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", str(v)) for v in reviews.to_dicts())
    ra = {r["recommendation_id"]: r for r in t["recommendation_actions"].to_dicts()}
    # NS-C-1: 8 actions, 6 complete, 2 open (overdue as of 2026-09-30); NS-C-2: 1 overdue action.
    assert ra["NS-C-1"] == {"recommendation_id": "NS-C-1", "actions": "8", "open": "<5",
                            "completed": "6", "cancelled": "0", "overdue": "<5"}
    assert ra["NS-C-2"]["actions"] == "<5"
    bench = t["benchmarks"].to_dicts()[0]
    assert bench["actions"] == "9" and bench["completion_rate_pct"] == 66.7
    assert bench["overdue_rate_pct"] is None  # 3 open actions: too few to show a rate
    shares = t["audit_grade_shares"].to_dicts()[0]
    assert shares["grade_rows"] == "6" and shares["good_pct"] == 50.0
    assert manifest["period"] == {"from": "2024-01", "to": "2026-09"}
    assert manifest["board"] == "Northshire" and manifest["schema_version"] == "1"
    for name, entry in manifest["tables"].items():
        assert entry["rows"] == t[name].height and len(entry["sha256"]) == 64


def test_letter_rekeys_stably_and_hides_the_name(db_copy, tmp_path):
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert export(db_copy, first, "Northshire", "--as-letter", "K").returncode == 0
    assert export(db_copy, second, "Northshire", "--as-letter", "K").returncode == 0
    m1, t1 = bundle_tables(first)
    m2, t2 = bundle_tables(second)
    assert m1["board"] is None and m1["shown_as"] == "Board K"
    assert m1["board_key"] == m2["board_key"]
    text = all_text(first)
    assert "Northshire" not in text and "NS-" not in text
    assert t1["learning"]["learning_id"].to_list() == t2["learning"]["learning_id"].to_list()
    # The re-keyed source ids still join learning to its review.
    assert set(t1["learning"]["source_id"]) <= set(t1["reviews"]["review_id"])
    named, _ = bundle_tables(_named(db_copy, tmp_path))
    assert named["board_key"] == m1["board_key"]  # same board, however it appears


def _named(db: Path, tmp: Path) -> Path:
    out = tmp / "named.zip"
    assert export(db, out).returncode == 0
    return out


def test_import_builds_a_regional_warehouse_and_newer_replaces_older(db_copy, tmp_path):
    ns_old, ss = tmp_path / "ns-old.zip", tmp_path / "ss.zip"
    assert export(db_copy, ns_old, "Northshire", "--as-letter", "K").returncode == 0
    assert run_etl("bundle", "export", "--board", "Southshire", "--out", ss, "--db", db_copy,
                   "--as-of", "2026-06-30").returncode == 0
    ns_new = tmp_path / "ns-new.zip"
    assert run_etl("bundle", "export", "--board", "Northshire", "--out", ns_new, "--db", db_copy,
                   "--as-of", "2026-11-20", "--as-letter", "K").returncode == 0
    reg = tmp_path / "regional.duckdb"
    res = run_etl("bundle", "import", ns_old, ss, "--db", reg)
    assert res.returncode == 0, res.stderr
    res = run_etl("bundle", "import", ns_new, "--db", reg)
    assert res.returncode == 0 and "Replaced Board K" in res.stdout
    res = run_etl("bundle", "import", ns_old, "--db", reg)
    assert res.returncode == 0 and "already has a newer bundle" in res.stdout
    con = duckdb.connect(str(reg), read_only=True)
    assert con.execute("SELECT value FROM meta WHERE key = 'kind'").fetchone() == ("regional",)
    assert con.execute("SELECT shown_as, as_of::VARCHAR FROM regional_bundles ORDER BY 1").fetchall() == [
        ("Board K", "2026-11-20"), ("Southshire", "2026-06-30")]
    assert con.execute("SELECT count(*) FROM regional_learning WHERE shown_as = 'Board K'").fetchone() == (3,)
    themes = dict(con.execute("SELECT theme, boards FROM regional_theme_boards").fetchall())
    con.close()
    assert themes["information_sharing"] == 2 and themes["escalation_challenge"] == 1


def _rewrite(src: Path, dst: Path, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.namelist():
            zout.writestr(item, change(item, zin.read(item)))


def test_import_checks_checksum_and_schema_version(db_copy, tmp_path):
    good = tmp_path / "ns.zip"
    assert export(db_copy, good).returncode == 0
    tampered = tmp_path / "tampered.zip"
    frame = pl.DataFrame({"x": [1]})
    buf = io.BytesIO()
    frame.write_parquet(buf)
    _rewrite(good, tampered, lambda n, b: buf.getvalue() if n == "learning.parquet" else b)
    wrong_version = tmp_path / "v99.zip"

    def bump(name, data):
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["schema_version"] = "99"
        return json.dumps(m).encode()

    _rewrite(good, wrong_version, bump)
    reg = tmp_path / "regional.duckdb"
    res = run_etl("bundle", "import", good, tampered, wrong_version, "--db", reg)
    assert res.returncode == 1
    assert f"{tampered}: learning: checksum does not match the manifest" in res.stderr
    assert f"{wrong_version}: manifest › schema_version" in res.stderr
    assert not reg.exists()  # all or nothing


def test_import_refuses_a_board_warehouse(db_copy, tmp_path):
    out = tmp_path / "ns.zip"
    assert export(db_copy, out).returncode == 0
    res = run_etl("bundle", "import", out, "--db", db_copy)
    assert res.returncode == 2 and "board warehouse" in res.stderr


def test_unknown_board_is_a_usage_error(db_copy, tmp_path):
    res = export(db_copy, tmp_path / "x.zip", "Nowhere")
    assert res.returncode == 2 and "no board named 'Nowhere'" in res.stderr


def test_data_page_scan_lists_personal_data_in_all_loaded_text(tmp_path):
    """The Data page's list: every free-text column of every table, located, with its board."""
    from etl.privacy.findings import scan_warehouse

    db = build_warehouse(tmp_path, HIDDEN)
    con = duckdb.connect(str(db), read_only=True)
    found = {(f.location, f.kind, f.text, f.board) for f in scan_warehouse(con)}
    only_south = scan_warehouse(con, boards=["Southshire"])
    con.close()
    assert ("reviews › NS-R-1 › summary", "name", "Mrs Kowalski", "Northshire") in found
    assert ("reviews › NS-R-1 › summary", "address", "14 Acacia Avenue", "Northshire") in found
    assert ("reviews › NS-R-1 › title", "name", "Zofia", "Northshire") in found
    assert ("actions › NS-A-1 › evidence", "nhs_number", "943 476 5919", "Northshire") in found
    assert ("actions › NS-A-2 › text", "phone", "0161 496 0000", "Northshire") in found
    assert ("action_updates › NS-A-7|2025-06-30 › note", "name", "Dr Adeyemi", "Northshire") in found
    assert ("measure_values › NS-M-1|2025-06-30 › note", "name", "Ms Patel", "Northshire") in found
    assert only_south == []


def test_bundle_scan_command_lists_findings(tmp_path):
    db = build_warehouse(tmp_path, PLANTED)
    res = run_etl("bundle", "scan", "--board", "Northshire", "--db", db)
    assert res.returncode == 1 and res.stderr.count("[finding ") == 3
    res = run_etl("bundle", "scan", "--board", "Southshire", "--db", db)
    assert res.returncode == 0 and "No personal data found" in res.stdout


def test_import_warns_about_personal_data_the_board_let_through(db_copy, tmp_path):
    """A bundle written by another tool (or with a false-alarm mark) is scanned on arrival."""
    from etl.bundle import write_bundle

    good = tmp_path / "ns.zip"
    assert export(db_copy, good).returncode == 0
    manifest, tables = bundle_tables(good)
    tables["learning"] = tables["learning"].with_columns(
        pl.when(pl.col("learning_id") == "NS-L-1").then(pl.lit("Seen by Mrs Kowalski.")).otherwise(pl.col("text"))
        .alias("text"))
    odd = tmp_path / "odd.zip"
    write_bundle(odd, tables, {k: v for k, v in manifest.items() if k != "tables"})
    res = run_etl("bundle", "import", odd, "--db", tmp_path / "regional.duckdb")
    assert res.returncode == 0, res.stderr
    assert "warning: learning › NS-L-1 › text: personal name (Mrs Kowalski)" in res.stdout
