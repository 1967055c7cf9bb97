"""What the templates draw: the release's lines as paragraphs and tables, each tagged number with its fact.

Contexts and units are derived here from the facts (one context per period and dimension set, only
the units used), with stable ids so that the same input always gives the same document.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from ..model import Anchors, Fact, Filing, Period, QName, Table, require_ids

TRANSFORM_NS = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
UNITS = {
    "USD": {"measure": "iso4217:USD"},
    "shares": {"measure": "xbrli:shares"},
    "pure": {"measure": "xbrli:pure"},
    "USDPerShare": {"numerator": "iso4217:USD", "denominator": "xbrli:shares"},
}


@dataclass(frozen=True)
class Context:
    id: str
    period: Period
    dims: tuple[tuple[QName, QName], ...]


def context_id(period: Period, dims: tuple[tuple[QName, QName], ...]) -> str:
    cid = "c-" + period.key
    if dims:
        digest = hashlib.sha1("|".join(f"{a}={m}" for a, m in dims).encode()).hexdigest()[:8]
        cid += "-" + digest
    return cid


@dataclass
class TaggedValue:
    fact: Fact
    fact_id: str
    context_id: str
    prefix: str
    shown: str
    suffix: str
    format: str

    @property
    def sign(self) -> bool:
        return cast(Decimal, self.fact.value) < 0  # a nonFraction: numeric facts only


@dataclass
class CellView:
    text: str = ""  # shown as is when the cell is not tagged
    tagged: TaggedValue | None = None
    nested: list[TaggedValue] = field(default_factory=list)  # more facts of the same figure, inside the first
    refused: str | None = None  # why a number here is not tagged
    anchor: str = ""  # the element id of a refused cell (``x-N``), which the review report links to
    key: tuple[int, int] | None = None  # (source line, column) of the number in the cell


@dataclass
class RowView:
    line: int
    kind: str  # data | heading | raw
    label: str
    cells: list[CellView] = field(default_factory=list)
    label_segments: list[Segment] = field(default_factory=list)  # a caption with tagged figures in it


@dataclass
class TableView:
    table: Table
    headers: list[str]
    column_labels: list[str]
    rows: list[RowView]


@dataclass
class Segment:
    text: str  # shown as is (whitespace collapsed) when untagged
    numeric: TaggedValue | None = None
    textual: TaggedText | None = None
    nested: list[TaggedValue] = field(default_factory=list)  # more facts of the same printed figure, inside it


@dataclass
class TaggedText:
    fact: Fact
    fact_id: str
    context_id: str
    shown: str


@dataclass
class Block:
    kind: str  # "p" | "table"
    line: int
    text: str = ""
    table: TableView | None = None
    segments: list[Segment] = field(default_factory=list)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def paragraph_segments(text: str, facts: list[Fact], fact_ids: dict[str, str]) -> list[Segment]:
    """The line's text cut around the spans of the facts tagged in it (left to right, no overlaps)."""
    segments, pos = [], 0
    for fact in sorted(facts, key=lambda f: f.reading.span.col_start):
        start, end = fact.reading.span.col_start, fact.reading.span.col_end
        raw = fact.reading.raw
        if raw and text[start:end] != raw:
            # the line's text may not keep the source's columns (a reader that collapses runs of spaces):
            # tag the printed figure where the text holds it, the occurrence nearest its source column
            found = [m for m in range(pos, len(text)) if text.startswith(raw, m)]
            if not found:
                continue
            start = min(found, key=lambda m: abs(m - start))
            end = start + len(raw)
        if start < pos:
            continue
        if start > pos:
            segments.append(Segment(collapse(text[pos:start])))
        if fact.is_numeric:
            segments.append(Segment("", numeric=tagged_value(fact, fact_ids[fact.id])))
        else:
            shown = fact.shown if fact.shown is not None else collapse(text[start:end])
            segments.append(Segment("", textual=TaggedText(fact, fact_ids[fact.id], context_id(fact.period, fact.dims), shown)))
        pos = end
    if pos < len(text):
        segments.append(Segment(collapse(text[pos:])))
    return segments


def caption_segments(label: str, offset: int, facts: list[Fact], fact_ids: dict[str, str]) -> list[Segment]:
    """A row's caption cut around the figures tagged in it; a figure that holds several facts (a share
    count issued and outstanding, at two dates) is tagged once with the others nested inside it."""
    at: dict[int, list[Fact]] = {}
    for fact in facts:
        at.setdefault(fact.reading.span.col_start - offset, []).append(fact)
    segments, pos = [], 0
    for start in sorted(at):
        group = sorted(at[start], key=lambda f: fact_ids[f.id])
        end = start + len(group[0].reading.raw)
        if start < pos or label[start:end] != group[0].reading.raw:
            continue
        if start > pos:
            segments.append(Segment(collapse(label[pos:start])))
        values = [tagged_value(f, fact_ids[f.id]) for f in group]
        segments.append(Segment("", numeric=values[0], nested=values[1:]))
        pos = end
    if pos < len(label):
        segments.append(Segment(collapse(label[pos:])))
    return segments


def split_number_text(raw: str) -> tuple[str, str, str]:
    """('$ (', '1,301', ')') for '$ (1,301)': what surrounds the digits stays outside the tag."""
    match = re.search(r"[\d][\d,.]*", raw)
    if not match:
        return raw, "", ""
    return raw[: match.start()], match.group(0), raw[match.end():]


def tagged_value(fact: Fact, fact_id: str) -> TaggedValue:
    raw = fact.reading.raw
    if fact.reading.dash:
        return TaggedValue(fact, fact_id, context_id(fact.period, fact.dims), "", raw.strip("$ ") or "-", "",
                           "ixt:fixed-zero")
    prefix, digits, suffix = split_number_text(raw)
    prefix = prefix.replace("-", "").replace("\u2212", "")
    if fact.reading.negative and not raw.strip().startswith("(") and not cast(Decimal, fact.value) < 0:
        prefix = "-" + prefix  # a printed minus that the fact's own sign convention absorbs
    return TaggedValue(fact, fact_id, context_id(fact.period, fact.dims), prefix, digits, suffix, "ixt:num-dot-decimal")


def build_blocks(filing: Filing) -> tuple[list[Block], list[Context], list[str], dict[str, str]]:
    """(blocks to draw, contexts, unit ids, element id by ``Fact.id``) for a filing.

    A tagged fact's element id is ``f-<n>``, numbered in source order (line, column, concept) among the
    facts tagged: the numbering of what is drawn, keyed by each fact's own id."""
    require_ids(filing.facts)
    facts_by_span: dict[tuple[int, int], list[Fact]] = {}
    text_facts_by_line: dict[int, list[Fact]] = {}
    table_ids = {t.id for t in filing.tables}
    for fact in filing.facts:
        if fact.table_id in table_ids:
            facts_by_span.setdefault((fact.reading.span.line, fact.reading.span.col_start), []).append(fact)
            facts_by_span.setdefault(("row", fact.table_id, fact.row_line), []).append(fact)  # type: ignore[arg-type]
        elif fact.row_line > 0:
            text_facts_by_line.setdefault(fact.row_line, []).append(fact)
    refused_by_span = {
        (f.span.line, f.span.col_start): f.message for f in filing.findings if f.span is not None
    }
    fact_ids: dict[str, str] = {}
    for n, fact in enumerate(sorted(filing.facts, key=lambda f: (f.reading.span.line, f.reading.span.col_start, str(f.concept))), 1):
        fact_ids[fact.id] = f"f-{n}"

    tables_by_first = {t.first_line: t for t in filing.tables}
    blocks: list[Block] = []
    lines = filing.document.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        table = tables_by_first.get(line.number)
        if table is not None:
            blocks.append(Block("table", line.number, table=_table_view(table, filing, facts_by_span, refused_by_span, fact_ids)))
            while i < len(lines) and lines[i].number <= table.last_line:
                i += 1
            continue
        if not line.is_blank:
            segments = paragraph_segments(line.text, text_facts_by_line.get(line.number, []), fact_ids)
            blocks.append(Block("p", line.number, text=collapse(line.text).strip(), segments=segments))
        i += 1

    refused_number = 0
    for block in blocks:
        for row in (block.table.rows if block.table is not None else ()):
            for cell in row.cells:
                if cell.refused and cell.tagged is None:
                    refused_number += 1
                    cell.anchor = f"x-{refused_number}"

    contexts: dict[str, Context] = {}
    for fact in filing.facts:
        cid = context_id(fact.period, fact.dims)
        contexts.setdefault(cid, Context(cid, fact.period, fact.dims))
    units = sorted({fact.unit for fact in filing.facts if fact.unit})
    return blocks, [contexts[k] for k in sorted(contexts)], units, fact_ids


def element_anchors(filing: Filing, blocks: list[Block]) -> Anchors:
    """The ``Anchors`` of a filing's blocks (as ``build_blocks`` made them)."""
    drawn: dict[int, str] = {}
    for block in blocks:
        if block.kind == "p":
            drawn[block.line] = f"L{block.line}"
            continue
        view = block.table
        assert view is not None
        for number in range(view.table.first_line, view.table.last_line + 1):
            drawn.setdefault(number, f"T{block.line}")
        for row in view.table.rows:
            for merged in row.merged_lines:
                drawn[merged] = f"L{row.line}"
        for row_view in view.rows:
            drawn[row_view.line] = f"L{row_view.line}"
    elements: dict[tuple[int, int], str] = {}
    lines: dict[int, str] = {}
    for line in filing.document.lines:
        anchor = drawn.get(line.number)
        if anchor is None:
            continue
        for cell in line.cells:
            elements.setdefault((cell.span.line, cell.span.col_start), anchor)
            lines.setdefault(cell.span.line, anchor)
    cells = {cell.key: (cell.anchor, cell.text) for block in blocks
             for row in (block.table.rows if block.table is not None else ()) for cell in row.cells
             if cell.anchor and cell.key is not None}
    return Anchors(cells, elements, lines)


def _table_view(table: Table, filing: Filing, facts_by_span, refused_by_span, fact_ids) -> TableView:
    rows_by_line = {r.line: r for r in table.rows}
    merged = {ln for r in table.rows for ln in r.merged_lines}
    headers, rows = [], []
    for line in filing.document.lines[table.first_line - 1: table.last_line]:
        if line.is_blank or line.number in merged:
            continue
        row = rows_by_line.get(line.number)
        if row is None:
            if line.number < (table.rows[0].line if table.rows else 0):
                headers.append(collapse(line.text).strip())
            else:
                rows.append(RowView(line.number, "heading" if len(line.text) < 120 else "raw", collapse(line.text).strip()))
            continue
        view = RowView(line.number, "data", row.raw_label or "")
        cell_keys = {(r.span.line, r.span.col_start) for r in row.cells if r is not None}
        in_caption = [f for f in facts_by_span.get(("row", table.id, row.line), [])
                      if (f.reading.span.line, f.reading.span.col_start) not in cell_keys]
        if in_caption and row.raw_label and line.text.find(row.raw_label) >= 0:
            view.label_segments = caption_segments(row.raw_label, line.text.find(row.raw_label), in_caption, fact_ids)
        for reading in row.cells:
            if reading is None:
                view.cells.append(CellView())
                continue
            key = (reading.span.line, reading.span.col_start)
            facts = facts_by_span.get(key)
            if facts:
                values = [tagged_value(f, fact_ids[f.id]) for f in sorted(facts, key=lambda f: fact_ids[f.id])]
                view.cells.append(CellView(tagged=values[0], nested=values[1:]))
            else:
                view.cells.append(CellView(text=reading.raw, refused=refused_by_span.get(key) or reading.problem or row.problem,
                                           key=key))
        if row.extras:
            view.cells.append(CellView(text=" ".join(r.raw for r in row.extras), refused=row.problem,
                                       key=(row.extras[0].span.line, row.extras[0].span.col_start)))
        rows.append(view)
    labels = [c.header or "" for c in table.columns]
    return TableView(table, headers, labels, rows)


def decimal_text(value: Decimal) -> str:
    return format(value, "f")
