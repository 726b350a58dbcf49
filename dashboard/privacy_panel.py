"""The Data page's "Personal data" tab (issue 6, item 1): what the scan finds in the loaded
free text of the viewer's boards, and the false-alarm marks (who, when, why).

WHY here: the business unit resolves findings before a regional export; the export
refuses while any unresolved finding is in text it would share, and lists the same keys.
Only the business unit may mark a false alarm (it changes what may leave the board).
"""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import db
from dashboard.tables import show_table
from etl.privacy.findings import Finding, list_false_alarms, mark_false_alarms, scan_warehouse
from etl.privacy.scan import KIND_LABELS


@st.cache_data(show_spinner="Scanning the loaded text for personal data …", max_entries=20)
def _findings(version: str, boards: tuple[str, ...]) -> list[Finding]:
    cur = db.handle().con.cursor()
    try:
        return scan_warehouse(cur, boards)
    finally:
        cur.close()


def _scan_requested() -> bool:
    """WHY a button: Streamlit runs every tab on each rerun, and the scan is the only slow part
    of the Data page; once asked for, it stays shown for this session (cached per version)."""
    if st.button("Scan loaded text for personal data", key="privacy-scan-button"):
        st.session_state["privacy-scan"] = True
    return bool(st.session_state.get("privacy-scan"))


def findings_frame(found: list[Finding]) -> pl.DataFrame:
    return pl.DataFrame({
        "where": [f.location for f in found], "board": [f.board for f in found],
        "what": [KIND_LABELS[f.kind] for f in found], "found": [f.text for f in found],
        "key": [f.key for f in found]}, schema={c: pl.Utf8 for c in ("where", "board", "what", "found", "key")})


def personal_data(viewer, boards: tuple[str, ...] | list[str]) -> None:
    """Render the tab for the boards the viewer may see (already scoped by the caller)."""
    st.subheader("Personal data in loaded text")
    st.write("Names, dates of birth, addresses, postcodes, phone numbers, emails, NHS and National "
             "Insurance numbers found by lists, patterns and context rules (no model). Resolve each: "
             "edit the source file and reload, or mark it a false alarm. The regional export refuses "
             "while findings remain in text it would share.")
    if not _scan_requested():
        st.info("The scan reads every loaded free-text column, which takes a few seconds on a "
                "large warehouse, so it runs when you ask. Its result is kept until the next load.")
    else:
        found = _findings(db.version(), tuple(sorted(boards)))
        frame = findings_frame(found)
        show_table(frame, "Personal data findings", "No personal data found in the loaded text.",
                   key="privacy-findings", can_export=False)  # the findings ARE the personal data
        if found and getattr(viewer, "can_export", False):
            with st.form("false-alarm-form"):
                keys = st.multiselect("Findings that are false alarms", frame["key"].to_list(),
                                      format_func=lambda k: next(f"{f.location}: {f.text}" for f in found if f.key == k))
                reason = st.text_input("Why they are not personal data")
                if st.form_submit_button("Mark as false alarms"):
                    if not keys or not reason.strip():
                        st.error("Choose at least one finding and say why.")
                    else:
                        chosen = [f for f in found if f.key in set(keys)]
                        mark_false_alarms(db.warehouse_path(), chosen, viewer.user, reason.strip())
                        db.reopen()
                        _findings.clear()
                        st.success(f"Marked {len(chosen)} finding(s) as false alarms.")
    cur = db.handle().con.cursor()
    try:
        rows = list_false_alarms(cur)
        marks = pl.DataFrame(rows) if rows else pl.DataFrame()
    finally:
        cur.close()
    st.subheader("Marked false alarms")
    if marks.is_empty():
        st.info("No finding has been marked as a false alarm.")
    else:
        show_table(marks.select("table_name", "row_key", "column_name", "kind", "matched", "marked_by",
                                "marked_at", "reason"), "False alarms", "", key="privacy-marks",
                   can_export=False)


def regional_bundle(viewer, boards: tuple[str, ...] | list[str]) -> None:
    """Prepare a board's regional bundle (business unit only): the same export as
    `python -m etl bundle export`, refused while the scan finds personal data."""
    import tempfile
    from datetime import date
    from pathlib import Path

    from etl.bundle import ExportRefused, export_bundle

    st.subheader("Regional bundle")
    if not getattr(viewer, "can_export", False):
        st.info("Only the business unit prepares regional bundles.")
        return
    allowed = list(boards)
    if not allowed:
        st.info("No board selected.")
        return
    with st.form("bundle-form"):
        board = st.selectbox("Board", allowed, key="bundle-board")
        letter = st.text_input("Share under a letter (blank = under the board's name)", max_chars=2)
        as_of = st.date_input("Figures as of", value=date.today(), max_value=date.today())
        go = st.form_submit_button("Prepare bundle")
    if go:
        out = Path(tempfile.mkdtemp(prefix="bundle-")) / "bundle.zip"
        try:
            res = export_bundle(db.warehouse_path(), board, out, letter.strip().upper() or None, as_of)
        except ExportRefused as exc:
            st.error(f"Export refused: {len(exc.findings)} personal-data finding(s) in what {board} "
                     "would share. Resolve them above (edit and reload, or mark false alarms).")
            st.dataframe(findings_frame(exc.findings), hide_index=True)
            return
        db.reopen()  # the first export records the board's re-keying secret
        st.session_state["_bundle"] = (out.read_bytes(), res.manifest["shown_as"], res.manifest["as_of"])
    if "_bundle" in st.session_state:
        data, shown_as, as_of_text = st.session_state["_bundle"]
        st.download_button(f"Download the bundle of {shown_as} (as of {as_of_text})", data=data,
                           file_name=f"regional-bundle-{shown_as.replace(' ', '-')}-{as_of_text}.zip",
                           mime="application/zip", key="bundle-download", on_click="ignore",
                           icon=":material/download:")
