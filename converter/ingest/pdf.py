"""PDF releases, through their text layer (pdfplumber): words -> lines of cells.

Each page's words are grouped into lines by their vertical position, and each line is drawn on
a character grid (one grid column per ``unit`` points, about half a character): words closer than
a column gap are separated by one space, words across a column gap by at least two, text is
placed by its left edge and numbers by their right edge so that a column of figures stays
right-aligned. A vertical gap clearly wider than the page's line pitch is a blank line. Those
grid lines are then read like space-aligned text (``edgar_text``): paragraphs joined, label
cells and number cells split at the gaps, numbers put into columns by their right edges.
Running heads and feet that repeat on every page (a browser's print header) are dropped.

Only characters a reader sees are read: not those under one point in size, outside the page's box
(clipped away), or filled white where no filled shape of another colour lies under them (white on
the white page). pdfminer does not report clipping paths inside the page, nor which text a scanned
page's image shows, so an OCR layer (render mode 3) is read as the text the image shows.
A release of more than ``MAX_PAGES`` pages is refused (an earnings release has a few dozen).

Spans: ``path`` is ``page N``; ``line`` counts the grid lines from the start of the document and
the columns are grid columns (unique per cell, stable for a given file).
"""
from __future__ import annotations

import io
import re
import statistics

from ..model import Document
from .edgar_text import is_value_text, read_lines, to_document
from .errors import IngestError

MAX_PAGES = 100
MIN_SIZE = 1.0  # points: smaller text cannot be read


def _white(color) -> bool:
    """A fill colour that is white, or as good as (gray, RGB or CMYK components as pdfminer gives them)."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color or not all(isinstance(c, (int, float)) for c in color):
        return False
    if len(color) == 4:
        return all(c <= 0.05 for c in color)
    return all(c >= 0.95 for c in color)


def _shown(page):
    """The page with only the characters a reader sees (see the module docstring)."""
    x0, top, x1, bottom = page.bbox
    shaded = [r for r in page.rects if r.get("fill") and not _white(r.get("non_stroking_color"))]

    def on_shade(ch) -> bool:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        return any(r["x0"] <= cx <= r["x1"] and r["top"] <= cy <= r["bottom"] for r in shaded)

    def keep(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        if (obj.get("size") or 0) < MIN_SIZE:
            return False
        if obj["x1"] <= x0 or obj["x0"] >= x1 or obj["bottom"] <= top or obj["top"] >= bottom:
            return False
        return not (_white(obj.get("non_stroking_color")) and not on_shade(obj))

    return page.filter(keep)


def _group_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        size = w.get("size") or (w["bottom"] - w["top"]) or 8.0
        if lines:
            last = lines[-1]
            top = statistics.median(x["top"] for x in last)
            if abs(w["top"] - top) <= max(2.0, 0.35 * size):
                last.append(w)
                continue
        lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    lines.sort(key=lambda ln: min(w["top"] for w in ln))
    return lines


def _draw(line: list[dict], unit: float, gap: float) -> str:
    """One line of words on the character grid."""
    out = ""
    prev_x1 = None
    for w in line:
        text = w["text"]
        if prev_x1 is None:
            col = max(0, round(w["x0"] / unit))
        else:
            space = w["x0"] - prev_x1
            if space <= gap:
                col = len(out) + 1  # within a phrase: one space
            else:
                anchor = round(w["x1"] / unit) - len(text) if is_value_text(text) or text in ("$", ")", "%") else round(w["x0"] / unit)
                col = max(anchor, len(out) + 2)
        out = out + " " * (col - len(out)) + text
        prev_x1 = w["x1"]
    return out


def _page_lines(page) -> list[tuple[float, str, float]]:
    """(top, drawn text, line height) for each line of a page."""
    words = _shown(page).extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, use_text_flow=False,
                               extra_attrs=["size"])
    if not words:
        return []
    widths = [(w["x1"] - w["x0"]) / len(w["text"]) for w in words if len(w["text"]) >= 3]
    char = statistics.median(widths) if widths else 4.5
    unit = max(1.0, 0.6 * char)
    grouped = _group_lines(words)
    gaps = []
    for line in grouped:
        for a, b in zip(line, line[1:]):
            gaps.append(b["x0"] - a["x1"])
    small = [g for g in gaps if 0 < g < 2 * char]
    space = statistics.median(small) if small else 0.5 * char
    gap = max(1.8 * space, 0.9 * char)
    out = []
    for line in grouped:
        top = min(w["top"] for w in line)
        height = max(w["bottom"] - w["top"] for w in line)
        out.append((top, _draw(line, unit, gap), height))
    return out


def _running_heads(pages: list[list[tuple[float, str, float]]], heights: list[float]) -> set[str]:
    """Lines near the top or bottom edge that repeat (digits aside) on several pages."""
    if len(pages) < 2:
        return set()
    seen: dict[str, int] = {}
    for lines, height in zip(pages, heights):
        keys = set()
        for top, text, _h in lines:
            if top < 0.08 * height or top > 0.92 * height:
                keys.add(_head_key(text))
        for key in keys:
            seen[key] = seen.get(key, 0) + 1
    return {k for k, n in seen.items() if n >= max(2, len(pages) // 2)}


def _strip_margin(lines: list[tuple[float, str, float]]) -> list[tuple[float, str, float]]:
    """Grid lines shifted left by the page's margin (the smallest indentation)."""
    indents = [len(t) - len(t.lstrip()) for _top, t, _h in lines if t.strip()]
    margin = min(indents) if indents else 0
    return [(top, t[margin:], h) for top, t, h in lines]


def _head_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip()))


def read_pdf(data: bytes, file: str) -> Document:
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:  # pragma: no cover - the dependency is declared
        raise IngestError(f"{file}: reading a PDF needs pdfplumber (pip install pdfplumber)") from None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        raise IngestError(f"{file}: not a readable PDF ({type(exc).__name__}); give the release as .pdf, .htm or .txt") from None
    except Exception as exc:  # pdfminer raises a variety of its own errors on damaged files
        raise IngestError(f"{file}: not a readable PDF ({type(exc).__name__}: {exc}); give another copy of the release") from None
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise IngestError(f"{file}: {len(pdf.pages)} pages is over the {MAX_PAGES}-page limit of an earnings "
                              f"release; give the exhibit itself (its statements and text)")
        try:
            pages = [_page_lines(p) for p in pdf.pages]
        except Exception as exc:
            raise IngestError(f"{file}: cannot read the PDF's text ({type(exc).__name__}: {exc})") from None
        heights = [float(p.height) for p in pdf.pages]
    heads = _running_heads(pages, heights)
    pages = [_strip_margin(lines) for lines in pages]
    logical = []
    grid_line = 0
    for number, lines in enumerate(pages, 1):
        kept = [(top, text, h) for top, text, h in lines if _head_key(text) not in heads]
        pitches = [b[0] - a[0] for a, b in zip(kept, kept[1:]) if b[0] > a[0]]
        pitch = statistics.median(pitches) if pitches else 12.0
        raw: list[str] = []
        prev_top = None
        for top, text, _h in kept:
            if prev_top is not None and top - prev_top > 1.6 * pitch:
                raw.append("")
            raw.append(text)
            prev_top = top
        logical.extend(read_lines(raw, file, first_line=grid_line + 1, path=f"page {number}"))
        logical.append([])
        grid_line += len(raw)
    if not any(cells for cells in logical):
        raise IngestError(f"{file}: the PDF has no text layer (a scanned image?); OCR it first or give the .htm release")
    return to_document(logical, file, "pdf")
