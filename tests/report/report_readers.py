"""Read the written documents back the way a person would meet them: the Word file's
headings and tables in order, the PDF's text, the workbook's sheets."""
from __future__ import annotations

import subprocess
from pathlib import Path

from docx import Document
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from pypdf import PdfReader


def docx_blocks(path: Path) -> list[tuple]:
    """('heading', level, text) | ('para', style, text) | ('table', rows) in body order."""
    doc = Document(str(path))
    out: list[tuple] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = DocxParagraph(child, doc)
            style = p.style.name if p.style is not None else ""
            if style.startswith("Heading"):
                out.append(("heading", int(style.split()[-1]), p.text))
            elif p.text.strip():
                out.append(("para", style, p.text))
        elif tag == "tbl":
            t = DocxTable(child, doc)
            out.append(("table", [[c.text for c in row.cells] for row in t.rows]))
    return out


def docx_section(blocks: list[tuple], title: str) -> list[tuple]:
    """Blocks under the level-1 heading `title`, up to the next level-1 heading."""
    start = next(i for i, b in enumerate(blocks) if b[0] == "heading" and b[1] == 1 and b[2] == title)
    end = next((i for i, b in enumerate(blocks[start + 1:], start + 1)
                if b[0] == "heading" and b[1] == 1), len(blocks))
    return blocks[start + 1:end]


def first_column(tables: list[list[list[str]]]) -> list[str]:
    return [row[0] for t in tables for row in t[1:]]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def pdf_pages_to_png(pdf: Path, out_dir: Path, prefix: str, dpi: int = 60) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out_dir / prefix)], check=True)
    return sorted(out_dir.glob(f"{prefix}-*.png"))
