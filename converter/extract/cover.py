"""The cover of a release: its report date, and the values its 8-K cover prints.

The report date (``find_report_date``): the 8-K's "Date of Report", else the date the release says its
information is as of ("All information provided in this release ... is as of April 24, 2025"), else the
release's dateline (a date after a place and before a dash or a wire, a release label's date, or a line
that is only a date above the text), else a dateline without a year whose year the period ends make
certain, else the first dated line (which the pipeline refuses when it is a period end), else None.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


# A dateline: a place ("CITY, ST.", "CITY, State,", "CITY"), a separator, at most a wire in parentheses
# ("- (NewMediaWire) -"), then the date, the text before the date being only that
_PLACE = r"[A-Z][A-Za-z.'\u2019&\- ]{1,40}(?:,[ \t]*[A-Za-z.'\u2019&\- ]{1,30}){0,2}"
_SEP = r"[ \t]*(?:,|[-\u2013\u2014]+)?[ \t]*"
_WIRE_PAREN = r"(?:\([ \t]*[A-Za-z][A-Za-z .&\-]{0,40}\)[ \t]*[-\u2013\u2014]+[ \t]*)?"
DATELINE_BEFORE = re.compile(rf"^[\s*_>#]*{_PLACE}{_SEP}{_WIRE_PAREN}$")
# what follows a dateline's date: a dash ("-- Company ..."), a wire between slashes ("/PRNewswire/ --"), or
# a parenthesis ("(BUSINESS WIRE) --")
DATELINE_AFTER = re.compile(r"^[ \t]*(?:[-\u2013\u2014]+|/[^/\n]{1,50}/|\()")
# after a dateline's date without a year: a wire must follow ("July 22 /PRNewswire-FirstCall/ --")
WIRE_AFTER = re.compile(r"^[ \t]*(?:/[^/\n]{0,40}(?:wire|PR\b)[^/\n]{0,40}/|[-\u2013\u2014]*[ \t]*\(?[A-Za-z ]{0,20}wire\b)",
                        re.IGNORECASE)
# words of a period or a position, not of a place ("Third Quarter Ended September 30, 2024 - ...")
NOT_A_PLACE = re.compile(r"\b(?:ended|ending|end|as\s+of|at|through|for|on|quarter|year|period|months?|weeks?|"
                         r"balance|results?|fiscal)\b", re.IGNORECASE)
# "For Immediate Release: November 22, 2024"
RELEASE_LABEL = re.compile(r"^[\s*_>#]*(?:for\s+(?:immediate\s+)?release|release\s+date|released)[ \t]*[:\-\u2013\u2014]?[ \t]*$",
                           re.IGNORECASE)
PERIOD_WORDS = re.compile(r"\b(?:ended|ending)\b", re.IGNORECASE)
HEAD_LINES = 60  # a dateline sits in the release's first lines
YEAR_WINDOW = 120  # days after the latest period end within which a year-less dateline's date must fall


@dataclass(frozen=True)
class ReportDate:
    """The report date read from the release: the date, how it was read (``how``: "date of report",
    "information as of", "dateline", "release date", "date line", "year-less dateline", "first dated
    line") and the line it was read from."""
    date: dt.date
    how: str
    line: Line | None = None


def _dateline(line: Line) -> tuple[re.Match[str], bool] | None:
    """The date of a dateline on this line (the match, and whether a release label precedes it)."""
    text = line.text
    for m in DATE_RE.finditer(text):
        before, after = text[:m.start()], text[m.end():]
        if m.start() > 100:
            break
        if RELEASE_LABEL.match(before) and m.group(3):
            return m, True
        if NOT_A_PLACE.search(before) or not DATELINE_BEFORE.match(before):
            continue
        if m.group(3):
            if ("," in before or "(" in before or before.rstrip().endswith(("-", "\u2013", "\u2014"))) \
                    and DATELINE_AFTER.match(after):
                return m, False
        elif WIRE_AFTER.match(after) and "," in before:
            return m, False
    return None


def year_from_period_ends(month: str, day: str, period_ends: frozenset[dt.date]) -> dt.date | None:
    """The date of a year-less dateline ("July 22") when the year is certain: the one year that puts it after
    the latest period end the release reports and within ``YEAR_WINDOW`` days of it; else None."""
    if not period_ends:
        return None
    latest = max(period_ends)
    fits = []
    for year in (latest.year, latest.year + 1):
        date = make_date(month, day, year)
        if date is not None and latest < date <= latest + dt.timedelta(days=YEAR_WINDOW):
            fits.append(date)
    return fits[0] if len(fits) == 1 else None


def find_report_date(document: Document,
                     period_ends: Callable[[], frozenset[dt.date]] | None = None) -> ReportDate | None:
    """The release's own date, in this order: a 'Date of Report' line; the date the release says its
    information is as of; the dateline ("CITY, ST. - (Wire) - November 12, 2024 - ...", "CITY, Month D,
    YYYY --", "For Immediate Release: November 22, 2024") or a line that is only a date among the release's
    first lines before any period is named; a dateline without a year ("CITY, State, July 22 /PRNewswire/
    --") when ``period_ends`` (the period ends the release reports, asked for only then) make its year
    certain; else the first dated line (which the pipeline refuses when it is a period end)."""
    for line in document.lines[:200]:
        if REPORT_LABEL.search(line.text):
            dates = _dates(line.text)
            if dates:
                return ReportDate(dates[0], "date of report", line)
    for line in document.lines:
        m = INFORMATION_AS_OF.search(line.text)
        if m:
            dates = _dates(line.text[m.end():m.end() + 40])
            if dates and DATE_RE.match(line.text, m.end()):
                return ReportDate(dates[0], "information as of", line)
    yearless: list[tuple[re.Match[str], Line]] = []
    named_period = False
    for line in document.lines[:HEAD_LINES]:
        found = _dateline(line)
        if found is not None:
            m, labelled = found
            if m.group(3):
                date = make_date(m.group(1), m.group(2), int(m.group(3)))
                if date is not None:
                    return ReportDate(date, "release date" if labelled else "dateline", line)
            else:
                yearless.append((m, line))
        bare = line.text.strip(" \t*_#>")
        m = DATE_RE.fullmatch(bare)
        if m and m.group(3) and not named_period:
            date = make_date(m.group(1), m.group(2), int(m.group(3)))
            if date is not None:
                return ReportDate(date, "date line", line)
        named_period = named_period or bool(PERIOD_WORDS.search(line.text))
    if yearless and period_ends is not None:
        m, line = yearless[0]
        date = year_from_period_ends(m.group(1), m.group(2), period_ends())
        if date is not None:
            return ReportDate(date, "year-less dateline", line)
    for line in document.lines[:200]:
        if len(line.text) > 40:
            dates = _dates(line.text)
            if dates:
                return ReportDate(dates[0], "first dated line", line)
    return None


def filing_guesses(document: Document, report_date: dt.date, given: bool, chosen: dict[str, str],
                   available: dict[str, list[str]], calendar: FiscalCalendar | None = None,
                   period_ends: frozenset[dt.date] = frozenset(), found: ReportDate | None = None) -> list[Finding]:
    """Warnings for what the filing assumes: the report date when no 'Date of Report' line states it (and
    ``--report-date`` did not give it; ``found``: how it was read), and each taxonomy family (dei) whose
    version was chosen by that date among several in the package (``chosen``: family -> version date;
    ``available``: family -> all), and the fiscal calendar when it was inferred from the release
    (``calendar``) rather than stated."""
    out: list[Finding] = []
    if not given and not any(REPORT_LABEL.search(line.text) for line in document.lines[:200]):
        where: Line | None = found.line if found is not None else None
        if where is None:
            where = next((line for line in document.lines[:200] if len(line.text) > 40 and report_date in _dates(line.text)),
                         None)
        how = {"dateline": "the release's dateline", "release date": "the release's dateline",
               "date line": "the date line at the release's top",
               "year-less dateline": "the release's dateline (no year printed: the year is the one that puts it "
                                     "within 120 days after the latest period end the release reports)",
               "information as of": "the sentence saying the release's information is as of it"}.get(
            found.how if found is not None else "", "the first dated line")
        span = where.cells[0].span if where is not None and where.cells else None
        shown = f" ({span}: {' '.join(where.text.split())[:80]!r})" if where is not None and span is not None else ""
        period_end = ("; it is the end of a period the release reports, so probably not the release's own date"
                      if report_date in period_ends else "")
        out.append(Finding("guess.reportDate", Severity.WARNING,
                           f"report date {report_date.isoformat()} read from {how}{shown}: the release "
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
