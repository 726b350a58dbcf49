"""Data: load history and warnings, the change log, upload (the same load path as the CLI),
the blank template, withdraw/restore a row, and the data-quality checks.

Writes go through the ETL's own functions (etl.load.load_paths, etl.withdraw), which
publish a new warehouse version atomically; the dashboard's read-only connection then
reopens on the new version (dashboard.db)."""
from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import db, ui
from dashboard.tables import show_table
from etl.contract import LOAD_ORDER, TABLES


def history(can_export: bool) -> None:
    st.subheader("Load history")
    loads = db.loads()
    show_table(loads, "Load history", "Nothing has been loaded into this warehouse yet.", key="loads",
               can_export=can_export)
    st.subheader("Load warnings")
    ids = loads["load_id"].to_list()
    pick = st.selectbox("Warnings of load", [None, *ids], key="warnings-load",
                        format_func=lambda i: "All loads" if i is None else f"Load {i}")
    show_table(db.load_warnings(pick), "Load warnings",
               "No warnings were recorded for this load." if pick else "No load has recorded warnings.",
               key="warnings", can_export=can_export)


def changes(can_export: bool) -> None:
    st.subheader("Change log")
    st.caption("Every value a load replaced, newest load first (the latest 2,000 changes).")
    show_table(db.change_log(), "Change log", "No load has changed a value yet: every row is as first loaded.",
               key="change-log", can_export=can_export)


def problems_frame(problems) -> pl.DataFrame:
    return pl.DataFrame({"problem": [str(p) for p in problems]})


def upload(viewer) -> None:
    st.subheader("Load files")
    if not getattr(viewer, "can_load", True):
        st.info("Only the business unit loads data.")
        return
    st.write("Upload the board's contract workbook(s) or CSV files. They are checked exactly as "
             "`python -m etl load` checks them: if anything is wrong, every problem is listed with "
             "its file, sheet, row and column, and **nothing is loaded**.")
    template()
    files = st.file_uploader("Workbooks (.xlsx) or CSV files", type=["xlsx", "csv"],
                             accept_multiple_files=True, key="upload")
    if not files or not st.button("Check and load", type="primary", key="do-load"):
        return
    from etl.load import format_report, load_paths
    from etl.problems import EnvironmentProblem, InputRejected

    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        paths = []
        for f in files:
            path = Path(tmp) / Path(f.name).name
            path.write_bytes(f.getvalue())
            paths.append(path)
        try:
            with st.spinner("Checking and loading…"):
                report = load_paths(paths, db.warehouse_path(), user=getattr(viewer, "user", None))
        except InputRejected as rejected:
            n = len(rejected.problems)
            st.error(f"{n} problem{'s' if n != 1 else ''} found: nothing was loaded (the warehouse is "
                     "unchanged). Fix these in the file and upload it again.")
            show_table(problems_frame(rejected.problems), "Load problems", "", key="load-problems")
            return
        except EnvironmentProblem as exc:
            st.error(f"The warehouse could not be written: {exc}")
            return
    db.reopen()
    st.success(f"Load {report.load_id}: {'loaded' if report.changed else 'nothing changed'}.")
    st.code(format_report(report), language=None)


def template() -> None:
    try:
        from etl import template as tpl
    except ImportError:
        st.caption("The blank template is not available in this build.")
        return
    build = getattr(tpl, "template_bytes", None) or getattr(tpl, "build_template_bytes", None)
    if build is None:
        writer = getattr(tpl, "write_template", None)
        if writer is None:
            return

        def build() -> bytes:
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "template.xlsx"
                writer(out)
                return out.read_bytes()
    st.download_button("Download the blank input template (.xlsx)", data=build,
                       file_name="learning-impact-template.xlsx", on_click="ignore", key="template",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:")


def withdraw_restore(viewer, can_export: bool) -> None:
    st.subheader("Withdraw or restore a row")
    st.write("A wrongly loaded row can be taken out of every figure (and put back). Rows that depend "
             "on it go with it. Nothing is deleted; who, when and why are recorded.")
    if getattr(viewer, "can_load", True):
        with st.form("withdraw-form", clear_on_submit=False):
            action = st.radio("Action", ["Withdraw", "Restore"], horizontal=True, key="wd-action")
            table = st.selectbox("Table", list(LOAD_ORDER), key="wd-table")
            key = st.text_input("Row id", key="wd-key",
                                help="The row's id; composite keys joined with '|', e.g. A-1|2026-03-31 "
                                     f"({', '.join(f'{t}: ' + ' | '.join(TABLES[t].key) for t in ('action_updates',))})")
            reason = st.text_input("Reason", key="wd-reason")
            submitted = st.form_submit_button("Apply")
        if submitted:
            apply_withdrawal(viewer, action, table, key.strip(), reason.strip())
    show_table(db.withdrawals(), "Withdrawals", "No row has been withdrawn.", key="withdrawals",
               can_export=can_export)


def apply_withdrawal(viewer, action: str, table: str, key: str, reason: str) -> None:
    from etl.problems import EnvironmentProblem
    from etl.withdraw import WithdrawalRefused, restore, withdraw

    if not key:
        st.error("Give the id of the row.")
        return
    try:
        if action == "Withdraw":
            result = withdraw(db.warehouse_path(), table, key, reason, getattr(viewer, "user", None))
        else:
            result = restore(db.warehouse_path(), table, key, reason or None, getattr(viewer, "user", None))
    except (WithdrawalRefused, EnvironmentProblem) as exc:
        st.error(str(exc))
        return
    db.reopen()
    n = sum(map(len, result.dependents.values()))
    verb = "Withdrew" if action == "Withdraw" else "Restored"
    st.success(f"{verb} {result.table} {result.key} (withdrawal {result.withdrawal_id})"
               + (f", with {n} dependent row(s)." if n else "."))


def quality(scope: db.Scope, can_export: bool) -> None:
    st.subheader("Data quality")
    df = db.data_quality(scope)
    if df.height:
        st.write(" · ".join(f"**{c}**: {n}" for c, n in df.group_by("check_name").len()
                            .sort("check_name").iter_rows()))
    show_table(df, "Data quality", "No data-quality problems found: every action has a return, every "
               "'impact evidenced' has evidence, every measure has values and a sensible target, and no "
               "audit grades more cases than it audited.", key="quality", can_export=can_export)


def body() -> None:
    viewer, f, scope = ui.context()
    st.title("Data")
    st.caption(f"Warehouse: `{db.warehouse_path()}`")
    can_export = getattr(viewer, "can_export", True)
    tabs = st.tabs(["Data quality", "Loads", "Change log", "Upload", "Withdraw / restore",
                    "Personal data"])
    with tabs[0]:
        quality(scope, can_export)
    with tabs[1]:
        history(can_export)
    with tabs[2]:
        changes(can_export)
    with tabs[3]:
        upload(viewer)
    with tabs[4]:
        withdraw_restore(viewer, can_export)
    with tabs[5]:  # issue 6: the personal-data scan of loaded text (dashboard/privacy_panel.py)
        from dashboard.privacy_panel import personal_data, regional_bundle
        personal_data(viewer, scope.boards)
        regional_bundle(viewer, scope.boards)


ui.run(body, "the Data page")
