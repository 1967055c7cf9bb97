"""Plain-text releases (PDF-extracted text, newswire text): lines split into tab-separated cells.

Cleaning is limited to markup residue that never changes a figure: LaTeX-escaped dollars (``\\$``),
``${\\bf ...}$`` and ``**bold**`` wrappers. Residue is replaced by spaces, so that a column in the
cleaned text is the same column in the source: every span points at the raw line.
"""
from __future__ import annotations

import re

from ..model import Cell, Document, Line, Span

_LATEX_BOLD = re.compile(r"(\$\{\\bf\s*)(.*?)(\}\$)")
_MD_BOLD = re.compile(r"(\*\*)(.*?)(\*\*)")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
LINE_END = re.compile(r"\r\n|\r|\n")


def _blank(match: re.Match) -> str:
    return " " * len(match.group(1)) + match.group(2) + " " * len(match.group(3))


def clean_same_length(text: str) -> str:
    """The text with markup residue turned into spaces; same length, same columns."""
    text = _LATEX_BOLD.sub(_blank, text)
    text = _MD_BOLD.sub(_blank, text)
    text = text.replace("\\$", " $").replace("\\%", " %").replace("\\&", " &")
    text = CONTROL.sub("\ufffd", text)  # characters XML cannot hold: U+FFFD each (columns stay put; a number holding one is refused)
    return text.replace("\u00a0", " ").replace("\t", " ")


def split_cells(raw: str, line_no: int, file: str) -> tuple[Cell, ...]:
    cleaned = clean_same_length(raw)
    cells = []
    start = 0
    for part in raw.split("\t"):
        end = start + len(part)
        piece = cleaned[start:end]
        stripped = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        s = start + lead if stripped else start
        cells.append(Cell(stripped, Span(file, line_no, s, s + len(stripped) if stripped else end)))
        start = end + 1
    return tuple(cells)


def read_text(text: str, file: str) -> Document:
    lines = []
    raws = LINE_END.split(text)
    if raws and raws[-1] == "":
        raws.pop()
    for number, raw in enumerate(raws, 1):  # only \n, \r\n and \r end a line (not form feeds, U+2028, ...)
        cells = split_cells(raw, number, file)
        lines.append(Line(number, clean_same_length(raw).rstrip(), cells))
    return Document(file, "text", tuple(lines))
