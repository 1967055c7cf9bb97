"""Helpers for tests of the ingest readers: a Document's rows by their label cell."""
from __future__ import annotations


def rows(doc, keep_empty: bool = False) -> dict[str, list[str]]:
    """{label: cells after the label} for lines with more than one cell (first line of each label).
    ``keep_empty`` keeps empty cells, whose positions are the columns of space-aligned text."""
    out: dict[str, list[str]] = {}
    for line in doc.lines:
        if len(line.cells) > 1 and line.cells[0].text:
            out.setdefault(line.cells[0].text, [c.text for c in line.cells[1:] if keep_empty or c.text])
    return out


def line_with(doc, label):
    return next(line for line in doc.lines if line.cells and line.cells[0].text == label)
