"""The report as a Word document the committee clerk can restyle.

Only built-in styles are used (Title, Heading 1–3, Caption, a table style), never
direct formatting of whole blocks, so changing the house style in Word restyles the
whole paper. The protective marking is in every page's header and footer.
"""
from __future__ import annotations

import io
from typing import Iterable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from dashboard.report.fmt import cell_text, is_numeric, long_date
from dashboard.report.images import ChartRenderer
from dashboard.report.model import Chart, FigureGrid, Heading, Paragraph, Report, Section, Table

TABLE_STYLE = "Light Grid Accent 1"
RAG_FILL = {"Red": "F4CCCC", "Amber": "FCE5CD", "Green": "D9EAD3", "Blue": "CFE2F3"}
CHART_WIDTH = Cm(16)
TEXT_WIDTH_CM = 17.0


def write_docx(report: Report, renderer: ChartRenderer) -> bytes:
    """The .docx bytes of `report`; charts drawn as PNG through `renderer`."""
    doc = Document()
    _page_setup(doc, report)
    _cover(doc, report)
    for section in report.sections:
        _section(doc, section, renderer)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _page_setup(doc: Document, report: Report) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(2))
    sec.top_margin = sec.bottom_margin = Cm(2)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.core_properties.title = f"{report.title} – {report.board} – {report.period_label}"
    doc.core_properties.subject = report.marking
    doc.core_properties.author = f"{report.board} business unit"
    for part in (sec.header, sec.footer):
        p = part.paragraphs[0]
        p.text = report.marking
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for run in p.runs:
            run.bold = True


def _cover(doc: Document, report: Report) -> None:
    doc.add_paragraph(report.marking).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(report.title, style="Title")
    doc.add_paragraph(report.board, style="Subtitle")
    doc.add_paragraph(report.period_label, style="Subtitle")
    meta = doc.add_table(rows=0, cols=2)
    meta.style = "Table Grid"
    for label, value in (("Board", report.board), ("Period", report.period_label),
                         ("Figures as of", long_date(report.as_of)),
                         ("Date produced", long_date(report.produced)),
                         ("Protective marking", report.marking)):
        row = meta.add_row().cells
        row[0].text, row[1].text = label, value
        row[0].paragraphs[0].runs[0].bold = True
    for warning in report.warnings:
        _note(doc, warning, warning=True)
    doc.add_page_break()


def _section(doc: Document, section: Section, renderer: ChartRenderer) -> None:
    doc.add_heading(section.title, level=1)
    small: list[Chart] = []
    for block in section.blocks:
        if isinstance(block, Chart) and block.small:
            small.append(block)
            continue
        if small:
            _small_charts(doc, small, renderer)
            small = []
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(block.level, 3))
        elif isinstance(block, Paragraph):
            if block.style == "body":
                doc.add_paragraph(block.text)
            else:
                _note(doc, block.text, warning=block.style == "warning")
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, FigureGrid):
            _figures(doc, block)
        elif isinstance(block, Chart):
            _chart(doc, block, renderer)
    if small:
        _small_charts(doc, small, renderer)


def _note(doc: Document, text: str, warning: bool = False) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.italic = True
    if warning:
        run.font.color.rgb = RGBColor(0x9C, 0x00, 0x06)


def _repeat_header(row) -> None:
    """Mark the first row as a header row so Word repeats it on each page."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _shade(cell, hex_fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tc_pr.append(shd)


def _grid(doc: Document, header: list[str], rows: Iterable[list[str]], numeric: list[bool],
          rag: list[bool] | None = None, widths: list[float | None] | None = None):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = TABLE_STYLE
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, values)):
            cell.text = text
            if numeric[i]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if rag and rag[i] and text in RAG_FILL:
                _shade(cell, RAG_FILL[text])
    cm = _column_widths(widths or [None] * len(header))
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = cm[i]  # Word lays columns out from the cells' widths
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(8.5)
    return table


def _column_widths(hints: list[float | None]) -> list:
    """The text width (17 cm) shared out by the columns' relative width hints."""
    weights = [h or 1.0 for h in hints]
    return [Cm(TEXT_WIDTH_CM * w / sum(weights)) for w in weights]


def _table(doc: Document, table: Table) -> None:
    if table.caption:
        doc.add_paragraph(table.caption, style="Caption")
    if not table.rows:
        doc.add_paragraph(table.empty_text)
        return
    _grid(doc, [c.name for c in table.columns],
          ([cell_text(v, c.kind) for v, c in zip(row, table.columns)] for row in table.rows),
          [is_numeric(c.kind) for c in table.columns],
          [c.kind == "rag" for c in table.columns], [c.width for c in table.columns])
    doc.add_paragraph()


def _figures(doc: Document, grid: FigureGrid) -> None:
    rows = [[f.label, cell_text(f.value), cell_text(f.previous), f.change or "–"]
            for f in grid.figures]
    _grid(doc, ["Figure", "This period", grid.previous_label, "Change"], rows,
          [False, True, True, True], widths=[3.2, 1, 1, 1])
    doc.add_paragraph()


def _chart(doc: Document, chart: Chart, renderer: ChartRenderer) -> None:
    png = renderer.render(chart.figure, "png", chart.width, chart.height, key=chart.key)
    if png is None:
        _note(doc, f"[Chart not drawn: {chart.alt}]")
        return
    doc.add_picture(io.BytesIO(png), width=min(CHART_WIDTH, Cm(16 * chart.width / 800)))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(chart.alt, style="Caption")


def _small_charts(doc: Document, charts: list[Chart], renderer: ChartRenderer) -> None:
    """Small charts two to a row, in a borderless layout table."""
    table = doc.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i in range(0, len(charts), 2):
        cells = table.add_row().cells
        for cell, chart in zip(cells, charts[i:i + 2]):
            png = renderer.render(chart.figure, "png", chart.width, chart.height, key=chart.key)
            p = cell.paragraphs[0]
            if png is None:
                run = p.add_run(f"[Chart not drawn: {chart.alt}]")
                run.italic = True
                continue
            p.add_run().add_picture(io.BytesIO(png), width=Cm(8.2))
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            cap = cell.add_paragraph(chart.alt, style="Caption")
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph()
