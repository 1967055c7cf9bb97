"""The cover of a release: its report date, and the values its 8-K cover prints.

The report date: the 8-K's "Date of Report", else the date the release says its information is as
of ("All information provided in this release ... is as of April 24, 2025"), else the release's
dateline (the first dated line), else None.

The cover values (``read_cover``): what the ``[[cover]]`` patterns of ``taxonomy/cover.toml`` match in
the cover region (the lines before the first "Item N.NN" heading, at most 80), each with its span; the
mapping (``mapping.cover``) tags them as dei facts. Where a PDF extraction split a value across cells, the
cells are joined back in the order of preference below, and a join is kept only when the entry's pattern
then matches:
- digit | digit: joined directly ("4" | "75 Tenth Avenue" -> "475 Tenth Avenue"), else with the
  doubled digit dropped ("609-420" | "00" -> "609-4200"), else with a space;
- letter | same letter: the doubled letter dropped ("telepho" | "one" -> "telephone"), else a space;
- otherwise a space.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from decimal import Decimal

from ..model import CoverValue, Document, Finding, FiscalCalendar, Line, Reading, Severity, Span
from ..rules.cover import CoverRule
from .periods import DATE_RE, make_date

REPORT_LABEL = re.compile(r"date\s+of\s+(?:report|earliest\s+event)", re.IGNORECASE)
# "All information provided in this release and in the attachments is as of July 23, 2025",
# "The information in this press release speaks only as of ..."
INFORMATION_AS_OF = re.compile(
    r"\binformation\b[^.;]{0,160}?\b(?:this|the)\s+(?:press\s+|news\s+|earnings\s+)?release\b[^.;]{0,160}?"
    r"\b(?:is|are|speaks?|was)\s+(?:only\s+|current\s+|made\s+)?as\s+of\s+(?=\S)",
    re.IGNORECASE,
)


def _dates(text: str) -> list[dt.date]:
    out = []
    for m in DATE_RE.finditer(text):
        if m.group(3):
            date = make_date(m.group(1), m.group(2), int(m.group(3)))
            if date:
                out.append(date)
    return out


def find_report_date(document: Document) -> dt.date | None:
    for line in document.lines[:200]:
        if REPORT_LABEL.search(line.text):
            dates = _dates(line.text)
            if dates:
                return dates[0]
    for line in document.lines:
        m = INFORMATION_AS_OF.search(line.text)
        if m:
            dates = _dates(line.text[m.end():m.end() + 40])
            if dates and DATE_RE.match(line.text, m.end()):
                return dates[0]
    for line in document.lines[:200]:
        if len(line.text) > 40:
            dates = _dates(line.text)
            if dates:
                return dates[0]
    return None


def filing_guesses(document: Document, report_date: dt.date, given: bool, chosen: dict[str, str],
                   available: dict[str, list[str]], calendar: FiscalCalendar | None = None,
                   period_ends: frozenset[dt.date] = frozenset()) -> list[Finding]:
    """Warnings for what the filing assumes: the report date when no 'Date of Report' line states it (and
    ``--report-date`` did not give it), and each taxonomy family (dei) whose version was chosen by that
    date among several in the package (``chosen``: family -> version date; ``available``: family -> all),
    and the fiscal calendar when it was inferred from the release (``calendar``) rather than stated."""
    out: list[Finding] = []
    if not given and not any(REPORT_LABEL.search(line.text) for line in document.lines[:200]):
        where = next((line for line in document.lines[:200] if len(line.text) > 40 and report_date in _dates(line.text)), None)
        span = where.cells[0].span if where is not None and where.cells else None
        shown = f" ({span}: {' '.join(where.text.split())[:80]!r})" if where is not None and span is not None else ""
        period_end = ("; it is the end of a period the release reports, so probably not the release's own date"
                      if report_date in period_ends else "")
        out.append(Finding("guess.reportDate", Severity.WARNING,
                           f"report date {report_date.isoformat()} read from the first dated line{shown}: the release "
                           f"prints no 'Date of Report'{period_end}; give --report-date YYYY-MM-DD if the 8-K's date "
                           f"differs", span))
    for family in sorted(chosen):
        versions = sorted(set(available.get(family, [])))
        if family != "dei" or len(versions) < 2:
            continue
        if chosen[family] > report_date.isoformat():
            why = (f"the oldest of {', '.join(versions)} in the taxonomy package: none was released on or before "
                   f"the report date {report_date.isoformat()}")
        else:
            why = (f"the newest of {', '.join(versions)} in the taxonomy package released on or before the report "
                   f"date {report_date.isoformat()}")
        out.append(Finding("guess.deiVersion", Severity.WARNING, f"dei {chosen[family]} chosen: {why}"))
    if calendar is not None:
        out.append(Finding("guess.fiscalCalendar", Severity.WARNING,
                           f"fiscal calendar inferred from the release: {calendar.describe()} ({calendar.source}); "
                           f"state fiscal_calendar in the company profile (\"calendar months\", \"last Saturday of "
                           f"September\", ...) if it is not"))
    return out


# --------------------------------------------------------------------------- the cover's values

ITEM_HEADING = re.compile(r"^\s*item\s+\d+\.\d+", re.IGNORECASE)
MAX_VARIANTS = 81


def _joins(left: str, right: str) -> list[str]:
    """How two cells may be joined, in order of preference."""
    if left and right and left[-1].isdigit() and right[0].isdigit():
        out = ["", "dedupe", " "] if left[-1] == right[0] else ["", " "]
        return out
    if left and right and left[-1].isalpha() and left[-1].lower() == right[0].lower():
        return ["dedupe", " "]
    return [" "]


def line_variants(line: Line) -> list[tuple[str, list[int], bool]]:
    """(text, column of each character in the source line, repaired?) for the ways the line's cells join."""
    cells = [c for c in line.cells if c.text]
    if not cells:
        return []
    verbatim = all(line.text[c.span.col_start:c.span.col_end] == c.text for c in cells)
    # OCR-split repairs rely on the cells being the line's own characters at their columns
    options = [_joins(a.text, b.text) if verbatim else [" "] for a, b in zip(cells, cells[1:])]
    variants = []
    for n, choice in enumerate(itertools.product(*options)):
        if n >= MAX_VARIANTS:
            break
        text, cols = cells[0].text, list(range(cells[0].span.col_start, cells[0].span.col_start + len(cells[0].text)))
        for how, cell in zip(choice, cells[1:]):
            piece, start = cell.text, cell.span.col_start
            if how == "dedupe":
                piece, start = piece[1:], start + 1
            elif how == " ":
                text += " "
                cols.append(cell.span.col_start - 1)
            text += piece
            cols.extend(range(start, start + len(piece)))
        variants.append((text, cols, any(h != " " for h in choice)))
    return variants


def cover_region(document: Document) -> list[Line]:
    out = []
    for line in document.lines:
        if ITEM_HEADING.match(line.text):
            break
        out.append(line)
    return out[:80]


def _normalise(value: str, kind: str | None) -> str:
    if kind == "date":
        m = re.match(r"([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})", value)
        date = make_date(m.group(1), m.group(2), int(m.group(3))) if m else None
        return date.isoformat() if date else value
    if kind == "upper":
        return value.upper()
    return re.sub(r"\s+", " ", value).strip()


def read_cover(document: Document, rules: Sequence[CoverRule]) -> tuple[CoverValue, ...]:
    """The values the cover region prints where the ``rules`` find them, in the rules' order: each concept
    once, from the first entry and line whose pattern matches it (an entry reads the first line it matches,
    or with a ``caption``, the first non-blank line above the caption's); a value whose characters sit in
    cells whose spacing the reader did not keep is left out (it has no exact place)."""
    lines = cover_region(document)
    out: list[CoverValue] = []
    seen: set[str] = set()
    for rule in rules:
        candidates = lines
        if rule.caption is not None:
            candidates = []
            for i, line in enumerate(lines):
                if rule.caption.search(line.text):
                    above = next((lines[k] for k in range(i - 1, -1, -1) if not lines[k].is_blank), None)
                    if above is not None:
                        candidates.append(above)
                    break
        for line in candidates:
            match = None
            for text, cols, repaired in line_variants(line):
                match = rule.pattern.search(text)
                if match:
                    break
            if not match:
                continue
            for group, concept in rule.concepts.items():
                value = match.group(group)
                if value is None or concept in seen:
                    continue
                seen.add(concept)
                start, end = match.span(group)
                if not repaired and cols[end - 1] - cols[start] != end - 1 - start:
                    continue  # the value spans cells whose spacing the reader did not keep: no exact place
                span = Span(document.path, _source_line(line), cols[start], cols[end - 1] + 1)
                if repaired:  # cells joined back: show the line's own characters over the span
                    printed = document.lines[line.number - 1].text[span.col_start:span.col_end]
                else:  # the cells' own characters (a reader may have collapsed the line's spacing)
                    printed = value
                reading = Reading(printed if printed.strip() else value, span, Decimal(0))
                out.append(CoverValue(rule.id, rule.origin, concept, value, _normalise(value, rule.values.get(group)),
                                      rule.formats.get(group), reading, repaired, line.number))
            break
    return tuple(out)


def _source_line(line: Line) -> int:
    """The file line a document line starts on (the same number for plain text)."""
    return line.cells[0].span.line if line.cells else line.number
