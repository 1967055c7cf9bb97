"""Newswire copies of releases (markdown-ish text taken from a wire service's web page).

Their tables arrive in one of two damaged shapes, both read back into rows here:

- one cell per line: a label line, then its numbers one per line (``$`` alone on a line before
  its number, a negative's ``)`` alone on the line after it, a non-breaking space for a padding
  cell), headers one per line (``Three Months EndedSeptember 30,`` then ``2024`` ``2023``);
- a whole table collapsed onto one line, cells separated by runs of (non-breaking) spaces and rows
  glued where a number meets the next label: ``$ 6,042,986Marketable securities``.

Each row becomes one line ``[label, value, value, ...]``. Rows have lost their empty cells, so a
row with fewer numbers than its table's full rows cannot say which columns its numbers belong to:
its numbers are put after the table's columns (the extractor then reports them as unplaceable)
rather than guessed. Header cells stacked over the same columns (``September 30,`` ``December 31,``
over ``2024`` ``2023``) are joined pairwise. A word glued to a month (``EndedSeptember``) is split.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Cell, Document, Line, Span
from .edgar_text import is_number_text, tidy_number

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
GLUED_MONTH = re.compile(rf"(?<=[a-z])(?=(?:{MONTHS})\b)")
DATE_ONLY = re.compile(rf"^(?:{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{{1,2}},?$", re.IGNORECASE)
YEAR = re.compile(r"^(?:19|20)\d{2}$")
WELL_FORMED = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
# one printed value: $, parentheses, minus, digits with groups, decimals, percent; or a dash
VALUE = re.compile(
    r"[$\u20ac\u00a3]?\s?\(?\s?[$\u20ac\u00a3]?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?\)?%?"
)
SPACE_RUN = re.compile(r"[ \t\u00a0\u2007\u202f]{2,}")
WS = "[ \\t\\u00a0\\u2007\\u202f]"
CONNECTOR_END = re.compile(r"(?:\b(?:and|or|of|for|to|in|the|as|at|by|from|with|net)|[,(&-])$", re.IGNORECASE)
MD_HEADING = re.compile(r"^#{1,6}\s+")
MD_BOLD = re.compile(r"\*\*(.*?)\*\*")


@dataclass
class Token:
    kind: str  # text | value | open (``$`` waiting for its number) | close (``)``/``%``) | pad
    text: str
    line: int
    start: int
    end: int
    glued: bool = False  # a value glued to the text after it (``986Marketable``)

    def span(self, file: str) -> Span:
        return Span(file, self.line, self.start, self.end)


def _clean(text: str) -> str:
    text = MD_BOLD.sub(r"\1", text)
    text = MD_HEADING.sub("", text)
    text = text.replace("\\$", "$").replace("\\%", "%")
    text = GLUED_MONTH.sub(" ", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _value_kind(text: str) -> str | None:
    t = text.strip()
    if t in ("$", "\u20ac", "\u00a3", "US$"):
        return "open"
    if t in (")", "%", ")%", "%)"):
        return "close"
    if re.fullmatch(r"[$\u20ac\u00a3]?\s?\(\s?[$\u20ac\u00a3]?\s?[\d,.]+%?", t) and any(ch.isdigit() for ch in t):
        return "value" if WELL_FORMED.match(re.sub(r"[$\u20ac\u00a3()%\s-]", "", t)) else None  # "(1,509,250" waiting for ")"
    if is_number_text(t):
        core = re.sub(r"[$\u20ac\u00a3()%\s\-\u2212]", "", t)
        return "value" if not core or WELL_FORMED.match(core) else None
    return None


def is_collapsed_table(line: str) -> bool:
    """A whole table on one line: several number cells between runs of spaces, or rows glued."""
    if len(line) < 250:
        return False  # a space-aligned table row is short; a collapsed table runs on for hundreds of characters
    chunks = [c for c in SPACE_RUN.split(line) if c.strip()]
    numeric = sum(1 for c in chunks if _value_kind(c) == "value")
    glued = len(re.findall(r"\d[\d,]{2,}\)?(?=[A-Z][a-z])", line))
    return numeric >= 6 or glued >= 3


def _line_tokens(raw: str, line_no: int) -> list[Token]:
    """Tokens of a one-cell-per-line line."""
    stripped = raw.strip()
    if not stripped:
        return []
    start = len(raw) - len(raw.lstrip())
    end = start + len(stripped)
    if not stripped.replace("\u00a0", "").strip():
        return [Token("pad", "", line_no, start, end)]
    kind = _value_kind(stripped)
    if kind is not None:
        return [Token(kind, tidy_number(stripped) if kind == "value" else stripped, line_no, start, end)]
    return [Token("text", _clean(stripped), line_no, start, end)]


GLUE = re.compile(r"^([$\u20ac\u00a3]?\(?[$\u20ac\u00a3]?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?%?|[-\u2014\u2013])(?=[A-Z(][a-z(A-Z])")


def _words(text: str, offset: int) -> list[tuple[str, int, int]]:
    """Words of a chunk (single-space separated), split where a number is glued to the next label."""
    out: list[tuple[str, int, int]] = []
    for m in re.finditer(r"\S+", text):
        word, start = m.group(0), offset + m.start()
        while True:
            g = GLUE.match(word)
            if not g or g.end() == len(word):
                break
            out.append((g.group(1), start, start + g.end()))
            word, start = word[g.end():], start + g.end()
        out.append((word, start, start + len(word)))
    return out


def _word_kind(word: str) -> str:
    kind = _value_kind(word)
    return kind if kind is not None else "text"


def _split_text_values(text: str, offset: int, line_no: int) -> list[Token]:
    """A chunk of a collapsed table -> text and value tokens. Values are cells at the chunk's start,
    at its end, or glued to the next label; values amid words (``par value $0.001; 5,000,000 Shares``)
    and a year ending a label (``as of December 31, 2023``) stay text."""
    words = _words(text, offset)
    kinds = [_word_kind(w) for w, _s, _e in words]
    for i in range(1, len(words)):
        # the ")" of a label's own parenthesis ("Net Income (loss )") is text
        if kinds[i] == "close" and kinds[i - 1] == "text" and words[i - 1][0].count("(") > words[i - 1][0].count(")"):
            kinds[i] = "text"
    n = len(words)
    is_cell = [False] * n
    # leading values
    k = 0
    while k < n and kinds[k] != "text":
        is_cell[k] = True
        k += 1
    # values glued to the label after them, and the run of values before each glue point
    glued_ends = {i for i in range(n - 1) if words[i][2] == words[i + 1][1] and kinds[i + 1] == "text" and kinds[i] != "text"}
    for i in sorted(glued_ends):
        j = i
        while j >= 0 and kinds[j] != "text":
            is_cell[j] = True
            j -= 1
    # trailing values (a bare year straight after words is part of the label)
    j = n - 1
    while j >= 0 and kinds[j] != "text":
        j -= 1
    if j < n - 1:
        if not (j == n - 2 and j >= 0 and YEAR.match(words[-1][0])):
            for i in range(j + 1, n):
                is_cell[i] = True
    tokens: list[Token] = []
    text_run: list[tuple[str, int, int]] = []

    def flush_text() -> None:
        if text_run:
            start, end = text_run[0][1], text_run[-1][2]
            tokens.append(Token("text", _clean(text[start - offset:end - offset]), line_no, start, end))
            text_run.clear()

    for i, (word, start, end) in enumerate(words):
        if is_cell[i]:
            flush_text()
            kind = kinds[i]
            tokens.append(Token(kind, tidy_number(word) if kind == "value" else word, line_no, start, end, i in glued_ends))
        else:
            text_run.append((word, start, end))
    flush_text()
    return tokens


def _collapsed_tokens(raw: str, line_no: int) -> list[Token]:
    tokens: list[Token] = []
    for m in re.finditer(rf"\S(?:.*?\S)?(?={WS}{{2,}}|{WS}*$)", raw):
        tokens.extend(_split_text_values(m.group(0), m.start(), line_no))
    # join a label cut at a double space after a connector ("... outstanding as of  September 30, ...")
    joined: list[Token] = []
    for t in _split_dates(tokens):
        if (t.kind == "text" and joined and joined[-1].kind == "text" and CONNECTOR_END.search(joined[-1].text)
                and not DATE_ONLY.match(t.text) and not DATE_ONLY.match(joined[-1].text)):
            prev = joined[-1]
            joined[-1] = Token("text", prev.text + " " + t.text, prev.line, prev.start, t.end)
            continue
        joined.append(t)
    return joined


DATE_PHRASE = re.compile(rf"(?:{MONTHS})\.? \d{{1,2}},?")


def _split_dates(tokens: list[Token]) -> list[Token]:
    """A text token made only of several dates (``September 30, December 31,``) is one token per date."""
    out: list[Token] = []
    for t in tokens:
        found = list(DATE_PHRASE.finditer(t.text)) if t.kind == "text" else []
        if len(found) >= 2 and "".join(m.group(0) for m in found).replace(" ", "") == t.text.replace(" ", ""):
            for m in found:
                out.append(Token("text", m.group(0), t.line, t.start, t.end))
            continue
        out.append(t)
    return out


@dataclass
class _Row:
    label: Token | None
    values: list[Token]


def _rows(tokens: list[Token]) -> list[_Row]:
    rows: list[_Row] = []
    label: Token | None = None
    values: list[Token] = []
    pending: Token | None = None

    def flush() -> None:
        nonlocal label, values, pending
        if pending is not None:
            values.append(Token("value", pending.text, pending.line, pending.start, pending.end))
            pending = None
        if label is not None or values:
            rows.append(_Row(label, values))
        label, values = None, []

    for tok in tokens:
        if tok.kind == "pad":
            continue
        if tok.kind == "text":
            flush()
            label = tok
        elif tok.kind == "open":
            if pending is not None:
                values.append(Token("value", pending.text, pending.line, pending.start, pending.end))
            pending = tok
        elif tok.kind == "close":
            if pending is not None:
                values.append(Token("value", pending.text, pending.line, pending.start, pending.end))
                pending = None
            prev = values[-1] if values else None
            if prev is not None and re.search(r"\d", prev.text) and not YEAR.match(prev.text) and (
                not tok.text.startswith(")") or prev.text.count("(") > prev.text.count(")")
            ):
                prev.text = prev.text + tok.text
                prev.end = tok.end if tok.line == prev.line else prev.end
            else:
                values.append(Token("value", tok.text, tok.line, tok.start, tok.end))
        else:
            if pending is not None:
                tok = Token("value", pending.text + tok.text, tok.line, pending.start if pending.line == tok.line else tok.start,
                            tok.end, tok.glued)
                pending = None
            values.append(tok)
    flush()
    return rows


def _is_years(values: list[Token]) -> bool:
    return len(values) >= 2 and all(YEAR.match(v.text) for v in values)


CellList = list[tuple[str, Span]]


def _emit(rows: list[_Row], file: str) -> list[CellList]:
    """Rows -> cell lists; short rows of a table get their numbers after the table's columns."""
    out: list[CellList] = []
    # the column count of each run of rows with values (headings between rows stay in the run)
    ncols_of: dict[int, int] = {}
    run: list[int] = []

    def close_run() -> None:
        counts = [len(rows[k].values) for k in run if rows[k].values and not _is_years(rows[k].values)]
        n = max(counts) if counts else 0
        for k in run:
            ncols_of[k] = n
        run.clear()

    for k, row in enumerate(rows):
        if row.values and _is_years(row.values):
            close_run()  # a new header: a new table
        elif row.values:
            run.append(k)
        elif row.label is not None and len(row.label.text) > 200:
            close_run()
    close_run()

    for k, row in enumerate(rows):
        label = row.label
        if not row.values:
            if label is not None:
                out.append([(label.text, label.span(file))])
            continue
        if _is_years(row.values):
            if label is not None:
                out.append([(label.text, label.span(file))])
            years = row.values
            # "September 30," "December 31," just above, one per year: stack them over their years
            stacked = 0
            while stacked < len(out) and len(out[-1 - stacked]) == 1 and DATE_ONLY.match(out[-1 - stacked][0][0]):
                stacked += 1
            if stacked == len(years):
                dates = out[len(out) - stacked:]
                del out[len(out) - stacked:]
                cells: CellList = [("", dates[0][0][1])]
                cells += [(d[0][0] + " " + y.text, d[0][1]) for d, y in zip(dates, years)]
                out.append(cells)
            else:
                out.append([("", years[0].span(file))] + [(y.text, y.span(file)) for y in years])
            continue
        head = (label.text, label.span(file)) if label is not None else ("", row.values[0].span(file))
        values = [(v.text, v.span(file)) for v in row.values]
        n = ncols_of.get(k, len(values))
        if len(values) < n:
            blanks = [("", Span(file, row.values[0].line, 0, 0)) for _ in range(n)]
            out.append([head] + blanks + values)  # which columns these are is not known
        else:
            out.append([head] + values)
    return out


def read_newswire(text: str, file: str) -> Document:
    tokens: list[Token] = []
    for number, raw in enumerate(text.split("\n"), 1):
        raw = raw.rstrip("\r")
        if is_collapsed_table(raw):
            tokens.extend(_collapsed_tokens(raw, number))
        else:
            tokens.extend(_line_tokens(raw, number))
    lines: list[Line] = []
    for cells in _emit(_rows(tokens), file):
        shown = " ".join(t for t, _s in cells if t)
        lines.append(Line(len(lines) + 1, shown, tuple(Cell(t, s) for t, s in cells)))
    return Document(file, "text", tuple(lines))
