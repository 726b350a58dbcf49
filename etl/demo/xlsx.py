"""A minimal, fast, deterministic .xlsx writer for plain data sheets.

National demos are over a million rows; a general-purpose writer spends most of its time
per cell. Demo sheets need only strings, numbers and date cells, a bold frozen header
and column widths, so this writes the Office Open XML parts directly (inline strings,
one date style) — several times faster, and byte-identical for identical input because
every zip entry carries a fixed timestamp and the creation date is the as-of date.
"""
from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from typing import Iterable, Sequence

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
DATE_STYLE, HEAD_STYLE = 1, 2
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def _letters(n: int) -> list[str]:
    out = []
    for i in range(n):
        name, i = "", i + 1
        while i:
            i, rem = divmod(i - 1, 26)
            name = chr(65 + rem) + name
        out.append(name)
    return out


def _esc(text: str) -> str:
    if "&" in text or "<" in text or ">" in text or '"' in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text


class Sheet:
    """One sheet: header names, cell kinds ('s' text, 'n' number, 'd' date serial), widths."""

    def __init__(self, name: str, header: Sequence[str], kinds: Sequence[str], widths: Sequence[float],
                 rows: Iterable[Sequence[object]]):
        self.name, self.header, self.kinds, self.widths, self.rows = name, header, kinds, widths, rows

    def xml(self) -> str:
        cols = _letters(len(self.header))
        parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
                 f'xmlns:r="{REL}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                 f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>'
                 f'<sheetFormatPr defaultRowHeight="15"/><cols>']
        for j, (width, kind) in enumerate(zip(self.widths, self.kinds), start=1):
            style = f' style="{DATE_STYLE}"' if kind == "d" else ""
            parts.append(f'<col min="{j}" max="{j}" width="{width}"{style} customWidth="1"/>')
        parts.append('</cols><sheetData><row r="1">')
        parts.extend(f'<c r="{c}1" t="inlineStr" s="{HEAD_STYLE}"><is><t>{_esc(h)}</t></is></c>'
                     for c, h in zip(cols, self.header))
        parts.append("</row>")
        cells = list(zip(cols, self.kinds))
        append = parts.append
        for i, row in enumerate(self.rows, start=2):
            append(f'<row r="{i}">')
            for (c, kind), value in zip(cells, row):
                if value is None:
                    continue
                if kind == "s":
                    append(f'<c r="{c}{i}" t="inlineStr"><is><t>{_esc(value)}</t></is></c>')
                elif kind == "d":
                    append(f'<c r="{c}{i}" s="{DATE_STYLE}"><v>{value}</v></c>')
                else:
                    append(f'<c r="{c}{i}"><v>{value!r}</v></c>')
            append("</row>")
        parts.append("</sheetData></worksheet>")
        return "".join(parts)


def write_xlsx(path: Path, sheets: list[Sheet], created: datetime, title: str, comments: str) -> None:
    n = len(sheets)
    content_types = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        f'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        f'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/vnd.openxmlformats-'
                  f'officedocument.spreadsheetml.worksheet+xml"/>' for k in range(1, n + 1))
        + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/'
          'vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{PKG}/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/></Relationships>')
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f'<bookViews><workbookView/></bookViews><sheets>'
        + "".join(f'<sheet name="{_esc(s.name)}" sheetId="{k}" r:id="rId{k}"/>' for k, s in enumerate(sheets, 1))
        + "</sheets></workbook>")
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
        + "".join(f'<Relationship Id="rId{k}" Type="{REL}/worksheet" Target="worksheets/sheet{k}.xml"/>'
                  for k in range(1, n + 1))
        + f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/></Relationships>')
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.'
        'openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dc:title>{_esc(title)}</dc:title><dc:creator>Learning &amp; Impact demo generator</dc:creator>'
        f'<dc:description>{_esc(comments)}</dc:description>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats'
           '.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        def put(name: str, text: str) -> None:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"), compresslevel=1)
        put("[Content_Types].xml", content_types)
        put("_rels/.rels", root_rels)
        put("docProps/core.xml", core)
        put("docProps/app.xml", app)
        put("xl/workbook.xml", workbook)
        put("xl/_rels/workbook.xml.rels", workbook_rels)
        put("xl/styles.xml", STYLES)
        for k, sheet in enumerate(sheets, start=1):
            put(f"xl/worksheets/sheet{k}.xml", sheet.xml())
