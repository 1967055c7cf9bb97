"""HTML and XHTML releases (EDGAR exhibits, Workiva and iXBRL documents) -> ``Document``.

Parsed with lxml without network access and without entity expansion (hostile input such as XXE
or "billion laughs" stays unexpanded text). Nothing active survives: scripts, styles, comments,
processing instructions and every attribute are ignored; only text is read, and only the text a
browser shows (``css.mark_visibility``: inline styles, ``<style>`` rules, the ``hidden`` attribute,
``visibility``, font size, colour against the background, hidden rows). A cell whose visibility
cannot be decided carries that reason as its ``problem`` and is refused downstream.

Nesting is parsed as deep as libxml2 allows with ``huge_tree`` (2048 levels); deeper is refused
with a clear line, never truncated in silence. HTML5 void elements that libxml2's HTML parser does
not know (``<embed>``, ``<source>``, ``<track>``, ``<wbr>``, ``<keygen>``) are left empty, so an
unclosed one does not swallow the rest of the document. A table row wider than ``MAX_COLUMNS``
columns (colspans expanded) is refused.

Prose blocks (``p``, ``div``, headings, list items ...) become one-cell lines, split at ``<br>``.
Each data table row becomes one line whose cells sit in column position order: ``colspan`` is
expanded into empty cells (a number goes to the last column it spans, text to the first), a
``rowspan`` leaves empty cells below it, a ``$`` cell is merged into the number beside it, a lone
``)`` or ``%`` into the number before it, and footnote markers are kept out of numbers. A table
whose cells hold tables with data is read as layout: its inner tables are read as tables.
Each cell's span is the element's source line, the offset of its start tag in that line, and its
element path. Lines come from matching each element to its start tag in the source in document
order (libxml2's ``sourceline`` is only a hint: it stops at 65535), so cells past that line keep
their own lines.
"""
from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from ..model import Cell, Document, Line, Span
from .css import generates_text, is_gone, mark_visibility, text_mark
from .edgar_text import (
    CURRENCY_CELL,
    TRAILING_MARK,
    is_number_text,
    read_lines,
    tidy_number,
)
from .errors import IngestError

XHTML_NS = "http://www.w3.org/1999/xhtml"
SKIP_TAGS = {
    "script", "style", "head", "title", "noscript", "template", "object", "embed", "iframe", "frame",
    "frameset", "applet", "svg", "math", "select", "option", "textarea", "input", "button", "meta", "link",
    "base", "param", "source", "track", "audio", "video", "canvas", "map", "area", "img",
}
BLOCK_TAGS = {
    "html", "body", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "center", "address", "section", "article", "header", "footer", "nav", "aside", "main",
    "hr", "form", "fieldset", "legend", "figure", "figcaption", "caption", "tr", "td", "th", "thead", "tbody",
    "tfoot", "page", "document", "text", "type", "sequence", "filename", "description",
}
CELL_TAGS = {"td", "th"}
# HTML5 void elements libxml2's HTML (4) parser takes for containers: an unclosed one would hold the rest
VOID_UNKNOWN = {"embed", "source", "track", "wbr", "keygen"}
MAX_COLUMNS = 1000  # grid columns in one table row, colspans expanded (a statement has a few dozen)
MAX_GRID_CELLS = 1_000_000  # grid cells of one table, colspans expanded (a colspan bomb is refused)
SOURCELINE_CAP = 65535  # libxml2's sourceline saturates here
# footnote references printed as superscripts: (1), 1, a, *, †
FOOTNOTE_MARK = re.compile(r"^\s*\(?\s*(?:\d{1,2}|[a-zA-Z]|\*{1,3}|[\u2020\u2021\u00a7]{1,3})\s*\)?\s*$")
# characters 0x80-0x9f are windows-1252 in practice (EDGAR writes &#151; for an em dash)
C1_MAP = {i: bytes([i]).decode("cp1252", errors="ignore") or None for i in range(0x80, 0xA0)}
INVISIBLE = {0x00AD: None, 0x200B: None, 0x200C: None, 0x200D: None, 0xFEFF: None}
_WS = re.compile(r"\s+")
# a cell closing the number before it: ")", "%", ")%", optionally followed by a footnote marker "(a)"
CLOSING_CELL = re.compile(r"^(\)\s*%?|%\s*\)?)\s*(\((?:\d|[a-z])\)|\*{1,3})?$")


def clean_text(text: str) -> str:
    """Collapse whitespace (non-breaking spaces included), map stray C1 controls to what cp1252 means."""
    return _WS.sub(" ", text.translate(C1_MAP).translate(INVISIBLE)).strip()


def _localname(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    if tag.startswith("{"):
        tag = tag.split("}", 1)[1]
    elif ":" in tag:
        tag = tag.split(":", 1)[1]  # ix:header parsed by the HTML parser
    return tag.lower()


def _namespace(el) -> str:
    tag = el.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].split("}", 1)[0]
    if isinstance(tag, str) and ":" in tag:
        return tag.split(":", 1)[0].lower()
    return ""


def _is_skipped(el) -> bool:
    name = _localname(el)
    if not name:
        return True
    if name in SKIP_TAGS:
        return True
    ns = _namespace(el)
    if name == "header" and ("inlinexbrl" in ns or ns == "ix"):
        return True  # the hidden iXBRL header (contexts, units, hidden facts)
    return is_gone(el)  # not shown by a browser (display:none, hidden, ...: see css.mark_visibility)


# --------------------------------------------------------------------------- source positions


class _Positions:
    """Element paths, and where each element's start tag sits in the source.

    lxml's ``sourceline`` is the line where a start tag *ends* (saturating at 65535); elements of a
    tag name, in document order, are matched to the ``<name`` start tags of the source in order, each
    to the next one whose ``>`` is on its line (past 65535: the next one), which gives the line and
    column where the start tag begins. Keys are element identities, never line numbers."""

    def __init__(self, root, source: str):
        self._keep = list(root.iter())  # keep the proxies alive: ids stay valid as keys
        self._paths: dict[int, str] = {}
        self._steps: dict[int, dict[int, str]] = {}
        self._where: dict[int, tuple[int, int, int]] = {}
        self._source = source
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self._dead = [(m.start(), m.end()) for m in re.finditer(
            r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>", source, re.IGNORECASE | re.DOTALL)]
        self._occurrences: dict[str, list[tuple[int, int, int, int]]] = {}
        cursor: dict[str, int] = {}
        for el in self._keep:
            if not isinstance(el.tag, str) or el.sourceline is None:
                continue
            name = _localname(el)
            spots = self._occurrences.get(name)
            if spots is None:
                spots = self._tag_occurrences(name)
            k = cursor.get(name, 0)
            # the next start tag of that name whose ">" is on the element's line (elements come in document
            # order, as their tags do); past libxml2's 65535, the next one on a line at or after the cap
            line = min(el.sourceline, SOURCELINE_CAP)
            while k < len(spots) and spots[k][0] < line:
                k += 1
            if k < len(spots) and (spots[k][0] == line or line == SOURCELINE_CAP):
                self._where[id(el)] = spots[k][1:]
                cursor[name] = k + 1

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def _tag_occurrences(self, name: str) -> list[tuple[int, int, int, int]]:
        """(line of its ">", start line, start column, end column) of each ``<name`` start tag, in order."""
        found = self._occurrences.get(name)
        if found is not None:
            return found
        found = []
        pattern = re.compile(r"<(?:[\w.-]+:)?" + re.escape(name) + r"(?=[\s/>])", re.IGNORECASE)
        dead = self._dead
        d = 0
        for m in pattern.finditer(self._source):
            while d < len(dead) and dead[d][1] <= m.start():
                d += 1
            if d < len(dead) and dead[d][0] <= m.start() < dead[d][1]:
                continue
            close = self._source.find(">", m.end())
            close = close if close >= 0 else m.end()
            start_line = self._line_of(m.start())
            line_start = self._line_starts[start_line - 1]
            line_end = self._source.find("\n", m.start())
            line_end = len(self._source) if line_end < 0 else line_end
            col_end = min(close + 1, line_end) - line_start
            found.append((self._line_of(close), start_line, m.start() - line_start, col_end))
        self._occurrences[name] = found
        return found

    def where(self, el) -> tuple[int, int, int]:
        """(line, first column, end column) of the element's start tag."""
        spot = self._where.get(id(el))
        if spot is None:
            return (el.sourceline or 0, 0, 0)
        return spot

    def path(self, el) -> str:
        key = id(el)
        cached = self._paths.get(key)
        if cached is not None:
            return cached
        parent = el.getparent()
        name = _localname(el) or "node()"
        if parent is None:
            result = "/" + name
        else:
            steps = self._steps.get(id(parent))
            if steps is None:
                steps = self._steps[id(parent)] = self._child_steps(parent)
            result = self.path(parent) + "/" + steps.get(id(el), name)
        self._paths[key] = result
        return result

    @staticmethod
    def _child_steps(parent) -> dict[int, str]:
        """Each child's step in a path: its name, indexed when the parent has several of that name."""
        counts: dict[str, int] = {}
        named = []
        for child in parent:
            if isinstance(child.tag, str):
                name = _localname(child)
                counts[name] = counts.get(name, 0) + 1
                named.append((child, name, counts[name]))
        return {id(c): (n if counts[n] == 1 else f"{n}[{k}]") for c, n, k in named}


# --------------------------------------------------------------------------- text of an element


def _own_text_shown(el, problems: list[str] | None) -> bool:
    """Whether a browser shows ``el``'s own text (its text and its children's tails); an undecided one
    is kept (the reader may see it) and its reason added to ``problems``."""
    mark = text_mark(el)
    if mark is None:
        return True
    if mark == "hidden":
        return False
    if problems is not None and (generates_text(el) or (el.text or "").strip()
                                 or any((c.tail or "").strip() for c in el)):
        problems.append(f"what a browser shows here cannot be decided: {mark[1:]}")
    return True


def _text_pieces(el, out: list[str], *, in_cell: bool, problems: list[str] | None = None) -> None:
    """Append the visible text of ``el``'s content (not its tail) to ``out``."""
    shown = _own_text_shown(el, problems)
    if el.text and shown:
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and not _is_skipped(child):
            name = _localname(child)
            if name == "br":
                out.append(" ")
            elif name == "sup" and in_cell and FOOTNOTE_MARK.match("".join(child.itertext())):
                out.append(" ")  # a footnote reference is not part of the cell's value
            else:
                if name in BLOCK_TAGS or name in CELL_TAGS or name == "table":
                    out.append(" ")
                _text_pieces(child, out, in_cell=in_cell, problems=problems)
                if name in BLOCK_TAGS or name in CELL_TAGS or name == "table":
                    out.append(" ")
        if child.tail and shown:
            out.append(child.tail)


def cell_text(el) -> str:
    return cell_reading(el)[0]


def cell_reading(el) -> tuple[str, str | None]:
    """The text a browser shows in a cell, and why it cannot be read with certainty (or None)."""
    pieces: list[str] = []
    problems: list[str] = []
    _text_pieces(el, pieces, in_cell=True, problems=problems)
    return clean_text("".join(pieces)), (problems[0] if problems else None)


# --------------------------------------------------------------------------- tables


def _own_rows(table) -> list:
    rows = []
    for child in table:
        if not isinstance(child.tag, str):
            continue
        name = _localname(child)
        if name == "tr" and not is_gone(child):
            rows.append(child)
        elif name in ("thead", "tbody", "tfoot") and not is_gone(child):
            rows.extend(c for c in child if isinstance(c.tag, str) and _localname(c) == "tr" and not is_gone(c))
    return rows


def _own_cells(row) -> list:
    return [c for c in row if isinstance(c.tag, str) and _localname(c) in CELL_TAGS and not _is_skipped(c)]


def _inner_tables(table) -> list:
    return [t for t in table.iterdescendants() if isinstance(t.tag, str) and _localname(t) == "table"]


def holds_data(table) -> bool:
    """A table holds data when at least two of its own rows have a label and a number."""
    rows_with_numbers = 0
    for row in _own_rows(table):
        texts = [cell_text(c) for c in _own_cells(row)]
        if any(is_number_text(t) and not re.fullmatch(r"\(?\d\)?", t) for t in texts) and any(
            t and not is_number_text(t) for t in texts
        ):
            rows_with_numbers += 1
            if rows_with_numbers >= 2:
                return True
    return False


def _span_int(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), 1000))
    except ValueError:
        return 1


def _right_aligned(el) -> bool:
    align = (el.get("align") or "").lower()
    style = (el.get("style") or "").lower().replace(" ", "")
    return align == "right" or "text-align:right" in style


@dataclass
class _GridCell:
    text: str
    span: Span
    problem: str | None = None


def _take(into: _GridCell, merged: _GridCell) -> None:
    """``merged``'s text moved into ``into`` (a ``$`` before a number, a ``)`` after it): its problem too."""
    into.problem = into.problem or merged.problem
    merged.problem = None


def _merge_row(cells: list[_GridCell]) -> None:
    """Merge ``$`` cells into the number after them, lone ``)``/``%`` into the number before them;
    keep footnote markers out of numbers. Cells keep their positions (merged-away cells become empty)."""
    n = len(cells)
    for i, cell in enumerate(cells):
        t = cell.text
        if t and not is_number_text(t):
            stripped = TRAILING_MARK.sub("", t)
            if stripped != t and is_number_text(stripped):
                cell.text = stripped.strip()
    for i, cell in enumerate(cells):
        if cell.text.strip() in ("(", "$(", "($"):
            j = i + 1
            while j < n and not cells[j].text:
                j += 1
            if j < n and is_number_text(cells[j].text) and not cells[j].text.lstrip("$").startswith("("):
                cells[j].text = cell.text.strip() + cells[j].text
                cell.text = ""
                _take(cells[j], cell)
    for i, cell in enumerate(cells):
        m = CLOSING_CELL.match(cell.text.strip())
        if m:
            t, marker = m.group(1), m.group(2) or ""
            j = i - 1
            while j >= 0 and not cells[j].text:
                j -= 1
            if j >= 0 and re.search(r"\d", cells[j].text) and (
                not t.startswith(")") or (cells[j].text.count("(") > cells[j].text.count(")"))
            ):
                cells[j].text = cells[j].text + t
                cell.text = marker  # a footnote marker stays in its own cell, out of the number
                _take(cells[j], cell)
    for i, cell in enumerate(cells):
        if CURRENCY_CELL.match(cell.text.strip()):
            j = i + 1
            while j < n and not cells[j].text:
                j += 1
            if j < n and is_number_text(cells[j].text) and not CURRENCY_CELL.match(cells[j].text) and not re.match(r"^[$\u20ac\u00a3]", cells[j].text):
                cells[j].text = cell.text.strip().removeprefix("US") + cells[j].text
                cell.text = ""
                _take(cells[j], cell)
    for cell in cells:
        if is_number_text(cell.text):
            cell.text = tidy_number(cell.text)


def table_rows(table, pos: _Positions, file: str) -> list[list[_GridCell]]:
    """The table's rows as equal-width lists of cells in column position order (empty rows dropped)."""
    grid: list[list[_GridCell | None]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    expanded = 0  # grid cells so far
    for r, row in enumerate(_own_rows(table)):
        line: list[_GridCell | None] = []
        col = 0

        def fill_pending():
            nonlocal col
            while pending.get(col, 0) > 0:
                pending[col] -= 1
                while len(line) <= col:
                    line.append(None)
                line[col] = _GridCell("", Span(file, pos.where(row)[0], 0, 0, pos.path(row)))
                col += 1

        fill_pending()
        for td in _own_cells(row):
            fill_pending()
            colspan, rowspan = _span_int(td.get("colspan")), _span_int(td.get("rowspan"))
            if col + colspan > MAX_COLUMNS:
                raise IngestError(f"{file}:{pos.where(row)[0]}: a table row of more than {MAX_COLUMNS} columns "
                                  f"(colspans counted); no statement is that wide: give the release without it")
            expanded += colspan
            if expanded > MAX_GRID_CELLS:
                raise IngestError(f"{file}:{pos.where(table)[0]}: a table of more than {MAX_GRID_CELLS:,} cells "
                                  f"(colspans expanded); no statement is that large: give the release without it")
            text, problem = cell_reading(td)
            line_no, start, end = pos.where(td)
            span = Span(file, line_no, start, end, pos.path(td))
            target = col + colspan - 1 if (is_number_text(text) or (_right_aligned(td) and text)) else col
            if len(line) < col + colspan:
                line.extend([None] * (col + colspan - len(line)))
            for c in range(col, col + colspan):
                line[c] = _GridCell(text if c == target else "", span, problem if c == target else None)
                if rowspan > 1:
                    pending[c] = max(pending.get(c, 0), rowspan - 1)
            col += colspan
        # rowspans reaching past the row's own cells
        for c in sorted(k for k, v in pending.items() if v > 0 and k >= col):
            if c >= MAX_COLUMNS:
                break
            pending[c] -= 1
            while len(line) <= c:
                line.append(None)
            line[c] = _GridCell("", Span(file, pos.where(row)[0], 0, 0, pos.path(row)))
        grid.append(line)
    width = max((len(r) for r in grid), default=0)
    rows: list[list[_GridCell]] = []
    for line in grid:
        filled = [c if c is not None else _GridCell("", Span(file, 0, 0, 0, "")) for c in line]
        filled += [_GridCell("", Span(file, 0, 0, 0, "")) for _ in range(width - len(filled))]
        _merge_row(filled)
        if any(c.text for c in filled):
            rows.append(filled)
    # drop columns that are empty in every row (cell positions stay consistent across rows)
    keep = [c for c in range(width) if any(row[c].text for row in rows)]
    return [[row[c] for c in keep] for row in rows]


# --------------------------------------------------------------------------- the document walk


@dataclass
class _Builder:
    file: str
    pos: _Positions
    lines: list[Line] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    anchor: object = None  # the element the buffered paragraph belongs to
    after_break: object = None  # a <br> the next line starts after
    used: set = field(default_factory=set)  # ids of elements that already anchor a line
    problems: list = field(default_factory=list)  # why the buffered paragraph's text is uncertain

    def add_line(self, cells: list[tuple]) -> None:
        """A line of cells, each ``(text, span)`` or ``(text, span, problem)``."""
        text = " ".join(c[0] for c in cells if c[0])
        number = len(self.lines) + 1
        self.lines.append(Line(number, text, tuple(Cell(*c) for c in cells)))

    def blank(self, source_line: int = 0) -> None:
        if self.lines and not self.lines[-1].is_blank:
            number = len(self.lines) + 1
            self.lines.append(Line(number, "", (Cell("", Span(self.file, source_line, 0, 0)),)))

    def text(self, text: str | None, el, after=None, uncertain: str | None = None) -> None:
        """Buffer ``text`` of block ``el``; ``after`` is the element whose tail it is. A line's span is
        its block's, or (when the block already gave a line) the element the line starts after.
        ``uncertain``: why a browser may or may not show this text (the line is then refused)."""
        if text and uncertain and text.strip():
            self.problems.append(uncertain)
        if text:
            if self.anchor is None and text.strip():
                anchor = self.after_break if self.after_break is not None else el
                if id(anchor) in self.used and after is not None:
                    anchor = after
                self.anchor = anchor
                self.after_break = None
            self.buffer.append(text)

    def flush(self) -> None:
        text = clean_text("".join(self.buffer))
        if text and self.anchor is not None:
            el = self.anchor
            line_no, start, end = self.pos.where(el)
            problem = self.problems[0] if self.problems else None
            self.add_line([(text, Span(self.file, line_no, start, end, self.pos.path(el)), problem)])
            self.used.add(id(el))
        self.buffer = []
        self.problems = []
        self.anchor = None

    def walk(self, el, block_el=None) -> None:
        """Read ``el``'s content; ``block_el`` is the block its text belongs to (the span's element)."""
        name = _localname(el)
        if name == "table":
            self.flush()
            self.table(el)
            return
        if name == "pre":
            self.flush()
            self.pre(el)
            return
        if name == "br":
            self.flush()
            self.after_break = el
            return
        block = name in BLOCK_TAGS or block_el is None
        if block:
            self.flush()
            self.after_break = None
            block_el = el
        mark = text_mark(el)
        shown = mark != "hidden"
        uncertain = f"what a browser shows here cannot be decided: {mark[1:]}" if mark and mark[0] == "?" else None
        if uncertain and generates_text(el):
            self.problems.append(uncertain)
        if shown:
            self.text(el.text, block_el, after=None if block else el, uncertain=uncertain)
        for child in el:
            if isinstance(child.tag, str) and not _is_skipped(child):
                self.walk(child, block_el)
            if child.tail and shown:
                self.text(child.tail, block_el, after=child, uncertain=uncertain)
        if block:
            self.flush()

    def table(self, table) -> None:
        inner = _inner_tables(table)
        if inner and any(holds_data(t) for t in inner):
            # a layout table: read its cells as blocks, so that the tables inside are read as tables
            for row in _own_rows(table):
                for td in _own_cells(row):
                    self.walk(td)
            return
        rows = table_rows(table, self.pos, self.file)
        if not rows:
            return
        if len(rows[0]) <= 1 or not holds_data(table) and all(sum(1 for c in r if c.text) <= 1 for r in rows):
            # a table used only to lay out text: one line per non-empty cell
            for row in rows:
                for c in row:
                    if c.text:
                        self.add_line([(c.text, c.span, c.problem)])
            return
        self.blank(self.pos.where(table)[0])
        for row in rows:
            self.add_line([(c.text, c.span, c.problem) for c in row])
        self.blank(self.pos.where(table)[0])

    def pre(self, el) -> None:
        text = "".join(_pre_text(el))
        first = self.pos.where(el)[0] or 1
        if text.startswith("\n"):
            text = text[1:]  # a newline right after <pre> is not content
            first += 1
        self.blank(first)
        for cells in read_lines(text.split("\n"), self.file, first_line=first, path=self.pos.path(el)):
            if not cells or not any(t for t, _s in cells):
                self.blank(first)
            else:
                self.add_line(cells)
        self.blank(first)


def _pre_text(el) -> list[str]:
    """The text of a ``<pre>`` as shown: hidden text left out, text whose visibility cannot be decided
    replaced character for character by U+FFFD (columns stay; a number touching it is refused)."""
    out: list[str] = []
    mark = text_mark(el)

    def shown(text: str) -> str:
        return re.sub(r"\S", "\ufffd", text) if mark else text

    if mark == "hidden":
        shown = lambda text: re.sub(r"\S", " ", text)  # noqa: E731  (hidden text still takes its room)
    if el.text:
        out.append(shown(el.text))
    for child in el:
        if isinstance(child.tag, str) and not _is_skipped(child):
            out.extend(_pre_text(child))
        if child.tail:
            out.append(shown(child.tail))
    return out


def looks_like_xhtml(text: str) -> bool:
    head = text[:4096].lstrip()
    return head.startswith("<?xml") or ('xmlns="' + XHTML_NS + '"') in head


DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)


def blank_doctype_subset(text: str) -> str:
    """A DOCTYPE's internal subset (where entities are declared: XXE, "billion laughs") blanked out,
    line breaks kept so that source lines and columns do not move. A release never needs one."""
    return DOCTYPE_SUBSET.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def parse(text: str, file: str):
    """The parsed root element: XHTML through a non-resolving XML parser, else the HTML parser.
    Neither parser reads a DTD, resolves an entity or touches the network."""
    data = blank_doctype_subset(text).encode("utf-8")
    if looks_like_xhtml(text):
        xml_parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, dtd_validation=False,
            remove_comments=True, remove_pis=True, encoding="utf-8",
        )
        try:
            root = etree.fromstring(data, xml_parser)
            if root is not None:
                return _checked(root, xml_parser, file)
        except etree.XMLSyntaxError:
            pass  # not well-formed: read it as HTML
    parser = lxml_html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=True, encoding="utf-8",
        default_doctype=False,
    )
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        if "depth" in str(exc).lower():
            raise IngestError(_too_deep(file)) from None
        raise IngestError(f"{file}: cannot parse the HTML ({exc}); give the release as .htm, .txt or .pdf") from None
    return _checked(root, parser, file)


def _too_deep(file: str) -> str:
    return (f"{file}: elements nested more than {MAX_DEPTH} deep; the parser cannot read past that without losing "
            f"what follows, so the release is refused (flatten the markup)")


MAX_DEPTH = 2048  # libxml2's limit with huge_tree; deeper content would be dropped


def _checked(root, parser, file: str):
    """The parsed root, refused when the parser dropped content (too deep); void elements emptied."""
    if any("depth" in (e.message or "").lower() for e in parser.error_log):
        raise IngestError(_too_deep(file))
    _empty_void_elements(root)
    return root


def _empty_void_elements(root) -> None:
    """An ``<embed>`` (and the like) holds nothing: what the HTML 4 parser put inside it follows it."""
    for el in [e for e in root.iter() if isinstance(e.tag, str) and _localname(e) in VOID_UNKNOWN]:
        if not len(el) and not el.text:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        children = list(el)
        tail = el.tail or ""
        el.tail = el.text
        el.text = None
        at = parent.index(el)
        for n, child in enumerate(children, 1):
            parent.insert(at + n, child)  # moves it (with its tail)
        last = children[-1] if children else el
        last.tail = (last.tail or "") + tail


ENVELOPE = re.compile(r"^[ \t]*</?(?:DOCUMENT|TYPE|SEQUENCE|FILENAME|DESCRIPTION|TEXT)>.*$", re.IGNORECASE | re.MULTILINE)


def strip_envelope(text: str) -> str:
    """Blank the EDGAR submission envelope lines (<DOCUMENT>, <TYPE>, ... <TEXT>), keeping line numbers."""
    head = text[:2000].lstrip().upper()
    if not head.startswith(("<DOCUMENT>", "<TYPE>", "<SEC-DOCUMENT>")):
        return text
    return ENVELOPE.sub("", text)


def read_html(text: str, file: str) -> Document:
    text = strip_envelope(text)
    root = parse(text, file)
    mark_visibility(root)
    builder = _Builder(file, _Positions(root, text))
    body = None
    for el in root.iter():
        if isinstance(el.tag, str) and _localname(el) == "body":
            body = el
            break
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * MAX_DEPTH + 1000))  # the walk recurses once or twice per level
    try:
        builder.walk(body if body is not None else root)
    finally:
        sys.setrecursionlimit(limit)
    builder.flush()
    lines = builder.lines
    while lines and lines[-1].is_blank:
        lines.pop()
    return Document(file, "html", tuple(lines))
