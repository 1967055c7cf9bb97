"""The report date: the 8-K's "Date of Report", else the date the release says its information is as
of ("All information provided in this release ... is as of April 24, 2025"), else the release's
dateline (the first dated line), else None."""
from __future__ import annotations

import datetime as dt
import re

from ..model import Document
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
