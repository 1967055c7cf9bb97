"""ingest: a release file (text, HTML, Markdown, PDF) -> ``Document`` (lines of cells with source spans).

``read_document`` picks the reader by the file's content, the extension breaking ties:

- ``%PDF-`` at the start: ``pdf`` (pdfplumber's text layer);
- Markdown (a converter's output: Docling, MarkItDown, marker): a ``.md`` whose body holds GFM pipe
  tables or HTML ``<table>`` blocks, or any file with pipe tables under Markdown headings: ``markdown``
  (a ``.md`` with neither, such as a newswire copy saved as ``.md``, goes on below);
- HTML or XHTML markup (``<html``, ``<body``, ``<table>`` rows, ``<p>``, ``<div>``): ``html``;
- tab-separated cells (PDF-extracted text such as the reference release): ``text``;
- a newswire copy (``.md``, or table cells one per line, or whole tables collapsed on one line):
  ``newswire``;
- anything else (old EDGAR text with ``<S>``/``<C>`` markers, space-aligned columns, plain prose):
  ``edgar_text``.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..model import Document, Finding, Severity, Span
from .errors import IngestError
from .text import read_text

MAX_INPUT_BYTES = 20 * 1024 * 1024
MAX_CELLS_PER_ROW = 1000  # a statement row has a few dozen cells; more is not a table anyone reads

HTML_MARKUP = re.compile(r"<(?:!doctype\s+html|html|body|tr|td|th|p|div|font|br|span|h[1-6])\b", re.IGNORECASE)
XHTML = re.compile(r"<\?xml[^>]*\?>\s*(?:<!--.*?-->\s*)*(?:<!DOCTYPE\s+html|<html)", re.IGNORECASE | re.DOTALL)
EDGAR_MARKERS = re.compile(r"^[ \t]*<(?:S|C|PAGE|CAPTION)>", re.IGNORECASE | re.MULTILINE)
MD_DELIMITER_ROW = re.compile(r"^[ \t]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$", re.MULTILINE)
MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S", re.MULTILINE)
MD_HTML_TABLE = re.compile(r"^[ \t]{0,3}<table\b", re.IGNORECASE | re.MULTILINE)
HTML_DOCUMENT = re.compile(r"<(?:!doctype\s+html|html|body)\b", re.IGNORECASE)
LONE_VALUE = re.compile(r"^[ \t\u00a0]*(?:\$|\)|%)[ \t\u00a0]*$", re.MULTILINE)


def decode(data: bytes, name: str) -> str:
    return decode_noting(data, name)[0]


MAX_NOTED_LINES = 20


def decode_noting(data: bytes, name: str) -> tuple[str, list[Finding]]:
    """The release's text, and notes on what could not be decoded as printed.

    UTF-8 (BOM or not) when it all is. A file with no UTF-8 sequence at all and bytes that are not
    UTF-8 is a legacy file: windows-1252 throughout (noted). Otherwise each line is decoded on its own:
    UTF-8 lines as UTF-8, and in a line that is not, each invalid byte becomes U+FFFD (a number holding
    one is refused), noted with its line and column. One bad byte never changes how the rest is read."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise IngestError(f"{name}: starts like UTF-16 text but is not; re-save the release as UTF-8") from None
    if b"\x00" in data[:65536]:
        raise IngestError(f"{name}: looks like a binary file (NUL bytes), not a release; give a .txt, .htm or .pdf release")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    if not UTF8_SEQUENCE.search(data):
        text = data.decode("cp1252", errors="replace")
        return text, [Finding("ingest.encoding", Severity.INFO, f"{name}: not UTF-8 and holds no UTF-8 sequence; read as "
                                                         f"windows-1252 throughout", None)]
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    out: list[str] = []
    notes: list[Finding] = []
    bad_lines = 0
    for number, raw in enumerate(body.split(b"\n"), 1):
        try:
            out.append(raw.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        bad_lines += 1
        pieces, column, position = [], 0, 0
        while True:
            try:
                pieces.append(raw[position:].decode("utf-8"))
                break
            except UnicodeDecodeError as exc:
                good = raw[position:position + exc.start].decode("utf-8")
                pieces.append(good + "\ufffd")
                column += len(good)
                if bad_lines <= MAX_NOTED_LINES:
                    byte = raw[position + exc.start]
                    notes.append(Finding(
                        "ingest.encoding", Severity.WARNING,
                        f"byte 0x{byte:02x} at line {number}, column {column + 1} is not UTF-8: replaced by U+FFFD "
                        f"(a number holding it is not tagged)", Span(name, number, column, column + 1),
                        f"0x{byte:02x}"))
                column += 1
                position += exc.end
        out.append("".join(pieces))
    if bad_lines > MAX_NOTED_LINES:
        notes.append(Finding("ingest.encoding", Severity.WARNING, f"{bad_lines - MAX_NOTED_LINES} more lines hold bytes that "
                                                           f"are not UTF-8 (replaced by U+FFFD)", None))
    return "\n".join(out), notes


# a multi-byte UTF-8 sequence: evidence that the file is UTF-8 where it is valid
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def is_markdown(text: str, suffix: str) -> bool:
    """Markdown with tables: pipe tables (a delimiter row) or, in a ``.md``, HTML ``<table>`` blocks;
    a whole HTML document or an EDGAR text (``<S>``/``<C>`` columns) is not."""
    head = text[:200_000]
    if XHTML.match(head.lstrip()) or HTML_DOCUMENT.search(head) or EDGAR_MARKERS.search(head):
        return False
    pipe_tables = len(MD_DELIMITER_ROW.findall(head))
    if suffix in (".md", ".markdown"):
        return pipe_tables >= 1 or bool(MD_HTML_TABLE.search(head))
    return pipe_tables >= 1 and bool(MD_HEADING.search(head))


def sniff(data: bytes, text: str | None, suffix: str) -> str:
    """The reader for a release: ``pdf``, ``markdown``, ``html``, ``text``, ``newswire`` or ``edgar_text``."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    assert text is not None
    head = text[:200_000]
    if is_markdown(text, suffix):
        return "markdown"
    markup = len(HTML_MARKUP.findall(head))
    lines = [ln for ln in text.splitlines() if ln.strip()]
    tabbed = sum(1 for ln in lines if "\t" in ln.strip("\t"))
    many_tabs = tabbed >= 5 and tabbed >= 0.02 * len(lines)
    if XHTML.match(head.lstrip()) or (markup >= 3 and not (many_tabs and suffix not in (".htm", ".html", ".xhtml"))) \
            or (suffix in (".htm", ".html", ".xhtml") and markup >= 1):
        if not (EDGAR_MARKERS.search(head) and markup < 3):
            return "html"
    if tabbed >= 5 and tabbed >= 0.02 * len(lines):
        return "text"
    if suffix in (".md", ".markdown"):
        return "newswire"
    from .newswire import is_collapsed_table

    if len(LONE_VALUE.findall(head)) >= 3 or sum(1 for ln in lines[:5000] if is_collapsed_table(ln)) >= 2:
        return "newswire"
    return "edgar_text"


def read_document(path: Path) -> Document:
    """Read a release; raise ``IngestError`` with a one-line reason when it cannot be read."""
    document = _read_document(path)
    for line in document.lines:
        if len(line.cells) > MAX_CELLS_PER_ROW:
            span = line.cells[0].span
            raise IngestError(f"{document.path}:{span.line}: a row of {len(line.cells):,} cells is over the "
                              f"{MAX_CELLS_PER_ROW}-cell limit of a statement row; give the release without it")
    return document


def _read_document(path: Path) -> Document:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"{name}: cannot read the release ({exc.strerror or exc}); check the path") from None
    if not path.is_file():
        raise IngestError(f"{name}: not a file; give the path of a release (.txt, .htm, .pdf)")
    if size == 0:
        raise IngestError(f"{name}: the file is empty; nothing to convert")
    if size > MAX_INPUT_BYTES:
        raise IngestError(f"{name}: {size} bytes is over the {MAX_INPUT_BYTES}-byte input limit")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if data[:1024].lstrip().startswith(b"%PDF-"):
        from .pdf import read_pdf

        return read_pdf(data, name)
    if suffix == ".pdf":
        raise IngestError(f"{name}: named .pdf but is not a PDF (no %PDF- header); give the release as .pdf, .htm or .txt")
    text, notes = decode_noting(data, name)
    if not text.strip():
        raise IngestError(f"{name}: the file holds only whitespace; nothing to convert")
    document = _read_text_kind(data, text, name, suffix)
    return dataclasses.replace(document, notes=document.notes + tuple(notes)) if notes else document


def _read_text_kind(data: bytes, text: str, name: str, suffix: str) -> Document:
    kind = sniff(data, text, suffix)
    if kind == "markdown":
        from .markdown import read_markdown

        return read_markdown(text, name)
    if kind == "html":
        from .html import read_html

        return read_html(text, name)
    if kind == "newswire":
        from .newswire import read_newswire

        return read_newswire(text, name)
    if kind == "edgar_text":
        from .edgar_text import read_edgar_text

        return read_edgar_text(text, name)
    return read_text(text, name)
