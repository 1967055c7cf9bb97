"""The report date: the 8-K's "Date of Report", else the date the release says its information is as
of ("All information provided in this release ... is as of April 24, 2025"), else the release's
dateline (the first dated line), else None."""
from __future__ import annotations

import datetime as dt
import re

from ..model import Document, Finding, FiscalCalendar, Severity
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
