"""Markdown releases (what Docling, MarkItDown, marker or a newswire export make of a release) -> ``Document``.

Parsed with markdown-it-py (CommonMark, with its GFM table rule) into block tokens; nothing is
rendered as HTML and nothing active is kept:

- headings and paragraphs become one-cell lines (one per source line of a paragraph), with emphasis
  markers gone, so a heading titles the table below it and an italic caption right under a heading
  (``*(In millions, except per share amounts)*``) is the table's scale caption;
- a pipe table becomes one line per row with one cell per column; ``<br/>`` in a header cell stacks
  the header ("Quarter Ended June 30,<br/>2024" over its neighbour's "2025" becomes a line
  "Quarter Ended June 30," over a line of years, as an HTML header of two rows reads), elsewhere it is
  a space; columns empty in every row are dropped; a row that only holds a label, followed by a row
  holding only numbers with an empty label cell, is one row whose label wrapped;
- a table continued under sub-headings (the same header row repeated after ``### Liabilities``)
  is read as one table: the sub-headings become its section headings and the repeated header is
  dropped; only headings of level 3 or deeper (and short lines) can sit between its parts, as a
  heading of level 1 or 2 starts another part of the release;
- an HTML block (a ``<table>`` inside the Markdown) is parsed by the HTML reader (no network, no
  entity expansion, scripts, styles, comments and attributes ignored), its lines shifted to the
  Markdown file's lines;
- inline HTML is dropped (the text of ``<script>``/``<style>`` and other skipped elements with it,
  footnote marks in ``<sup>`` too); links keep their text only; entities are read as the characters
  they name, never expanded as XML entities.

Every cell's span is its line and column in the Markdown file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model import Cell, Document, Line, Span
from .edgar_text import is_number_text, read_lines, tidy_number
from .errors import IngestError
from .html import FOOTNOTE_MARK, SKIP_TAGS, clean_text, read_html

MAX_TABLE_CELLS = 100_000  # a long release's pipe tables hold a few thousand
BREAK = "\n"  # a <br> or hard line break inside an inline run
INLINE_TAG = re.compile(r"^<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/)?\s*>$", re.DOTALL)
TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
YEAR_CELL = re.compile(r"^\s*(?:19|20)\d{2}\s*$")
PIPE_SPLIT = re.compile(r"(?<!\\)\|")
DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")


def _parser() -> MarkdownIt:
    # CommonMark with raw HTML recognised (as tokens we read, never as output), GFM tables on; every
    # link is parsed as a link, so that only its text is kept (no destination is ever read or written,
    # and a ``javascript:`` destination does not fall back to literal text)
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


# --------------------------------------------------------------------------- inline text


def inline_text(token: Token | None) -> str:
    """The plain text of an inline token: emphasis gone, links as their text, inline HTML dropped
    (with the content of skipped elements and footnote ``<sup>`` marks), ``<br>`` as ``BREAK``."""
    if token is None or not token.children:
        return token.content if token is not None and token.type == "text" else ""
    out: list[str] = []
    skip: list[str] = []  # open skipped elements (script, style, ...)
    sup: list[str] | None = None  # the text of an open <sup>
    for child in token.children:
        kind = child.type
        if kind == "html_inline":
            m = INLINE_TAG.match(child.content.strip())
            if not m:
                continue  # a comment, a processing instruction, a declaration
            closing, name, selfclose = bool(m.group(1)), m.group(2).lower(), bool(m.group(3))
            if name in SKIP_TAGS:
                if closing:
                    if name in skip:
                        del skip[len(skip) - 1 - skip[::-1].index(name)]
                elif not selfclose and name not in ("img", "input", "meta", "link", "source", "track", "param", "area"):
                    skip.append(name)
                continue
            if skip:
                continue
            if name == "br":
                out.append(BREAK)
            elif name == "sup":
                if closing and sup is not None:
                    text = "".join(sup)
                    out.append(" " if FOOTNOTE_MARK.match(text) else text)
                    sup = None
                elif not closing:
                    sup = []
            continue
        if skip:
            continue
        if kind in ("text", "code_inline"):
            piece = child.content
        elif kind == "softbreak":
            piece = " "
        elif kind == "hardbreak":
            piece = BREAK
        elif kind == "image":
            piece = ""  # alt text of an image is no release text
        else:
            continue  # strong/em/link open and close markers
        if sup is not None:
            sup.append(piece)
        else:
            out.append(piece)
    if sup:
        out.extend(sup)
    return "".join(out)


def _clean(text: str) -> str:
    return clean_text(text.replace(BREAK, " "))


# --------------------------------------------------------------------------- blocks


@dataclass
class _Table:
    """A pipe table: rows of (text, span) cells; ``header`` rows come first."""

    rows: list[list[tuple[str, Span]]]
    header: int  # how many of ``rows`` are header rows
    first: int  # source line (1-based) of its first row
    last: int


@dataclass
class _Reader:
    file: str
    source: list[str]
    # ("line" | "heading" (h1, h2) | "section" (h3-h6), cells) | ("blank", None) | ("table", _Table) | ("lines", [Line])
    blocks: list[tuple[str, object]] = field(default_factory=list)

    # ----- spans

    def span(self, line: int, text: str, start: int = 0, end: int | None = None) -> Span:
        """The span of ``text`` on source ``line`` (1-based), searched from column ``start``."""
        raw = self.source[line - 1] if 1 <= line <= len(self.source) else ""
        stop = len(raw) if end is None else end
        probe = text.strip()
        col = raw.find(probe, start, stop) if probe else -1
        if col < 0 and probe:
            first = probe.split()[0]
            col = raw.find(first, start, stop)
        if col < 0:
            col = start
            while col < stop and raw[col:col + 1] in (" ", "\t", "|", "#", ">", "*", "_"):
                col += 1
            return Span(self.file, line, col, stop)
        return Span(self.file, line, col, col + len(probe))

    def text_line(self, text: str, line: int) -> None:
        for part in text.split(BREAK):
            part = clean_text(part)
            if part:
                self.blocks.append(("line", [(part, self.span(line, part))]))

    def blank(self) -> None:
        self.blocks.append(("blank", None))

    # ----- paragraphs: one line per source line

    def paragraph(self, token: Token) -> None:
        first = (token.map[0] + 1) if token.map else 1
        pieces: list[list[Token]] = [[]]
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                pieces.append([])
            else:
                pieces[-1].append(child)
        for k, children in enumerate(pieces):
            holder = Token("inline", "", 0, children=children)
            self.text_line(inline_text(holder), first + k)

    # ----- pipe tables

    def pipe_table(self, tokens: list[Token], i: int) -> int:
        """Read the table opened at ``tokens[i]``; the index after its ``table_close``."""
        rows: list[list[tuple[str, Span]]] = []
        header = 0
        in_head = False
        j = i + 1
        current: list[tuple[str, Span]] | None = None
        row_line = 0
        segments: list[tuple[int, int]] = []
        while j < len(tokens) and tokens[j].type != "table_close":
            t = tokens[j]
            if t.type == "thead_open":
                in_head = True
            elif t.type == "thead_close":
                in_head = False
            elif t.type == "tr_open":
                row_line = (t.map[0] + 1) if t.map else 0
                segments = self._segments(row_line)
                current = []
            elif t.type == "tr_close" and current is not None:
                rows.append(current)
                if in_head:
                    header += 1
                current = None
            elif t.type == "inline" and current is not None:
                text = inline_text(t)
                k = len(current)
                start, end = segments[k] if k < len(segments) else (0, None)
                current.append((text, self._cell_span(row_line, text, start, end)))
            j += 1
        first = rows[0][0][1].line if rows and rows[0] else 0
        last = rows[-1][0][1].line if rows and rows[-1] else first
        self.blocks.append(("table", _Table(rows, header, first, last)))
        return j + 1

    def _cell_span(self, line: int, text: str, start: int, end: int | None) -> Span:
        parts = [clean_text(p) for p in text.split(BREAK)]
        probe = next((p for p in parts if p), "")
        return self.span(line, probe, start, end)

    def _segments(self, line: int) -> list[tuple[int, int]]:
        """Column ranges of a pipe-table row's cells in source ``line`` (code spans not considered)."""
        raw = self.source[line - 1] if 1 <= line <= len(self.source) else ""
        cuts = [m.start() for m in PIPE_SPLIT.finditer(raw)]
        bounds = [-1] + cuts + [len(raw)]
        segs = [(bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)]
        if segs and not raw[:segs[0][1]].strip():
            segs = segs[1:]  # a leading pipe
        if segs and not raw[segs[-1][0]:].strip():
            segs = segs[:-1]  # a trailing pipe
        return segs

    def loose_table(self, start: int, end: int) -> bool:
        """Source lines ``start..end`` (0-based, end excluded) read as a pipe table that GFM does not
        accept because its header row has more cells than its delimiter row (as converters write them):
        a delimiter row, and every other line a row of pipes. True when read."""
        raw = self.source[start:end]
        delim = next((k for k, ln in enumerate(raw) if DELIMITER_ROW.match(ln)), None)
        if delim is None or delim > 3 or len(raw) < delim + 2:
            return False
        if not all("|" in ln for ln in raw):
            return False
        parser = _parser()
        rows: list[list[tuple[str, Span]]] = []
        for k, ln in enumerate(raw):
            if k == delim:
                continue
            number = start + k + 1
            cells = []
            for a, b in self._segments(number):
                piece = ln[a:b].replace("\\|", "|")
                tokens = parser.parseInline(piece.strip())
                text = inline_text(tokens[0]) if tokens else ""
                cells.append((text, self._cell_span(number, text, a, b)))
            rows.append(cells)
        self.blocks.append(("table", _Table(rows, delim, start + 1, end)))
        return True

    # ----- HTML blocks

    def html_block(self, tokens: list[Token], i: int) -> int:
        """Parse the HTML block at ``tokens[i]`` (with the blocks after it while a ``<table>`` is open)
        with the HTML reader; the index of the next token to read."""
        t = tokens[i]
        if not t.map:
            return i + 1
        start, end = t.map
        depth = len(TABLE_OPEN.findall(t.content)) - len(TABLE_CLOSE.findall(t.content))
        j = i + 1
        while depth > 0 and t.level == 0 and j < len(tokens):
            nxt = tokens[j]
            if nxt.type in ("heading_open", "table_open", "hr"):
                break  # Markdown of its own: the <table> was never closed
            if nxt.map and nxt.level == 0:
                chunk = "\n".join(self.source[nxt.map[0]:nxt.map[1]])
                depth += len(TABLE_OPEN.findall(chunk)) - len(TABLE_CLOSE.findall(chunk))
                end = max(end, nxt.map[1])
                # skip this block and its inner tokens
                level_close = j + 1
                if nxt.nesting == 1:
                    depth_tok = 1
                    while level_close < len(tokens) and depth_tok:
                        depth_tok += tokens[level_close].nesting
                        level_close += 1
                j = level_close
            else:
                j += 1
        # at the top level, the source lines (blank lines inside a <table> included); inside a list or a
        # quote, the block's own content (its prefix removed; columns are found again below)
        fragment = self.source[start:end] if t.level == 0 else t.content.split("\n")
        if not "".join(fragment).strip():
            return j
        try:
            doc = read_html("\n".join(fragment), self.file)
        except IngestError:
            return j  # lxml finds no document in it (only a script, a comment, a declaration): no text
        shifted: list[Line] = []
        for line in doc.lines:
            cells = []
            for cell in line.cells:
                s = cell.span
                number = s.line + start if s.line else 0
                col_start, col_end = s.col_start, s.col_end
                if number and s.line <= len(fragment):
                    # a block inside a list or quote lost its prefix: find the fragment's line in the source line
                    offset = self.source[number - 1].find(fragment[s.line - 1]) if fragment[s.line - 1] else 0
                    if offset > 0:
                        col_start, col_end = col_start + offset, col_end + offset
                cells.append(Cell(cell.text, Span(self.file, number, col_start, col_end, s.path)))
            shifted.append(Line(0, line.text, tuple(cells)))
        self.blocks.append(("lines", shifted))
        return j

    # ----- code blocks: space-aligned text, as the text reader reads it

    def code(self, token: Token) -> None:
        if not token.map:
            return
        first = token.map[0] + 1
        raw = self.source[token.map[0]:token.map[1]]
        if token.type == "fence":
            raw, first = raw[1:-1] if len(raw) >= 2 else [], first + 1
        self.blank()
        for cells in read_lines(raw, self.file, first_line=first):
            if cells and any(t for t, _s in cells):
                self.blocks.append(("line", cells))
            else:
                self.blank()
        self.blank()

    # ----- the walk

    def read(self, text: str) -> None:
        tokens = _parser().parse(text)
        i = 0
        while i < len(tokens):
            t = tokens[i]
            kind = t.type
            if kind == "heading_open":
                inline = tokens[i + 1] if i + 1 < len(tokens) else None
                line = (t.map[0] + 1) if t.map else 1
                before = len(self.blocks)
                self.text_line(inline_text(inline), line)
                # a heading of level 1 or 2 opens a new part of the release; deeper ones are sections
                kind = "section" if t.tag not in ("h1", "h2") else "heading"
                self.blocks[before:] = [(kind, cells) for _kind, cells in self.blocks[before:]]
                i += 3
            elif kind == "paragraph_open":
                inline = tokens[i + 1] if i + 1 < len(tokens) else None
                if t.map and self.loose_table(t.map[0], t.map[1]):
                    pass
                elif inline is not None and inline.type == "inline":
                    self.paragraph(inline)
                i += 3
            elif kind == "table_open":
                i = self.pipe_table(tokens, i)
            elif kind == "html_block":
                i = self.html_block(tokens, i)
            elif kind in ("fence", "code_block"):
                self.code(t)
                i += 1
            elif kind == "hr":
                self.blank()
                i += 1
            else:
                i += 1


# --------------------------------------------------------------------------- tables to lines


def _has_value(text: str) -> bool:
    t = text.strip()
    return is_number_text(t) and not YEAR_CELL.match(t)


def _part_spans(parts: list[str], span: Span, source: list[str]) -> list[Span]:
    """Spans of the parts of a cell split at ``<br>``, each where it is printed (after the one before)."""
    raw = source[span.line - 1] if 1 <= span.line <= len(source) else ""
    out, at = [], span.col_start
    for part in parts:
        col = raw.find(part, at) if part else -1
        if col < 0:
            out.append(span)
            continue
        out.append(Span(span.file, span.line, col, col + len(part), span.path))
        at = col + len(part)
    return out


def _table_lines(table: _Table, file: str, source: list[str], *, skip_header: bool) -> list[list[tuple[str, Span]]]:
    """A pipe table as lines of cells: header cells split at ``<br>`` into stacked lines, number cells
    tidied, columns empty everywhere dropped, a wrapped label joined to the numbers below it."""
    width = max((len(r) for r in table.rows), default=0)
    rows = [r + [("", Span(file, r[0][1].line if r else 0, 0, 0))] * (width - len(r)) for r in table.rows]
    first_value = next((k for k, r in enumerate(rows) if any(_has_value(t) for t, _s in r)), len(rows))
    out: list[list[tuple[str, Span]]] = []
    for k, row in enumerate(rows):
        if skip_header and k < table.header:
            continue
        if k < first_value and any(BREAK in t for t, _s in row):
            # a header row with stacked text: one line per level, the last parts on the last line
            parts = [[clean_text(p) for p in t.split(BREAK)] for t, _s in row]
            spans = [_part_spans(p, s, source) for p, (_t, s) in zip(parts, row)]
            depth = max(len(p) for p in parts)
            for level in range(depth):
                line = []
                for (_t, s), p, ps in zip(row, parts, spans):
                    pad = depth - len(p)
                    line.append((p[level - pad], ps[level - pad]) if level >= pad else ("", s))
                out.append(line)
            continue
        line = []
        for t, s in row:
            text = _clean(t)
            if is_number_text(text):
                text = tidy_number(text)
            line.append((text, s))
        out.append(line)
    keep = [c for c in range(width) if any(line[c][0] for line in out)]
    out = [[line[c] for c in keep] for line in out]
    out = [line for line in out if any(t for t, _s in line)]
    # a label alone on its row, the numbers on the next row under an empty label cell: one row
    merged: list[list[tuple[str, Span]]] = []
    for line in out:
        prev = merged[-1] if merged else None
        if (prev is not None and len(line) > 1 and not line[0][0] and any(_has_value(t) for t, _s in line[1:])
                and all(_has_value(t) or not t for t, _s in line[1:])
                and prev[0][0] and not any(t for t, _s in prev[1:]) and not prev[0][0].rstrip().endswith(":")):
            merged[-1] = [prev[0]] + line[1:]
            continue
        merged.append(line)
    return merged


def _header_key(table: _Table) -> tuple[str, ...]:
    return tuple(_clean(t) for row in table.rows[:table.header] for t, _s in row)


def read_markdown(text: str, file: str) -> Document:
    pipes = text.count("|")
    if pipes > MAX_TABLE_CELLS:
        # the parser's table rule costs about 0.1 ms a cell: a hostile file of pipes would take minutes
        raise IngestError(f"{file}: {pipes} table cell separators ('|') is over the {MAX_TABLE_CELLS} a release's "
                          f"Markdown is read with; split the release or give it as .htm or .pdf")
    reader = _Reader(file, [ln.rstrip("\r") for ln in text.split("\n")])
    reader.read(text)
    lines: list[Line] = []

    def add(cells: list[tuple[str, Span]]) -> None:
        lines.append(Line(len(lines) + 1, " ".join(t for t, _s in cells if t), tuple(Cell(t, s) for t, s in cells)))

    def blank() -> None:
        if lines and not lines[-1].is_blank:
            last = lines[-1].cells[0].span
            lines.append(Line(len(lines) + 1, "", (Cell("", Span(file, last.line, 0, 0)),)))

    previous: _Table | None = None  # the last table, while only short headings have come since
    between: list[tuple[str, Span]] = []  # those headings

    def flush_between() -> None:
        for cell in between:
            add([cell])
        between.clear()

    for kind, value in reader.blocks:
        if kind == "table":
            table = cast(_Table, value)
            continued = previous is not None and table.header > 0 and bool(between) \
                and _header_key(table) == _header_key(previous)
            if continued:
                # the statement goes on under a sub-heading: one table, the sub-headings its sections
                while lines and lines[-1].is_blank:
                    lines.pop()
                flush_between()
            else:
                flush_between()
                blank()
            for cells in _table_lines(table, file, reader.source, skip_header=continued):
                add(cells)
            blank()
            previous = table
            continue
        if previous is not None and kind in ("section", "line"):
            head = cast("list[tuple[str, Span]]", value)
            if len(head) == 1 and len(head[0][0]) <= 80 and not head[0][0].endswith("."):
                between.append(head[0])
                continue
        if previous is not None and kind == "blank":
            continue
        flush_between()
        previous = None
        if kind in ("line", "heading", "section"):
            add(cast("list[tuple[str, Span]]", value))
        elif kind == "blank":
            blank()
        elif kind == "lines":
            blank()
            for line in cast("list[Line]", value):
                if line.is_blank:
                    blank()
                else:
                    add([(c.text, c.span) for c in line.cells])
            blank()  # an HTML block ends where the Markdown goes on
    flush_between()
    while lines and lines[-1].is_blank:
        lines.pop()
    return Document(file, "text", tuple(lines))
