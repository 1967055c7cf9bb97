"""Space-aligned text releases (old EDGAR text, PRNewswire text, ``<pre>`` blocks, a PDF's text layer).

Each physical line is cut into chunks at runs of two or more spaces (a two-space gap between
sentences is not a cut), after dot leaders (``Net sales ........ $ 1,234``) are blanked and
EDGAR markup (``<PAGE>``, ``<TABLE>``, ``<CAPTION>``, ``<S>``/``<C>``, ``<FN>``) and rules
(``----``, ``====``) are set aside. Then:

- a block of wrapped prose (lines between blank lines, no number cells) becomes one line, one cell;
- in a table (the rows between ``<TABLE>`` markers, or a run of blocks holding number rows) every
  row becomes one line ``[label, column 1, ..., column N]``: the columns are the ``<C>`` positions
  when the table gives them, else the right edges the numbers line up on; a ``$`` goes with its
  number, a lone ``)`` or ``%`` with the number before it; a label wrapped over several lines
  (continuation lines starting in lower case, or after a line ending in "and", "of" ...) is joined
  to the row that carries its numbers; header lines stacked over the same columns
  (``July 3,`` over ``2004``) are joined column by column; blank lines inside a table are dropped.

Spans keep the source line and the chunk's character columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Cell, Document, Line, Span

# ---------------------------------------------------------------------------- cell shapes (shared)

CURRENCY_CELL = re.compile(r"^(?:US)?[$\u20ac\u00a3]$")
NUMBER_CELL = re.compile(
    r"^[$\u20ac\u00a3]?\s*\(?\s*[$\u20ac\u00a3]?\s*[-\u2212]?\s*(?:\d[\d,]*(?:\.\d+)?|\.\d+)\s*\)?\s*%?$"
)
DASH_CELL = re.compile(r"^[$\u20ac\u00a3]?\s*\(?(?:[-\u2012\u2013\u2014\u2212]{1,2})\)?$")
TRAILING_MARK = re.compile(r"\s*(?:\((?:\d|[a-z])\)|\*{1,3}|[\u2020\u2021\u00a7]{1,3})$")
YEAR_CELL = re.compile(r"^(?:19|20)\d{2}\*{0,3}$")


def is_number_text(text: str) -> bool:
    """A cell holding one printed number (or a dash for zero), with optional $, (), %."""
    t = text.strip()
    return bool(t) and bool(NUMBER_CELL.match(t) or DASH_CELL.match(t))


def is_value_text(text: str) -> bool:
    """A number cell, also when a footnote marker trails it (``1,234 (a)``, ``2003*``)."""
    t = text.strip()
    return is_number_text(t) or (TRAILING_MARK.search(t) is not None and is_number_text(TRAILING_MARK.sub("", t)))


def tidy_number(text: str) -> str:
    """``( 1,234 )`` -> ``(1,234)``; a trailing footnote marker dropped."""
    t = text.strip()
    if not is_number_text(t):
        stripped = TRAILING_MARK.sub("", t).strip()
        if is_number_text(stripped):
            t = stripped
    t = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", t))
    t = re.sub(r"\s+%", "%", t)
    return re.sub(r"\s+", " ", t)


# ---------------------------------------------------------------------------- chunks


@dataclass
class Chunk:
    text: str
    start: int  # column of the first character
    end: int  # column after the last character
    line: int  # source line
    value_start: int | None = None  # where the number itself starts (after a merged "$")
    align: int | None = None  # the right edge of the digits when a ")" or "%" was merged from afar

    @property
    def numeric(self) -> bool:
        return is_value_text(self.text)

    @property
    def right(self) -> int:
        """The column the number is right-aligned on (a hanging ``)`` or ``%`` not counted)."""
        if self.align is not None:
            return self.align
        t = self.text.rstrip()
        end = self.end
        while t and t[-1] in ")%*":
            t = t[:-1]
            end -= 1
        return end


LEADER = re.compile(r"(?<![\d])(?:[ ]?\.){3,}[ ]?(?=\s|$|[$(\d-])|(?<=\s)(?:\. ){2,}\.?")
SENTENCE_END = re.compile(r"[.?!;:\"'\u201d)]$")
MARKUP = re.compile(
    r"^\s*<(/?)(PAGE|TABLE|CAPTION|S|C|FN|F\d+|DOCUMENT|TYPE|SEQUENCE|FILENAME|DESCRIPTION|TEXT|R\d*)>",
    re.IGNORECASE,
)
RULE = re.compile(r"^[\s\-=_~*]*$")
CONNECTOR = re.compile(
    r"(?:\b(?:and|or|of|for|to|in|the|a|an|before|after|from|with|by|on|at|less|net|per|including|excluding|"
    r"related|under|over|into|as)|[,&/\-(])\s*$",
    re.IGNORECASE,
)


def blank_leaders(text: str) -> str:
    """Dot leaders replaced by spaces of the same width (columns keep their positions)."""
    return LEADER.sub(lambda m: " " * len(m.group(0)), text)


def split_chunks(text: str, line_no: int, offset: int = 0) -> list[Chunk]:
    """Chunks of ``text`` separated by 2+ spaces; a two-space gap after a sentence is not a cut."""
    chunks: list[Chunk] = []
    for m in re.finditer(r"\S+(?: \S+)*", text):
        chunks.append(Chunk(m.group(0), m.start() + offset, m.end() + offset, line_no))
    # re-join sentence gaps: exactly two spaces, a sentence end on the left, a word on the right
    out: list[Chunk] = []
    for ch in chunks:
        if out:
            prev = out[-1]
            gap = ch.start - prev.end
            if gap <= 3 and re.search(_MONTHS + r"$", prev.text, re.IGNORECASE) and re.match(r"\d{1,2},?(?:\s|$)", ch.text):
                out[-1] = Chunk(prev.text + " " + ch.text, prev.start, ch.end, line_no)  # "SEPTEMBER  30,"
                continue
            if (gap == 2 and SENTENCE_END.search(prev.text) and re.match(r"[A-Za-z\"\u201c']", ch.text)
                    and not is_value_text(prev.text) and len(prev.text) > 20):
                out[-1] = Chunk(prev.text + "  " + ch.text, prev.start, ch.end, line_no)
                continue
        out.append(ch)
    return merge_chunks(out)


_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
           r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE_PHRASE = re.compile(_MONTHS + r" \d{1,2},?(?: (?:19|20)\d{2})?")
_WELL_FORMED_VALUE = re.compile(r"^[$\u20ac\u00a3]?\(?[$\u20ac\u00a3]?-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+)\)?%?$|^\(?[-\u2014\u2013]{1,2}\)?$")


def _split_values(ch: Chunk) -> list[Chunk]:
    """A chunk of several well-formed numbers joined by single spaces (``$ 53 $ 309``, ``1,234 5,678``)
    or of several dates (``June 28, January 3,``) is several cells. ``3 400`` is left whole (damage)."""
    tokens = list(re.finditer(r"\S+", ch.text))
    if len(tokens) < 2:
        return [ch]
    # glue "$" to the number after it
    groups: list[tuple[int, int]] = []
    k = 0
    while k < len(tokens):
        if tokens[k].group(0) in ("$", "\u20ac", "\u00a3") and k + 1 < len(tokens):
            groups.append((tokens[k].start(), tokens[k + 1].end()))
            k += 2
        else:
            groups.append((tokens[k].start(), tokens[k].end()))
            k += 1
    texts = [ch.text[a:b] for a, b in groups]
    if len(groups) >= 2 and all(_WELL_FORMED_VALUE.match(t.replace(" ", "")) for t in texts):
        return [Chunk(ch.text[a:b], ch.start + a, ch.start + b, ch.line) for a, b in groups]
    dates = list(_DATE_PHRASE.finditer(ch.text))
    if len(dates) >= 2 and "".join(m.group(0) for m in dates).replace(" ", "") == ch.text.replace(" ", ""):
        return [Chunk(m.group(0), ch.start + m.start(), ch.start + m.end(), ch.line) for m in dates]
    return [ch]


def merge_chunks(chunks: list[Chunk]) -> list[Chunk]:
    """``$`` with the number after it; a lone ``)`` or ``%`` with the number before it; a
    trailing ``$`` split from a label (``Cash and cash equivalents $``)."""
    out: list[Chunk] = []
    for ch in chunks:
        t = ch.text
        m = re.match(r"^(.*\S)\s+([$\u20ac\u00a3])$", t)
        if m:
            label_end = ch.start + len(m.group(1))
            out.extend(_split_values(Chunk(m.group(1), ch.start, label_end, ch.line)))
            out.append(Chunk(m.group(2), ch.end - 1, ch.end, ch.line))
            continue
        parts = _split_values(ch)
        if len(parts) > 1:
            out.extend(parts)
            continue
        if t in (")", "%", ")%", "%)") and out and re.search(r"\d", out[-1].text) and (
            t != ")" or out[-1].text.count("(") > out[-1].text.count(")")
        ):
            prev = out[-1]
            out[-1] = Chunk(prev.text + t, prev.start, ch.end, prev.line, prev.value_start, prev.right)
            continue
        out.append(ch)
    merged: list[Chunk] = []
    i = 0
    while i < len(out):
        ch = out[i]
        if CURRENCY_CELL.match(ch.text) and i + 1 < len(out) and is_value_text(out[i + 1].text) and not re.match(
            r"^[$\u20ac\u00a3]", out[i + 1].text
        ):
            nxt = out[i + 1]
            merged.append(Chunk(ch.text.removeprefix("US") + " " + nxt.text, ch.start, nxt.end, ch.line, nxt.start, nxt.align))
            i += 2
            continue
        merged.append(ch)
        i += 1
    for ch in merged:
        if ch.numeric:
            ch.text = tidy_number(ch.text)
    return merged


# ---------------------------------------------------------------------------- physical lines


@dataclass
class PhysLine:
    number: int  # source line
    raw: str
    kind: str  # blank | rule | markup | text
    chunks: list[Chunk] = field(default_factory=list)
    tag: str = ""  # markup tag name, upper case, "/" prefixed for closing tags
    columns: list[int] = field(default_factory=list)  # <C> positions on an <S> line

    @property
    def indent(self) -> int:
        return self.chunks[0].start if self.chunks else 0

    @property
    def numeric(self) -> list[Chunk]:
        return [c for c in self.chunks if c.numeric]

    @property
    def width(self) -> int:
        return len(self.raw.rstrip())


def physical_line(raw: str, number: int) -> PhysLine:
    raw = raw.rstrip("\r\n").expandtabs(8).replace("\u00a0", " ")
    m = MARKUP.match(raw)
    if m:
        tag = (m.group(1) + m.group(2)).upper()
        if tag == "S":
            columns = [c.start() for c in re.finditer(r"<C>", raw, re.IGNORECASE)]
            return PhysLine(number, raw, "markup", tag=tag, columns=columns)
        rest = raw[m.end():]
        if tag.startswith("F") and tag[1:].isdigit() and rest.strip():
            raw = " " * m.end() + rest  # footnote text after an <F1> marker
        else:
            return PhysLine(number, raw, "markup", tag=tag)
    if not raw.strip():
        return PhysLine(number, raw, "blank")
    if RULE.match(raw) and len(raw.strip()) >= 3:
        return PhysLine(number, raw, "rule")
    # a label underlined in place ("TOTAL REVENUES" over "--------------") is a rule too
    return PhysLine(number, raw, "text", split_chunks(blank_leaders(raw), number))


# ---------------------------------------------------------------------------- columns


@dataclass
class Columns:
    """Column territories: column k holds what ends in [bounds[k], bounds[k+1])."""

    starts: list[int]  # left edge of each column's territory; the label is left of starts[0]
    rights: list[int] | None = None  # right edges numbers align on (clustered columns)

    def __len__(self) -> int:
        return len(self.starts)

    def column_of(self, chunk: Chunk) -> int | None:
        """The column a number (by its right edge) or text (by its start) falls in; None = label."""
        pos = chunk.right - 1 if chunk.numeric else chunk.start
        rights = self.rights
        if rights is not None and chunk.numeric:
            best = min(range(len(rights)), key=lambda k: abs(rights[k] - chunk.right))
            if abs(rights[best] - chunk.right) <= 2:
                return best
        if pos < self.starts[0]:
            return None if not chunk.numeric else 0
        col = 0
        for k, s in enumerate(self.starts):
            if pos >= s:
                col = k
        return col

    def covered(self, chunk: Chunk) -> tuple[int, ...]:
        """Columns (``-1`` = label) a chunk of header text overlaps by at least 3 characters (or whole)."""
        edges = [-(10 ** 9)] + self.starts + [10 ** 9]
        out = []
        for k in range(len(edges) - 1):
            lo, hi = edges[k], edges[k + 1]
            overlap = min(hi, chunk.end) - max(lo, chunk.start)
            if overlap >= min(3, chunk.end - chunk.start):
                out.append(k - 1)
        return tuple(out)


def cluster_columns(rows: list[PhysLine]) -> Columns | None:
    """Columns from the right edges the numbers of the data rows line up on."""
    edges: list[tuple[int, int]] = []  # (right edge, left edge incl. $)
    for row in rows:
        nums = [c for c in row.chunks if c.numeric]
        if not nums or all(YEAR_CELL.match(c.text) for c in nums):
            continue
        for c in nums:
            edges.append((c.right, c.start))
    if not edges:
        return None
    edges.sort()
    groups: list[list[tuple[int, int]]] = [[edges[0]]]
    for e in edges[1:]:
        if e[0] - groups[-1][-1][0] <= 2:
            groups[-1].append(e)
        else:
            groups.append([e])
    rights = [max(set(r for r, _l in g), key=[r for r, _l in g].count) for g in groups]
    lefts = [min(l for _r, l in g) for g in groups]
    # column k holds what ends after column k-1's right edge; column 0 starts at its leftmost number
    starts = [max(lefts[0] - 3, 0)] + [max(r for r, _l in groups[k - 1]) + 1 for k in range(1, len(groups))]
    return Columns(starts, rights)


# ---------------------------------------------------------------------------- logical lines

CellList = list[tuple[str, Span]]


@dataclass
class _Out:
    file: str
    path: str
    lines: list[CellList] = field(default_factory=list)

    def span(self, chunk: Chunk) -> Span:
        return Span(self.file, chunk.line, chunk.start, chunk.end, self.path)

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append([])

    def add(self, cells: CellList) -> None:
        self.lines.append(cells)


def _prose_block(block: list[PhysLine]) -> bool:
    """Wrapped prose: no number cells, lines of one chunk, and most lines running long."""
    if any(ln.kind != "text" for ln in block):
        return False
    if any(c.numeric for ln in block for c in ln.chunks):
        return False
    if len(block) == 1:
        return len(block[0].raw.strip()) >= 60 and len(block[0].chunks) <= 2
    if sum(1 for ln in block if len(ln.chunks) > 1) > max(1, len(block) // 5):
        return False
    widest = max(ln.width for ln in block)
    long_lines = sum(1 for ln in block[:-1] if ln.width >= widest * 0.6)
    indents = sorted(ln.indent for ln in block)
    return widest >= 55 and long_lines >= 0.6 * (len(block) - 1) and indents[len(indents) // 2] <= 12


def _emit_prose(block: list[PhysLine], out: _Out) -> None:
    """One line per paragraph: a line clearly shorter than the block's width ends a paragraph."""
    widest = max(ln.width for ln in block)
    para: list[PhysLine] = []
    for ln in block:
        para.append(ln)
        if ln.width < widest * 0.75 and re.search(r"[.:!?\"\u201d)]\s*$", ln.raw):
            _emit_paragraph(para, out)
            para = []
    if para:
        _emit_paragraph(para, out)


def _emit_paragraph(para: list[PhysLine], out: _Out) -> None:
    text = re.sub(r"\s+", " ", " ".join(blank_leaders(ln.raw).strip() for ln in para)).strip()
    first = para[0]
    start = len(first.raw) - len(first.raw.lstrip())
    out.add([(text, Span(out.file, first.number, start, first.width, out.path))])


def _all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _continues(prev: PhysLine, nxt: PhysLine, first: PhysLine, cont_indent: int | None) -> str | None:
    """Why ``nxt`` continues the label of ``prev`` ("strong" or "weak"), or None."""
    if nxt.indent < first.indent:
        return None
    head = nxt.chunks[0].text
    prev_text = prev.chunks[0].text
    if prev_text.rstrip().endswith(":"):
        return None  # a heading ("Net sales by category:") is not continued by its first item
    if re.match(r"[a-z]", head) or CONNECTOR.search(prev_text):
        return "strong"
    if cont_indent is not None and nxt.indent == cont_indent:
        return "weak"
    if re.match(r"\(", head) and not re.match(r"\(\w\)(\s|$)", head):
        return "weak"
    if nxt.indent == first.indent + 1 and not _all_caps(prev_text) and not prev_text.rstrip().endswith(":"):
        return "weak"  # a hanging indent of one column
    return None


def _join_labels(lines: list[PhysLine]) -> list[PhysLine]:
    """Join a label wrapped over several lines (of one block) into the line that carries its numbers."""
    out: list[PhysLine] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.kind == "text" and len(ln.chunks) == 1 and not ln.chunks[0].numeric:
            chain = [ln]
            reasons: list[str] = []
            cont_indent = None
            j = i + 1
            while j < len(lines) and lines[j].kind == "text" and lines[j].chunks and not lines[j].chunks[0].numeric:
                reason = _continues(chain[-1], lines[j], chain[0], cont_indent)
                if reason is None:
                    break
                chain.append(lines[j])
                reasons.append(reason)
                cont_indent = lines[j].indent
                j += 1
                if len(lines[j - 1].chunks) > 1:
                    break  # the line with the numbers ends the label
            if len(chain[-1].chunks) == 1:
                # a label that never reaches numbers: join only on strong evidence, and short lines only
                keep = 1
                for reason in reasons:
                    if reason != "strong":
                        break
                    keep += 1
                if any(len(c.raw.strip()) >= 70 for c in chain[:keep]):
                    keep = 1
                chain = chain[:keep]
                j = i + keep
            if len(chain) > 1:
                label = " ".join(c.chunks[0].text for c in chain)
                head = chain[0].chunks[0]
                merged = Chunk(label, head.start, head.end, head.line)
                last = chain[-1]
                out.append(PhysLine(last.number, last.raw, "text", [merged] + last.chunks[1:]))
                i = j
                continue
        out.append(ln)
        i += 1
    return out


def _row_cells(ln: PhysLine, cols: Columns, out: _Out) -> CellList:
    """``[label, column 1 .. column N, (cells that fit no column)]`` for a row with numbers."""
    label_chunks: list[Chunk] = []
    slots: list[Chunk | None] = [None] * len(cols)
    extra: list[Chunk] = []
    seen_value = False
    for ch in ln.chunks:
        col = cols.column_of(ch)
        if col is None or (not seen_value and not ch.numeric and ch.start < cols.starts[0] + 1):
            if not seen_value:
                label_chunks.append(ch)
                continue
            col = 0 if col is None else col
        seen_value = seen_value or ch.numeric
        if slots[col] is None:
            slots[col] = ch
        else:
            extra.append(ch)
    if label_chunks:
        first = label_chunks[0]
        label = (" ".join(c.text for c in label_chunks), Span(out.file, first.line, first.start, label_chunks[-1].end, out.path))
    else:
        label = ("", Span(out.file, ln.number, 0, 0, out.path))
    cells: CellList = [label]
    for k, slot in enumerate(slots):
        if slot is None:
            cells.append(("", Span(out.file, ln.number, cols.starts[k], cols.starts[k], out.path)))
        else:
            cells.append((slot.text, out.span(slot)))
    cells.extend((ch.text, out.span(ch)) for ch in extra)
    return cells


CAPTION = re.compile(r"^\((?:\$\s*)?(?:in\s+)?(?:millions|thousands|billions|dollars|unaudited)\b", re.IGNORECASE)


def _header_signature(ln: PhysLine, cols: Columns) -> tuple[tuple[int, ...], ...] | None:
    """The columns each chunk of a header line covers, or None when a chunk lies over the labels
    or the line is a caption ("(MILLIONS)", "(Unaudited)") rather than a column heading."""
    if len(ln.chunks) == 1 and CAPTION.match(ln.chunks[0].text):
        return None
    sig = []
    for ch in ln.chunks:
        cov = cols.covered(ch)
        if not cov or -1 in cov:
            return None
        sig.append(cov)
    return tuple(sig)


def _emit_table(blocks: list[list[PhysLine]], cols: Columns | None, out: _Out) -> None:
    lines = [ln for b in blocks for ln in _join_labels([x for x in b if x.kind == "text"])]
    if cols is None:
        cols = cluster_columns([ln for ln in lines if len(ln.chunks) > 1 or (ln.chunks and ln.chunks[0].numeric)])
    if cols is None or len(cols) == 0:
        for ln in lines:
            out.add([(c.text, out.span(c)) for c in ln.chunks])
        return
    i = 0
    while i < len(lines):
        ln = lines[i]
        sig = _header_signature(ln, cols)
        is_data = any(c.numeric for c in ln.chunks) and not (
            sig is not None and all(YEAR_CELL.match(c.text) or not c.numeric for c in ln.chunks)
        )
        if sig is not None and not is_data:
            # a band of header lines over the same columns: join them column by column
            # a band of header lines over the same columns: join them column by column. Lines whose
            # chunks each sit over one column stack together; a line spanning columns stacks only
            # with lines spanning the same way.
            def simple(signature) -> bool:
                return all(len(c) == 1 for c in signature) and len({c[0] for c in signature}) == len(signature)

            band = [(ln, sig)]
            j = i + 1
            while j < len(lines):
                nsig = _header_signature(lines[j], cols)
                if nsig is None or any(c.numeric and not YEAR_CELL.match(c.text) for c in lines[j].chunks):
                    break
                if not (nsig == sig or (simple(nsig) and simple(sig))):
                    break
                band.append((lines[j], nsig))
                j += 1
            cells: CellList = [("", Span(out.file, ln.number, 0, 0, out.path))]
            slots: list[list[Chunk]] = [[] for _ in range(len(cols))]
            for b, bsig in band:
                for ch, cov in zip(b.chunks, bsig):
                    slots[cov[0]].append(ch)
            for k, group in enumerate(slots):
                if group:
                    text = " ".join(c.text for c in group)
                    cells.append((text, Span(out.file, group[0].line, group[0].start, group[0].end, out.path)))
                else:
                    cells.append(("", Span(out.file, ln.number, cols.starts[k], cols.starts[k], out.path)))
            out.add(cells)
            i = j
            continue
        if is_data:
            out.add(_row_cells(ln, cols, out))
        else:
            out.add([(c.text, out.span(c)) for c in ln.chunks])
        i += 1


def read_lines(raw_lines: list[str], file: str, *, first_line: int = 1, path: str = "") -> list[CellList]:
    """Logical lines (lists of ``(text, span)`` cells; ``[]`` for a blank line) of space-aligned text."""
    phys = [physical_line(raw, first_line + k) for k, raw in enumerate(raw_lines)]
    out = _Out(file, path)
    i = 0
    n = len(phys)

    def flush_region(blocks: list[list[PhysLine]]) -> None:
        """A run of non-prose blocks separated by single blank lines."""
        rows = [ln for b in blocks for ln in b]
        data_rows = [ln for ln in rows if ln.kind == "text" and len(ln.chunks) > 1 and any(c.numeric for c in ln.chunks)]
        if len(data_rows) >= 2:
            out.blank()
            _emit_table(blocks, None, out)
            out.blank()
            return
        for b in blocks:
            for ln in _join_labels([x for x in b if x.kind == "text"]):
                out.add([(c.text, out.span(c)) for c in ln.chunks])
            out.blank()

    region: list[list[PhysLine]] = []
    while i < n:
        ln = phys[i]
        if ln.kind == "markup" and ln.tag == "TABLE":
            if region:
                flush_region(region)
                region = []
            j = i + 1
            body: list[list[PhysLine]] = [[]]
            columns: list[int] = []
            while j < n and not (phys[j].kind == "markup" and phys[j].tag == "/TABLE"):
                if phys[j].kind == "markup" and phys[j].tag == "S":
                    columns = phys[j].columns
                if phys[j].kind == "blank":
                    body.append([])
                elif phys[j].kind == "text":
                    body[-1].append(phys[j])
                j += 1
            out.blank()
            cols = Columns(columns) if columns else None
            _emit_table([b for b in body if b], cols, out)
            out.blank()
            i = j + 1
            continue
        if ln.kind in ("markup", "rule"):
            i += 1
            continue
        if ln.kind == "blank":
            # count the blank run; two or more blank lines end a region
            j = i
            while j < n and (phys[j].kind in ("blank", "rule") or (phys[j].kind == "markup" and phys[j].tag == "PAGE")):
                j += 1
            blanks = sum(1 for k in range(i, j) if phys[k].kind == "blank")
            if blanks >= 2 or any(phys[k].kind == "markup" for k in range(i, j)):
                if region:
                    flush_region(region)
                    region = []
            i = j
            continue
        # a block: consecutive text/rule lines
        j = i
        block: list[PhysLine] = []
        while j < n and phys[j].kind in ("text", "rule"):
            block.append(phys[j])
            j += 1
        texts = [b for b in block if b.kind == "text"]
        if texts and _prose_block(texts):
            if region:
                flush_region(region)
                region = []
            out.blank()
            _emit_prose(texts, out)
            out.blank()
        else:
            region.append(block)
        i = j
    if region:
        flush_region(region)
    while out.lines and not out.lines[-1]:
        out.lines.pop()
    return out.lines


def to_document(logical: list[CellList], file: str, fmt: str = "text") -> Document:
    lines: list[Line] = []
    for cells in logical:
        number = len(lines) + 1
        if not cells:
            if lines and not lines[-1].is_blank:
                lines.append(Line(number, "", (Cell("", Span(file, 0, 0, 0)),)))
            continue
        text = " ".join(t for t, _s in cells if t)
        lines.append(Line(number, text, tuple(Cell(t, s) for t, s in cells)))
    while lines and lines[-1].is_blank:
        lines.pop()
    return Document(file, fmt, tuple(lines))  # type: ignore[arg-type]


def read_edgar_text(text: str, file: str) -> Document:
    return to_document(read_lines(text.split("\n"), file), file)
