"""Company facts a release states about itself: registrant name, CIK, ticker, fiscal year end.

``company_facts(document)`` returns only what the document states, never a guess: a key is absent
when the release does not say it. Keys (the profile's keys, see ``converter/company.py``):

- ``name``: the registrant as named on the 8-K cover ("... (Exact name of registrant as specified in
  its charter)"), else the name printed just before its ticker ("Oracle Corporation (NYSE: ORCL)"),
  else a line holding only a company name ("Apple Inc.") above a financial statement;
- ``cik``: a number printed as "CIK" / "Central Index Key" (a Commission File Number is not a CIK);
- ``ticker`` and ``exchange``: "(NASDAQ: ABCD)", "NYSE: XYZ", "(NYSE:XY)";
- ``fiscal_year_end`` (``--MM-DD``): "fiscal year ends December 31", the end of a fiscal year's fourth
  quarter ("fiscal 2022 fourth quarter ended September 24, 2022"), or "Form 10-K for the (fiscal) year
  ended December 31, 2023".
"""
from __future__ import annotations

import datetime as dt
import re

from ..model import Document

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DAY = r"\s+(?P<day>\d{1,2})"
YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2}))"

EXCHANGES = r"NASDAQ(?:\s+(?:Global|Capital)(?:\s+Select)?\s+Market|GS|GM|CM)?|Nasdaq|NYSE(?:\s+(?:American|Arca|MKT))?|AMEX|OTCQX|OTCQB|OTC(?:\s+Markets)?|TSX(?:-V)?|LSE"
TICKER = re.compile(rf"\(?\b(?P<exchange>{EXCHANGES})\s*(?::|&#58;)\s*(?P<ticker>[A-Z][A-Z0-9]{{0,5}}(?:\.[A-Z])?)\b\)?")
CIK = re.compile(r"\b(?:CIK|Central\s+Index\s+Key)(?:\s+(?:No\.?|Number|#))?\s*[:#.]?\s*(?P<cik>\d{1,10})\b", re.IGNORECASE)
EXACT_NAME = re.compile(r"exact\s+name\s+of\s+registrant", re.IGNORECASE)
SUFFIX = (r"(?:Inc\.?|Incorporated|Corporation|Corp\.?|Co\.|Company|Ltd\.?|Limited|plc|PLC|LLC|L\.P\.|LP|N\.V\.|"
          r"S\.A\.|AG|SE|Holdings?|Group|Bancorp|Trust)")
NAME_BEFORE = re.compile(
    rf"(?P<name>(?:The\s+)?(?:[A-Z][\w&'\u2019.-]*,?\s+(?:(?:and|&|of|de)\s+)?){{0,6}}{SUFFIX}|(?:[A-Z][\w&'\u2019.-]*\s+){{0,3}}[A-Z][\w&'\u2019.-]*)\s*$"
)
NAME_LINE = re.compile(rf"^(?:The\s+|THE\s+)?(?:[A-Z][\w&'\u2019.-]*,?\s+(?:(?:and|AND|&|of|OF)\s+)?){{0,5}}{SUFFIX}$", re.IGNORECASE)
DEFINED_TERM = re.compile(r"\s*\((?:the\s+)?[\"\u201c][^)]*\)\s*$")
FYE_PATTERNS = [
    re.compile(rf"fiscal\s+year\s+(?:end|ends|ending)\s+(?:is\s+|on\s+)?{MONTH}{DAY}\b{YEAR}?", re.IGNORECASE),
    re.compile(rf"fiscal\s+(?:year\s+)?(?:(?:19|20)\d{{2}}\s+)?(?:fourth|4th)\s+quarter\s+ended\s+{MONTH}{DAY}{YEAR}", re.IGNORECASE),
    re.compile(rf"(?:fourth|4th)\s+quarter\s+of\s+fiscal\s+(?:year\s+)?(?:19|20)\d{{2}}\s*,?\s+ended\s+{MONTH}{DAY}{YEAR}", re.IGNORECASE),
    re.compile(rf"10-K\s+for\s+the\s+(?:fiscal\s+)?year\s+ended\s+{MONTH}{DAY}{YEAR}", re.IGNORECASE),
]


def _fye(match: re.Match) -> str | None:
    month = _MONTHS.get(match.group("month")[:3].lower())
    day = int(match.group("day"))
    try:
        dt.date(2000, month or 0, day)  # a leap year: 29 February is a valid year end
    except ValueError:
        return None
    return f"--{month:02d}-{day:02d}"


def _name_before(text: str) -> str | None:
    """The company name printed right before a ticker's parenthesis, defined terms skipped."""
    before = text
    while True:
        stripped = DEFINED_TERM.sub("", before)
        if stripped == before:
            break
        before = stripped
    before = re.sub(r"[\s\u2014\u2013-]+$", "", before)
    m = NAME_BEFORE.search(before[-160:])
    if not m:
        return None
    name = m.group("name").strip()
    name = re.sub(r"^(?:[A-Z][\w.]*-based|[A-Z]{2,}(?:,\s*[A-Z][\w.]+)*\s+--)\s+", "", name)  # "Atlanta-based"
    if not re.search(rf"{SUFFIX}$", name) and len(name.split()) > 3:
        return None
    words = name.split()
    if not words or all(w.lower() in ("for", "more", "information", "about", "visit", "the") for w in words):
        return None
    return name


def company_facts(document: Document) -> dict[str, str]:
    facts: dict[str, str] = {}
    lines = [ln.text for ln in document.lines]
    # the 8-K cover: the registrant's name is the line above "(Exact name of registrant ...)"
    for i, text in enumerate(lines):
        if exact := EXACT_NAME.search(text):
            head = text[:exact.start()].strip(" (")
            if head and NAME_LINE.match(head):
                facts["name"] = head
                break
            k = i - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            if k >= 0 and 0 < len(lines[k]) <= 120:
                facts["name"] = lines[k].strip()
                break
    for text in lines:
        if "cik" not in facts:
            m = CIK.search(text)
            if m:
                facts["cik"] = m.group("cik")
        if "ticker" not in facts:
            for m in TICKER.finditer(text):
                name = _name_before(text[:m.start()])
                facts["ticker"] = m.group("ticker")
                facts["exchange"] = re.sub(r"\s+", " ", m.group("exchange"))
                if name and "name" not in facts:
                    facts["name"] = name
                break
    if "name" not in facts:
        for text in lines:
            t = text.strip()
            if 3 <= len(t) <= 60 and NAME_LINE.match(t) and not re.match(r"^(?:the\s+)?company$", t, re.IGNORECASE):
                facts["name"] = t
                break
    for pattern in FYE_PATTERNS:
        for text in lines:
            m = pattern.search(text)
            if m:
                value = _fye(m)
                if value:
                    facts["fiscal_year_end"] = value
                    break
        if "fiscal_year_end" in facts:
            break
    return facts
