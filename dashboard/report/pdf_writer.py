"""The report as a printable PDF: HTML with inline SVG charts, printed by the same
Chromium that draws the charts, or laid out by WeasyPrint when there is no browser.

WHY two engines: Chromium prints a 12-page paper in well under a second (the 5-second
budget of issue 5), WeasyPrint needs seconds of Python for the same tables — but it
needs no browser, so the paper is still produced, with a note where each chart would
be, on a machine without Chromium. Both read the same HTML and CSS: the protective
marking and page numbers sit in every page's margin boxes (CSS paged media).
"""
from __future__ import annotations

import base64
import html

from dashboard.report.fmt import cell_text, is_numeric, long_date
from dashboard.report.images import ChartRenderer
from dashboard.report.model import Chart, FigureGrid, Heading, Paragraph, Report, Section, Table

PAGE_CSS = """
@page { size: A4; margin: 18mm 15mm 18mm 15mm;
  @top-center { content: "%(marking)s"; font: bold 8.5pt Arial, sans-serif; color: #222; }
  @bottom-center { content: "%(marking)s"; font: bold 8.5pt Arial, sans-serif; color: #222; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif; }
  @bottom-left { content: "%(board)s"; font: 8pt Arial, sans-serif; color: #444; } }
"""
CSS = """
body { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 9.5pt;
  color: #111; line-height: 1.35; }
.marking { text-align: right; font-weight: bold; }
.cover { break-after: page; }
.cover h1 { font-size: 24pt; margin: 40mm 0 6mm 0; color: #1f3864; }
.cover .sub { font-size: 15pt; margin: 0 0 3mm 0; color: #2f5496; }
.cover table { margin-top: 14mm; width: 70%; }
h2 { font-size: 15pt; color: #1f3864; border-bottom: 1.5px solid #1f3864; padding-bottom: 1mm;
  margin: 8mm 0 3mm 0; break-after: avoid; }
h3 { font-size: 11.5pt; color: #2f5496; margin: 5mm 0 2mm 0; break-after: avoid; }
p { margin: 0 0 2.5mm 0; }
p.note { font-style: italic; color: #444; }
p.warning { font-style: italic; color: #9c0006; }
p.chart-missing { border: 1px dashed #999; padding: 4mm; font-style: italic; color: #444; }
.caption { font-size: 8.5pt; color: #333; font-weight: bold; margin: 3mm 0 1mm 0; break-after: avoid; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0 0 4mm 0; font-size: 8pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { background: #1f3864; color: #fff; text-align: left; padding: 1.2mm 1.2mm; font-weight: bold;
  font-size: 7.5pt; vertical-align: bottom; }
td { border-bottom: 0.5px solid #bbb; padding: 1mm 1.2mm; vertical-align: top; overflow-wrap: break-word; }
td.num, th.num { text-align: right; }
td.rag-Red { background: #f4cccc; } td.rag-Amber { background: #fce5cd; }
td.rag-Green { background: #d9ead3; } td.rag-Blue { background: #cfe2f3; }
.cover td { border: 0.5px solid #999; font-size: 10pt; padding: 1.5mm 2mm; }
.cover td:first-child { font-weight: bold; width: 40%; }
figure { margin: 2mm 0 4mm 0; break-inside: avoid; text-align: center; }
figure img { max-width: 100%; }
figcaption { font-size: 8pt; color: #333; }
figure.small { display: inline-block; width: 49%; margin: 1mm 0 3mm 0; vertical-align: top; }
figure.small img { width: 100%; }
p.chart-missing.small { display: inline-block; width: 44%; margin-right: 2%; vertical-align: top; }
"""


CHART_FORMAT = "svg"  # "png" lays out faster in WeasyPrint; SVG prints sharper


def write_pdf(report: Report, renderer: ChartRenderer, chart_format: str = CHART_FORMAT,
              engine: str = "auto") -> bytes:
    """The PDF bytes of `report`; charts drawn as SVG (or PNG) through `renderer`.

    engine: "auto" (Chromium when it runs, else WeasyPrint), "chromium" or "weasyprint".
    """
    page = to_html(report, renderer, chart_format)
    if engine in ("auto", "chromium"):
        pdf = renderer.print_pdf(page)
        if pdf is not None:
            return pdf
    from weasyprint import HTML  # imported late: it is slow to import

    return HTML(string=page).write_pdf()


def _css_string(text: str) -> str:
    """A CSS string literal's inside: no quote, backslash, newline or '<' can escape it."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
            .replace("<", "\\3C "))


def to_html(report: Report, renderer: ChartRenderer, chart_format: str = CHART_FORMAT) -> str:
    e = html.escape
    parts = [f"<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
             f"<title>{e(report.title)} – {e(report.board)} – {e(report.period_label)}</title>"
             f"<style>{PAGE_CSS % {'marking': _css_string(report.marking), 'board': _css_string(report.board)}}"
             f"{CSS}</style></head><body>", _cover(report)]
    parts += [_section(s, renderer, chart_format) for s in report.sections]
    parts.append("</body></html>")
    return "".join(parts)


def _cover(report: Report) -> str:
    e = html.escape
    rows = "".join(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in (
        ("Board", report.board), ("Period", report.period_label),
        ("Figures as of", long_date(report.as_of)), ("Date produced", long_date(report.produced)),
        ("Protective marking", report.marking)))
    warnings = "".join(f"<p class='warning'>{e(w)}</p>" for w in report.warnings)
    return (f"<section class='cover'><p class='marking'>{e(report.marking)}</p>"
            f"<h1>{e(report.title)}</h1><p class='sub'>{e(report.board)}</p>"
            f"<p class='sub'>{e(report.period_label)}</p><table>{rows}</table>{warnings}</section>")


def _section(section: Section, renderer: ChartRenderer, chart_format: str) -> str:
    out = [f"<section id='{html.escape(section.key)}'><h2>{html.escape(section.title)}</h2>"]
    for block in section.blocks:
        if isinstance(block, Heading):
            out.append(f"<h3>{html.escape(block.text)}</h3>")
        elif isinstance(block, Paragraph):
            out.append(f"<p class='{block.style}'>{html.escape(block.text)}</p>")
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, FigureGrid):
            out.append(_figures(block))
        elif isinstance(block, Chart):
            out.append(_chart(block, renderer, chart_format))
    out.append("</section>")
    return "".join(out)


def _table(table: Table) -> str:
    e = html.escape
    caption = f"<p class='caption'>{e(table.caption)}</p>" if table.caption else ""
    if not table.rows:
        return f"{caption}<p>{e(table.empty_text)}</p>"
    widths = [c.width for c in table.columns]
    cols = ""
    if any(widths):
        total = sum(w or 1 for w in widths)
        cols = "<colgroup>" + "".join(f"<col style='width:{100 * (w or 1) / total:.1f}%'>"
                                      for w in widths) + "</colgroup>"
    head = "".join(f"<th class='{'num' if is_numeric(c.kind) else ''}'>{e(c.name)}</th>"
                   for c in table.columns)
    body = []
    for row in table.rows:
        cells = []
        for value, col in zip(row, table.columns):
            text = cell_text(value, col.kind)
            cls = "num" if is_numeric(col.kind) else (f"rag-{text}" if col.kind == "rag" else "")
            cells.append(f"<td class='{cls}'>{e(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"{caption}<table>{cols}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _figures(grid: FigureGrid) -> str:
    e = html.escape
    rows = "".join(f"<tr><td>{e(f.label)}</td><td class='num'>{e(cell_text(f.value))}</td>"
                   f"<td class='num'>{e(cell_text(f.previous))}</td>"
                   f"<td class='num'>{e(f.change or '–')}</td></tr>" for f in grid.figures)
    return (f"<table class='figures'><colgroup><col style='width:52%'><col style='width:16%'>"
            f"<col style='width:16%'><col style='width:16%'></colgroup>"
            f"<thead><tr><th>Figure</th><th class='num'>This period</th>"
            f"<th class='num'>{e(grid.previous_label)}</th><th class='num'>Change</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _chart(chart: Chart, renderer: ChartRenderer, fmt: str) -> str:
    e = html.escape
    data = renderer.render(chart.figure, fmt, chart.width, chart.height, key=chart.key)
    small = " small" if chart.small else ""
    if data is None:
        return f"<p class='chart-missing{small}'>[Chart not drawn: {e(chart.alt)}]</p>"
    mime = "image/svg+xml" if fmt == "svg" else "image/png"
    uri = f"data:{mime};base64," + base64.b64encode(data).decode("ascii")
    style = "" if chart.small else f" style='width:{min(175, 175 * chart.width / 800):.0f}mm'"
    return (f"<figure class='{small.strip()}'><img src='{uri}' alt='{e(chart.alt)}'{style}>"
            f"<figcaption>{e(chart.alt)}</figcaption></figure>")
