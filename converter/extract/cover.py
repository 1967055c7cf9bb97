"""The report date: the 8-K's "Date of Report", else the release's dateline, else None."""
from __future__ import annotations

import datetime as dt
import re

from ..model import Document
from .periods import DATE_RE, make_date

REPORT_LABEL = re.compile(r"date\s+of\s+(?:report|earliest\s+event)", re.IGNORECASE)


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
    for line in document.lines[:200]:
        if len(line.text) > 40:
            dates = _dates(line.text)
            if dates:
                return dates[0]
    return None
