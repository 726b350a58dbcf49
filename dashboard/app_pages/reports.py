"""Reports: the quarterly Performance Committee paper and the annual report section for a
board and period — preview the main tables, then download each format.

WHY files are built on click: a Word/PDF paper with charts takes a few seconds, so each
download button is given a function (`data=callable`) and builds its file only when
pressed. The report content is built once per (published version, board, period) and
shared, and one Chromium browser serves every chart of the app process (kept warm).
"""
from __future__ import annotations


import polars as pl
import streamlit as st

from dashboard import db, ui
from dashboard.access import AccessDenied
from dashboard.filters import today
from dashboard.report import build
from dashboard.report.fmt import cell_text
from dashboard.report.images import ChartRenderer
from dashboard.report.model import FigureGrid, Report, Table
from etl.periods import FinancialYear, Quarter, Year

FORMAT_LABELS = {"docx": "Word (.docx)", "pdf": "PDF (.pdf)", "xlsx": "Tracker (.xlsx)",
                 "json": "Figures (figures.json)"}


@st.cache_resource(show_spinner=False)
def renderer() -> ChartRenderer:
    """One chart browser for the whole app process (started on the first download)."""
    return ChartRenderer()


@st.cache_resource(show_spinner="Reading the figures…", max_entries=16)
def report_model(version_key: str, kind: str, board: str, period: str, marking: str) -> Report:
    con = db.handle().con.cursor()
    try:
        make = build.make_quarterly if kind == "quarterly" else build.make_annual
        return make(con, board, period, marking, produced=today())
    finally:
        con.close()


def make_file(kind: str, board: str, period: str, marking: str, fmt: str, version_key: str):
    """A no-argument function building one file; runs on Streamlit's download thread, so it
    captures the connection now instead of touching session state later."""
    con = db.handle().con

    def _build() -> bytes:
        cur = con.cursor()
        try:
            if fmt == "json":
                return build.figures_json(cur, board, period)
            report = report_model(version_key, kind, board, period, marking)
            return build.render(report, fmt, renderer())
        finally:
            cur.close()

    return _build


def table_frame(table: Table) -> pl.DataFrame:
    """A report table as the reader sees it (formatted text, same words as the documents)."""
    names = [c.name for c in table.columns]
    rows = [[cell_text(v, c.kind) for v, c in zip(row, table.columns)] for row in table.rows]
    return pl.DataFrame(rows, schema=names, orient="row") if rows else pl.DataFrame(
        schema={n: pl.Utf8 for n in names})


def figure_frame(grid: FigureGrid) -> pl.DataFrame:
    return pl.DataFrame({"Figure": [f.label for f in grid.figures],
                         "This period": [cell_text(f.value) for f in grid.figures],
                         grid.previous_label: [cell_text(f.previous) for f in grid.figures],
                         "Change": [f.change or "–" for f in grid.figures]})


def choose_period(kind: str, default_quarter: Quarter) -> str:
    if kind == "quarterly":
        codes = [str(q) for q in default_quarter.next().quarters_back(12)][::-1]
        codes = [c for c in codes if Quarter.parse(c).end < today()] or [str(default_quarter)]
        index = codes.index(str(default_quarter)) if str(default_quarter) in codes else 0
        return st.selectbox("Quarter", codes, index=index, key="report_quarter",
                            format_func=lambda c: Quarter.parse(c).long_label)
    year_kind = st.radio("Year", ["Financial year (April–March)", "Calendar year"], horizontal=True,
                         key="report_year_kind")
    if year_kind.startswith("Financial"):
        last = FinancialYear.last_complete(today())
        years = [last.next().next(), last.next(), last, last.previous(), last.previous().previous()]
        years = [y for y in years if y.start <= today()]
        pick = st.selectbox("Financial year", years, index=years.index(last), key="report_fy",
                            format_func=lambda y: y.long_label)
    else:
        last = Year.last_complete(today())
        years = [Year(last.year + 1), last, last.previous(), last.previous().previous()]
        pick = st.selectbox("Calendar year", years, index=1, key="report_cy",
                            format_func=lambda y: y.long_label)
    return str(pick)


def preview(report: Report) -> None:
    st.subheader(f"{report.title}")
    st.caption(f"{report.board} · {report.period_label} · figures as at "
               f"{cell_text(report.as_of)} · {report.marking}")
    for section in report.sections:
        grids = [b for b in section.blocks if isinstance(b, FigureGrid)]
        if grids:
            st.markdown(f"#### {section.title}")
            for grid in grids:
                st.dataframe(figure_frame(grid), hide_index=True, width="stretch")
    for section in report.sections:
        tables = [b for b in section.blocks if isinstance(b, Table)]
        if not tables:
            continue
        with st.expander(section.title, expanded=section.key == "exceptions"):
            for t in tables:
                if t.caption:
                    st.caption(t.caption)
                if t.rows:
                    st.dataframe(table_frame(t), hide_index=True, width="stretch")
                else:
                    st.write(t.empty_text)


def downloads(report: Report, kind: str, board: str, period: str, marking: str, version_key: str,
              can_export: bool) -> None:
    st.markdown("#### Download")
    if not can_export:
        st.info("Downloads of the committee papers are made by the business unit.")
        return
    formats = build.QUARTERLY_FORMATS if kind == "quarterly" else build.ANNUAL_FORMATS
    cols = st.columns(len(formats))
    for col, fmt in zip(cols, formats):
        col.download_button(FORMAT_LABELS[fmt], data=make_file(kind, board, period, marking, fmt,
                                                               version_key),
                            file_name=build.file_name(report, fmt), mime=build.MIME[fmt],
                            key=f"dl-{fmt}", on_click="ignore", icon=":material/download:")
    st.caption("Each file is built when you press its button (a paper with charts takes a few "
               "seconds). If charts cannot be drawn on this server, the documents still "
               "download with a note where each chart would be.")


def body() -> None:
    viewer, f, _scope = ui.context()
    st.title("Reports")
    st.write("The quarterly Performance Committee paper and the annual report section, built "
             "from the same figures as every page of this dashboard.")
    if not f.boards:
        st.info("Choose a board in the sidebar to build a report.")
        return
    c1, c2, c3 = st.columns([1, 1, 1])
    with c1:
        board = st.selectbox("Board", list(f.boards), key="report_board")
        kind = st.radio("Report", ["quarterly", "annual"], key="report_kind", horizontal=True,
                        format_func=lambda k: "Quarterly committee paper" if k == "quarterly"
                        else "Annual report section")
    with c2:
        period = choose_period(kind, f.quarter)
    with c3:
        marking = st.text_input("Protective marking", build.DEFAULT_MARKING, key="report_marking",
                                max_chars=60).strip() or build.DEFAULT_MARKING
    if viewer is not None:
        try:
            viewer.require_board(board)
        except AccessDenied:
            st.error("You may not see this board's figures.")
            return
    version_key = db.version()
    try:
        report = report_model(version_key, kind, board, period, marking)
    except build.ReportUsageError as exc:
        st.warning(str(exc))
        return
    downloads(report, kind, board, period, marking, version_key,
              getattr(viewer, "can_export", True))
    preview(report)


ui.run(body, "the Reports page")
