"""Find the tables of a ``Document`` and read them into rows, columns, periods and scale.

A table is a run of data rows (a label followed by numbers) with the heading rows between them,
under a header block whose dates give the columns' periods, below a title whose words give the
statement and whose caption gives the scale. Cells go to columns by count when a row has one
number per column, else by the cell position the table's full rows use; anything else is
reported, never guessed.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import UNLABELED_ROW, Column, Finding, Line, Reading, Row, Severity, Table
from ..rules import StatementKind
from .numbers import DASHES, MARKER, is_noise, looks_numeric, read_number
from .periods import DATE_RE, DURATION_RE, YEAR_RE, read_header, read_role_header

MAX_TITLE_LINES = 8
MAX_LABEL_CHARS = 200
HEADER_WORDS = re.compile(r"\b(?:ended|ending|months?|weeks?|quarter|year|as\s+of|unaudited|audited)\b", re.IGNORECASE)
SCALE_RE = re.compile(r"\bin\s+(thousands|millions|billions)\b|\(\s*(thousands|millions|billions)\b|\$\s*(000|000,000)s?\b", re.IGNORECASE)
SCALE_POWERS = {"thousands": 3, "millions": 6, "billions": 9, "000": 3, "000,000": 6}
# "except share and per share data", "except per share amounts and shares": a "share" that is not part of
# "per share" in the except-clause means share counts are printed as they are
SHARES_UNSCALED = re.compile(r"except\b[^)]*?(?<!per\s)(?<!per-)\bshares?\b(?!\s+(?:amounts?\s+)?per\b)(?!-)", re.IGNORECASE)
SHARES_SCALED = re.compile(r"shares?(?:\s+amounts?)?(?:,?\s+(?:which|that)\s+(?:are|is)\s+)?\s*(?:reflected\s+|presented\s+|stated\s+|shown\s+)?in\s+(thousands|millions)", re.IGNORECASE)
TRAILING_FOOTNOTE = re.compile(r"\s*(?:\(\d\)|\*+|\u00b9|\u00b2|\u00b3)$")
LEADING_MARKER = re.compile(r"^(?:\([a-z0-9]\)|[-\u2022\u00b7*]|[a-z]\))\s+", re.IGNORECASE)
BULLETS = set("\u25cf\u2022\u00b7-*\u25aa\u25a0")
FOOTNOTE_LINE = re.compile(r"^\s*(?:\(\d{1,2}\)|\*+|\[\d{1,2}\]|\u00b9|\u00b2|\u00b3)\s")
CAPS_HEADING = re.compile(r"^([A-Z][A-Z0-9 ,.'\u2019&()/-]+:)\s*(.+)$")


@dataclass
class _LineInfo:
    line: Line
    readings: list[tuple[int, Reading]]  # (cell index, reading)
    label_cells: list[str]
    trailing_text: list[str]
    kind: str  # data | heading | continuation | header | blank | prose
    noise: tuple = ()  # cells of stray symbols (where a currency sign would be)


def normalise_label(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s+", " ", text).strip()
    text = LEADING_MARKER.sub("", text)
    text = TRAILING_FOOTNOTE.sub("", text)
    text = text.rstrip(":").strip()
    return text.lower()


def repair_split_label(cells: list[str]) -> str:
    """Join label cells, dropping a letter that a PDF split doubled ("Net cash pr" + "rovided")."""
    out = ""
    for cell in cells:
        if out and out[-1].isalpha() and cell[:1].lower() == out[-1].lower():
            out += cell[1:]
        else:
            out = f"{out} {cell}" if out else cell
    return out


BASIS_POINTS = re.compile(r"^\(?[-\u2212]?\d[\d,]*(?:\.\d+)?\)?\s*(?:bps?|basis\s+points?)\.?$", re.IGNORECASE)


def _classify(line: Line) -> _LineInfo:
    cells = [(i, c) for i, c in enumerate(line.cells) if c.text]
    if not cells:
        return _LineInfo(line, [], [], [], "blank")
    readings: list[tuple[int, Reading]] = []
    label_cells: list[str] = []
    trailing: list[str] = []
    noise: list = []
    unsure = None  # a label cell ingest could not read with certainty: none of the row's numbers is read
    for i, cell in cells:
        text = cell.text
        if readings and BASIS_POINTS.match(text.strip()):
            # "(231) bp.": a change in basis points, in a change column; a number of no amount, never read
            readings.append((i, Reading(text.strip(), cell.span, None,
                                        problem="a change in basis points, not an amount of a period")))
            continue
        if looks_numeric(text) and not (not readings and not label_cells and text.strip().rstrip(".") in DASHES):
            reading = read_number(text, cell.span)
            if cell.problem:
                reading = Reading(reading.raw, reading.span, None, problem=cell.problem)
            readings.append((i, reading))
        elif is_noise(text):
            noise.append(cell)
        elif text in ("$",) or MARKER.match(text) or text.strip("_ ") == "":
            continue
        elif readings:
            trailing.append(text)
        else:
            label_cells.append(text)
            unsure = unsure or cell.problem
    if unsure:
        readings = [(i, Reading(r.raw, r.span, None, problem=f"the row's label is uncertain ({unsure})"))
                    for i, r in readings]
    label = " ".join(label_cells)
    if readings and all(re.fullmatch(r"(?:19|20)\d{2}", r.raw.strip()) for _i, r in readings) and (
        not label_cells or _is_header_text(line.text)
    ):
        return _LineInfo(line, [], label_cells, [], "header")
    if len(line.cells) <= 1 and len(line.text) > MAX_LABEL_CHARS:
        return _LineInfo(line, [], label_cells, [], "prose")
    if readings and not label_cells:
        return _LineInfo(line, readings, [], trailing, "continuation", tuple(noise))
    if readings and (len(label) <= MAX_LABEL_CHARS or len(line.cells) > 1):
        return _LineInfo(line, readings, label_cells, trailing, "data", tuple(noise))
    if _is_header_text(line.text) and not readings:
        return _LineInfo(line, [], label_cells, [], "header")
    if label and len(label) <= 160 and len(line.cells) >= 1 and not label.endswith("."):
        return _LineInfo(line, [], label_cells, [], "heading")
    return _LineInfo(line, readings, label_cells, trailing, "prose")


def _is_header_text(text: str) -> bool:
    if len(text) > 160:
        return False
    has_date = bool(DATE_RE.search(text) or DURATION_RE.search(text))
    has_years = len(YEAR_RE.findall(text)) >= 2
    return has_date or has_years or (bool(HEADER_WORDS.search(text)) and len(text) < 60 and bool(YEAR_RE.search(text)))


def read_scale(title_lines: list[str]) -> tuple[int, int, str | None]:
    """(monetary power of ten, share-count power of ten, caption) from the title lines, nearest first."""
    for text in title_lines:
        m = SCALE_RE.search(text)
        if m:
            word = (m.group(1) or m.group(2) or m.group(3)).lower()
            power = SCALE_POWERS[word]
            shares = 0 if SHARES_UNSCALED.search(text) else power
            sm = SHARES_SCALED.search(text)
            if sm:
                shares = SCALE_POWERS[sm.group(1).lower()]
            return power, shares, text
    return 0, 0, None


def classify_statement(title_lines: list[str], kinds: tuple[StatementKind, ...]) -> tuple[str, str]:
    """(statement kind, title line) for the nearest title line that names a statement."""
    for text in title_lines:
        stripped = text.strip()
        if len(stripped) > 300 or stripped[:1] in BULLETS or (stripped.endswith(".") and len(stripped) > 60):
            continue  # a sentence or a bullet point mentions statements; it does not title one
        for kind in kinds:
            if kind.matches(text):
                return kind.kind, text
    short = next((t for t in title_lines if len(t) <= 120), "")
    return "other", short


def find_tables(lines: tuple[Line, ...], kinds: tuple[StatementKind, ...], file: str) -> tuple[list[Table], list[Finding]]:
    infos = [_classify(line) for line in lines]
    tables: list[Table] = []
    findings: list[Finding] = []
    i = 0
    prev_end = -1
    while i < len(infos):
        if infos[i].kind != "data":
            i += 1
            continue
        # extend the table downwards: data, heading and continuation rows (no blank lines)
        j = i
        while j + 1 < len(infos) and infos[j + 1].kind in ("data", "heading", "continuation"):
            j += 1
        while j > i and infos[j].kind == "heading":
            j -= 1
        if sum(1 for k in range(i, j + 1) if infos[k].kind == "data") < 2:
            i = j + 1
            continue
        # upwards: heading rows, then the header block
        start = i
        while start - 1 > prev_end and infos[start - 1].kind == "heading" and not _is_header_text(infos[start - 1].line.text):
            start -= 1
        header_end = start
        hstart = header_end
        while hstart - 1 > prev_end and infos[hstart - 1].kind in ("header", "heading") and _is_header_text(infos[hstart - 1].line.text):
            hstart -= 1
        header_lines = [infos[k].line for k in range(hstart, header_end)]
        title_lines: list[str] = []
        k = hstart - 1
        while k > prev_end and len(title_lines) < MAX_TITLE_LINES:
            if infos[k].kind != "blank" and not FOOTNOTE_LINE.match(infos[k].line.text):
                title_lines.append(infos[k].line.text)
            k -= 1
        table, table_findings = _build_table(
            f"t{len(tables) + 1}", infos[start:j + 1], header_lines, title_lines, kinds, file
        )
        tables.append(table)
        findings.extend(table_findings)
        prev_end = j
        i = j + 1
    return tables, findings


def _build_table(table_id, infos, header_lines, title_lines, kinds, file) -> tuple[Table, list[Finding]]:
    findings: list[Finding] = []
    statement, title = classify_statement(title_lines, kinds)
    header_texts = [ln.text for ln in header_lines]
    first_data = next((i for i, inf in enumerate(infos) if inf.kind == "data"), 0)
    lead_texts = [inf.line.text for inf in infos[:first_data]]  # captions between the header and the rows
    scale_m, scale_s, caption = read_scale(lead_texts + header_texts[::-1] + title_lines)
    data = [inf for inf in infos if inf.kind == "data"]
    counts = Counter(len(inf.readings) for inf in data)
    ncols = max(counts) if counts else 0
    # header -> periods; a header of years alone takes its dates from the title lines just above
    header = read_header(header_texts, ncols)
    if header.periods is None and title_lines:
        near = [t for t in title_lines[:2] if len(t) <= 160][::-1]
        retry = read_header(near + header_texts, ncols) if near else header
        if retry.periods is not None:
            header = retry
    roles = None
    if header.periods is None and header_lines:
        roles = read_role_header([[(i, c.text.strip()) for i, c in enumerate(ln.cells) if c.text.strip()]
                                  for ln in header_lines], ncols)
    if roles is not None and roles.periods is not None:
        change = "a change between two periods (a percent-change column), not a fact of either"
        columns = tuple(Column(c, p, roles.labels[c], None if p else change, end=p.end if p else None,
                               length=roles.length if p else None, role=roles.roles[c])
                        for c, p in enumerate(roles.periods))
    elif header.periods is None:
        problem = header.problem if roles is None else f"{header.problem}; as GAAP and non-GAAP side by side: {roles.problem}"
        columns = tuple(Column(c, None, "", problem) for c in range(ncols))
        if header_lines or statement != "other":
            findings.append(Finding(
                "extract.periodUnknown", Severity.WARNING,
                f"table {table_id} ({title[:60]!r}): cannot read the columns' periods: {problem}",
                header_lines[0].cells[0].span if header_lines else None, table_id=table_id,
            ))
    else:
        columns = tuple(Column(c, p, header.labels[c], end=p.end,
                               length=header.lengths[c] if c < len(header.lengths) else None)
                        for c, p in enumerate(header.periods))
    # learn cell position -> column from the full rows
    position_votes: dict[int, Counter] = {}
    for inf in data:
        if len(inf.readings) == ncols:
            for col, (cell_index, _r) in enumerate(inf.readings):
                position_votes.setdefault(cell_index, Counter())[col] += 1
    position = {ci: votes.most_common(1)[0][0] for ci, votes in position_votes.items()
                if len(votes) == 1 or votes.most_common(2)[0][1] > 2 * votes.most_common(2)[1][1]}

    rows: list[Row] = []
    section = ""
    thousands = scale_m >= 3
    for inf in infos:
        for cell in inf.noise:
            findings.append(Finding(
                "damage.strayCell", Severity.INFO,
                f"stray symbol {cell.text!r} in row {' '.join(inf.label_cells) or '(no label)'!r} (where a currency "
                f"sign would be) is ignored; it is no number and the row's numbers are read without it",
                cell.span, cell.text, table_id))
        if inf.kind == "heading":
            heading = normalise_label(" ".join(inf.label_cells))
            if heading:
                section = heading
            continue
        raw_label = " ".join(inf.label_cells)
        label = normalise_label(raw_label)
        m = CAPS_HEADING.match(raw_label.strip())
        if m and not m.group(2).isupper():
            section = normalise_label(m.group(1))
            label = normalise_label(m.group(2))
        # a refused reading stays as it is (re-reading could only add a problem, or lose ingest's own)
        readings = [(ci, r if r.problem else read_number(r.raw, r.span, thousands_table=thousands))
                    for ci, r in inf.readings]
        cells: list[Reading | None] = [None] * ncols
        extras: list[Reading] = []
        problem = None
        if len(readings) == ncols:
            for col, (_ci, r) in enumerate(readings):
                cells[col] = r
        elif len(readings) > ncols:
            problem = f"{len(readings)} numbers for {ncols} columns"
            extras = [r for _ci, r in readings]
        else:
            for ci, r in readings:
                at = position.get(ci)
                if at is None or cells[at] is not None:
                    problem = "cannot tell which column a number belongs to"
                    extras = [r for _ci, r in readings]
                    cells = [None] * ncols
                    break
                cells[at] = r
        if inf.trailing_text:
            problem = problem or f"text after the numbers: {' '.join(inf.trailing_text)[:40]!r}"
        if inf.kind == "continuation":
            # numbers alone on a line: they belong to the row above when they fill only its empty columns
            if rows and not problem and rows[-1].problem is None and all(
                cells[c] is None or rows[-1].cells[c] is None for c in range(ncols)
            ) and rows[-1].line == inf.line.number - 1:
                prev = rows[-1]
                merged = tuple(prev.cells[c] if prev.cells[c] is not None else cells[c] for c in range(ncols))
                rows[-1] = Row(prev.label, prev.raw_label, prev.section, prev.line, merged, prev.extras, prev.problem,
                               prev.merged_lines + (inf.line.number,), prev.alt_label)
                continue
            problem = problem or UNLABELED_ROW
        alt = normalise_label(repair_split_label(inf.label_cells))
        if m and not m.group(2).isupper():
            alt = label
        rows.append(Row(label, raw_label, section, inf.line.number, tuple(cells), tuple(extras), problem,
                        alt_label=alt if alt != label else ""))
        if label.startswith("total"):
            section = label

    rows = _refuse_damaged_columns(table_id, rows, ncols, findings)
    first = min((inf.line.number for inf in infos), default=0)
    if header_lines:
        first = header_lines[0].number
    evidence = ""
    unknown: tuple[str, ...] = ()
    if statement == "other":
        statement, evidence = classify_by_content(rows, columns, kinds)
        if evidence:
            findings.append(Finding(
                "extract.statementByContent", Severity.INFO,
                f"table {table_id} ({title[:60]!r}) has no statement title; it is read as a {statement} statement "
                f"by its rows: {evidence}", header_lines[0].cells[0].span if header_lines else None, table_id=table_id))
            if caption is None:
                # no title and no caption: the scale is not guessed; only rows agreeing digit for digit with
                # a table whose scale is printed can prove it (mapping.scale)
                unknown = ("monetary", "shares")
                scale_m = scale_s = 0
    return Table(
        id=table_id, statement=statement, title=title, title_line=0, first_line=first,
        last_line=infos[-1].line.number if infos else first, scale_monetary=scale_m, scale_shares=scale_s,
        columns=columns, rows=tuple(rows), statement_evidence=evidence, scale_caption=caption or "",
        scale_unknown=unknown,
    ), findings


def classify_by_content(rows: list[Row], columns: tuple[Column, ...],
                        kinds: tuple[StatementKind, ...]) -> tuple[str, str]:
    """(statement kind, evidence) for a table no title names: the first kind whose ``content`` patterns match
    at least ``content_min`` of its row labels and whose columns are all of the periods it wants; ("other", "")
    when none does. The evidence names the rows and the columns."""
    if not columns or any(c.period is None for c in columns):
        return "other", ""
    labels = [r.label for r in rows if r.label and any(c is not None for c in r.cells)]
    instants = all(c.period.is_instant for c in columns)  # type: ignore[union-attr]
    for kind in kinds:
        if not kind.content:
            continue
        if kind.content_columns == "instant" and not instants:
            continue
        if kind.content_columns == "duration" and any(c.period.is_instant for c in columns):  # type: ignore[union-attr]
            continue
        found = kind.content_evidence(labels)
        if len(found) >= kind.content_min:
            periods = ", ".join(c.period.describe() for c in columns)  # type: ignore[union-attr]
            return kind.kind, (f"rows {', '.join(repr(f) for f in found)} ({len(found)} of the {kind.content_min} "
                               f"its rules want) and columns {periods}")
    return "other", ""


def _refuse_damaged_columns(table_id: str, rows: list[Row], ncols: int, findings: list[Finding]) -> list[Row]:
    """A column where most numbers are malformed cannot vouch for its well-formed-looking ones either."""
    out = rows
    for col in range(ncols):
        readings = [read for r in out if (read := r.cells[col]) is not None]
        damaged = [r for r in readings if r.problem]
        if len(readings) >= 4 and len(damaged) * 2 >= len(readings):
            reason = f"column {col + 1} is damaged: {len(damaged)} of {len(readings)} numbers are malformed"
            findings.append(Finding("damage.column", Severity.WARNING, f"table {table_id}: {reason}; none of its numbers is tagged",
                                    readings[0].span, table_id=table_id))
            new_rows = []
            for r in out:
                cell = r.cells[col]
                if cell is not None and cell.problem is None:
                    cell = Reading(cell.raw, cell.span, cell.value, cell.negative, cell.dash, cell.decimals_printed,
                                   problem=reason)
                    cells = list(r.cells)
                    cells[col] = cell
                    r = Row(r.label, r.raw_label, r.section, r.line, tuple(cells), r.extras, r.problem, r.merged_lines,
                            r.alt_label)
                new_rows.append(r)
            out = new_rows
    return out
