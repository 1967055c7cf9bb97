"""Plain-text releases (PDF-extracted text, newswire text): lines split into tab-separated cells.

Cleaning is limited to markup residue that never changes a figure: LaTeX-escaped dollars (``\\$``),
``${\\bf ...}$`` and ``**bold**`` wrappers. Each cell keeps the column span of its raw text.
"""
from __future__ import annotations

import re

from ..model import Cell, Document, Line, Span

_LATEX_BOLD = re.compile(r"\$\{\\bf\s*(.*?)\}\$")
_MD_BOLD = re.compile(r"\*\*(.*?)\*\*")


def clean_cell_text(text: str) -> str:
    text = _LATEX_BOLD.sub(r"\1", text)
    text = _MD_BOLD.sub(r"\1", text)
    text = text.replace("\\$", "$").replace("\\%", "%").replace("\\&", "&")
    text = text.replace("\u00a0", " ")
    return text.strip()


def split_cells(line_text: str, line_no: int, file: str) -> tuple[Cell, ...]:
    cells = []
    start = 0
    for part in line_text.split("\t"):
        end = start + len(part)
        cells.append(Cell(clean_cell_text(part), Span(file, line_no, start, end)))
        start = end + 1
    return tuple(cells)


def read_text(text: str, file: str) -> Document:
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        raw = raw.rstrip("\r")
        cells = split_cells(raw, number, file)
        shown = " ".join(c.text for c in cells if c.text)
        lines.append(Line(number, shown, cells))
    return Document(file, "text", tuple(lines))
