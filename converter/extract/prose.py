"""Figures stated in sentences and in guidance lists, read where the ``[[prose]]`` entries of
``taxonomy/prose.toml`` match (the entries and their macros: ``rules.prose``); the mapping tags them
(``mapping.prose``).

Named groups of an entry's pattern: ``value`` (one figure), ``low``/``high`` (a range, printed in either order),
``period`` (else the nearest period phrase of the sentence, else the heading of the guidance list),
``member``, ``date`` (the day of an event, for entries with ``period = "event"``).

"Three months ended March 31, 2025" (and six, nine, twelve months, the quarter or year ended a date) names
a duration only where the release has a column for it: its start is taken from that column, never computed.
An entry with ``period = "only"`` takes its sentence's one period phrase, and only when the sentence holds
no other figure of its kind: "16.4% compared to 17.3% in the first quarter of 2024" (whose period is
whose?) or a sentence naming several periods is reported, not read.
An entry with ``period = "event"`` (a dividend declared) states a figure of the quarter the event falls in,
as filers tag it (Alphabet's 10-Q for April-June 2025 tags the $0.21 dividend its Q1 release announced): the
``date`` group must name that day and it must fall inside a quarter the release reports; a sentence that
gives no date, or one after the release's last quarter (a quarter not over when the release is dated), is
reported, not read.

Guidance entries (``section = "guidance"``) apply only to the lines under a heading such as
"Financial Expectations", "Guidance" or "Outlook"; each sub-heading there ("Fourth Quarter 2013",
"Full Year 2013") gives the period of the lines below it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model import (
    Document,
    Finding,
    FiscalCalendar,
    Line,
    Period,
    ProseFigure,
    ProseValue,
    Reading,
    Severity,
    Span,
    Table,
    add_months,
    month_end,
)
from ..rules.prose import COUNT, MONEY, PERCENT, PERIOD, ProseRule
from .periods import DATE_RE, make_date

SCALE_WORDS = {"thousand": 3, "million": 6, "billion": 9}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
MONTHS_ENDED_RE = re.compile(r"(three|six|nine|twelve|3|6|9|12)[\s-]+months?|(quarter|year)\s+ended", re.IGNORECASE)
LENGTH_WORDS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12, "quarter": 3, "year": 12}
# the figures of a sentence of the same kind as an entry's (for ``period = "only"``: one period, one figure)
FIGURE_OF_UNIT = {"monetary": MONEY, "perShare": MONEY, "percent": PERCENT,
                  "shares": r"\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion))?\s+shares\b",
                  "count": COUNT}
GUIDANCE_HEADING = re.compile(r"^\s*(?:financial\s+expectations|guidance|outlook|business\s+outlook)\b", re.IGNORECASE)


# ----------------------------------------------------------------------------- periods


def quarter_of(end: dt.date, fiscal_year_end: str) -> tuple[int, int]:
    """(fiscal year, quarter number) of a quarter ending on ``end``."""
    fye_month = int(fiscal_year_end[2:4]) if re.fullmatch(r"--\d\d-\d\d", fiscal_year_end) else 12
    months_after = (end.month - fye_month) % 12 or 12
    year = end.year if end.month <= fye_month else end.year + 1
    return year, (months_after + 2) // 3


def quarter_period(fiscal_year: int, quarter: int, fiscal_year_end: str) -> Period:
    fye_month = int(fiscal_year_end[2:4]) if re.fullmatch(r"--\d\d-\d\d", fiscal_year_end) else 12
    year_end = dt.date(fiscal_year, fye_month, 1)
    end_first = add_months(year_end, -(4 - quarter) * 3)
    end = add_months(end_first, 1) - dt.timedelta(days=1)
    start = add_months(end + dt.timedelta(days=1), -3)
    return Period(end=end, start=start)


def year_period(fiscal_year: int, fiscal_year_end: str) -> Period:
    q4 = quarter_period(fiscal_year, 4, fiscal_year_end)
    q1 = quarter_period(fiscal_year, 1, fiscal_year_end)
    return Period(end=q4.end, start=q1.start)


def parse_period(text: str, current: Period, fiscal_year_end: str, known: tuple[Period, ...] = ()) -> Period | None:
    """A period phrase of a release, relative to its current quarter. A duration ending on a printed date
    ("the three months ended March 31, 2025") is the one of the release's column periods (``known``)
    with that end and length, or None when the release has no such column."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    m = DATE_RE.search(t)
    length = MONTHS_ENDED_RE.search(t)
    if m and m.group(3) and length and length.start() < m.start():
        end = make_date(m.group(1), m.group(2), int(m.group(3)))
        months = LENGTH_WORDS[(length.group(1) or length.group(2)).lower()]
        fits = {p for p in known if p.start is not None and p.end == end
                and round((p.end - p.start).days / 30.44) == months}
        return fits.pop() if len(fits) == 1 else None
    if m and m.group(3):
        date = make_date(m.group(1), m.group(2), int(m.group(3)))
        return Period(end=date) if date else None
    fy, q = quarter_of(current.end, fiscal_year_end)
    m = re.search(r"(first|second|third|fourth) quarter(?: (?:of )?(?:fiscal )?(\d{4}))?", t)
    if m:
        quarter = ORDINALS[m.group(1)]
        year = int(m.group(2)) if m.group(2) else (fy if quarter <= q else fy - 1)
        return quarter_period(year, quarter, fiscal_year_end)
    if re.search(r"(?:last|previous|prior) quarter", t):
        return quarter_period(fy if q > 1 else fy - 1, q - 1 if q > 1 else 4, fiscal_year_end)
    if re.search(r"same quarter last year", t):
        return quarter_period(fy - 1, q, fiscal_year_end)
    if re.fullmatch(r"(?:the )?quarter", t):
        return current
    m = re.search(r"(?:full|fiscal) year (\d{4})|(\d{4}) full year", t)
    if m:
        return year_period(int(m.group(1) or m.group(2)), fiscal_year_end)
    return None


def column_periods(tables: tuple[Table, ...]) -> tuple[Period, ...]:
    """The periods of the release's table columns (durations and instants), in order, once each."""
    return tuple(dict.fromkeys(c.period for t in tables for c in t.columns if c.period is not None))


def current_quarter(tables: tuple[Table, ...]) -> Period | None:
    """The latest three-month column of the release's statements."""
    quarters = [c.period for t in tables for c in t.columns
                if c.period is not None and c.period.start is not None and 80 <= (c.period.end - c.period.start).days <= 100]
    return max(quarters, key=lambda p: p.end) if quarters else None


# ----------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Figure:
    value: Decimal
    decimals: int
    scale: int
    digits_start: int  # offsets of the digits to tag, within the matched text
    digits_end: int
    negative: bool


def read_figure(text: str, unit: str, default_scale_word: str | None = None) -> Figure | None:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m:
        return None
    digits = m.group(0)
    if re.search(r",(?!\d{3}(?:\D|$))", digits):
        return None  # malformed digit groups: never read
    printed_decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = Decimal(digits.replace(",", ""))
    negative = bool(re.search(r"\(\s*\$?\s*\d", text) or re.search(r"(?:negative|minus|-)\s*\d", text, re.IGNORECASE))
    word = re.search(r"(thousand|million|billion)", text, re.IGNORECASE)
    scale_word = word.group(1).lower() if word else default_scale_word
    scale = SCALE_WORDS.get(scale_word or "", 0)
    if unit == "percent":
        scale = -2
    decimals = printed_decimals - scale
    value = value.scaleb(scale)
    return Figure(-value if negative else value, decimals, scale, m.start(), m.end(), negative)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"(?<=[a-z0-9%)])\.\s+(?=[A-Z\"])", text):
        spans.append((start, m.start() + 1))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def read_prose(document: Document, tables: tuple[Table, ...], rules: Sequence[ProseRule], fiscal_year_end: str,
               calendar: FiscalCalendar | None = None) -> tuple[ProseValue | Finding, ...]:
    """The figures the ``rules`` find in the release's sentences (lines outside its tables), and what could
    not be read (a ``Finding``: a line ingest was unsure of, a period that cannot be read or is uncertain),
    in the document's order. Quarters and years named in words are calendar-month periods of the fiscal
    year ending ``fiscal_year_end``; on a 52/53-week ``calendar`` they become that calendar's periods, or
    are not read when it cannot say them for certain."""
    if calendar is not None and calendar.kind == "weeks" and len({r.month for r in calendar.rules}) == 1:
        fiscal_year_end = f"--{calendar.rules[0].month:02d}-{month_end(2001, calendar.rules[0].month).day:02d}"
    out: list[ProseValue | Finding] = []
    current = current_quarter(tables)
    if current is None or not rules:
        return ()
    in_table = {n for t in tables for n in range(t.first_line, t.last_line + 1)}
    known = column_periods(tables)
    guidance_on, heading_period = False, None
    for line in document.lines:
        if line.number in in_table or line.is_blank:
            continue
        unsure = next((c.problem for c in line.cells if c.problem), None)
        if unsure:  # ingest could not tell what a reader sees on this line: none of its figures is read
            if re.search(r"\d", line.text):
                out.append(Finding("prose.uncertain", Severity.WARNING, f"figures on this line are not read: {unsure}",
                                   line.cells[0].span, line.text[:120]))
            continue
        text = line.text
        if GUIDANCE_HEADING.match(text):
            guidance_on, heading_period = True, None
            continue
        stripped = text.strip()
        is_heading = len(stripped) < 60 and not stripped.startswith(("-", "\u2022", "\u00b7")) and not stripped.endswith(".")
        if guidance_on and is_heading:
            period_m = re.search(PERIOD + r"|(?:first|second|third|fourth)\s+quarter\s+\d{4}|\d{4}", stripped, re.IGNORECASE)
            heading_period = _heading_period(stripped, current, fiscal_year_end)
            if heading_period is None and period_m is None:
                guidance_on = False
            continue
        if guidance_on and len(stripped) > 200:
            guidance_on = False
        for s_start, s_end in _sentences(text):
            sentence = text[s_start:s_end]
            for rule in rules:
                if (rule.section == "guidance") != guidance_on:
                    continue
                for match in rule.pattern.finditer(sentence):
                    read = _value_of(match, rule, sentence, s_start, line, document, current, fiscal_year_end,
                                     heading_period, calendar, known)
                    if read is not None:
                        out.append(read)
    return tuple(out)


def _heading_period(text: str, current: Period, fiscal_year_end: str) -> Period | None:
    t = text.lower()
    m = re.search(r"(first|second|third|fourth)\s+quarter\s+(?:of\s+)?(?:fiscal\s+)?(\d{4})", t)
    if m:
        return quarter_period(int(m.group(2)), ORDINALS[m.group(1)], fiscal_year_end)
    m = re.search(r"(?:full|fiscal)\s+year\s+(\d{4})|(\d{4})\s+(?:full\s+year|fiscal\s+year)", t)
    if m:
        return year_period(int(m.group(1) or m.group(2)), fiscal_year_end)
    return None


def _event_period(rule: ProseRule, groups: dict[str, str | None], known: tuple[Period, ...], current: Period,
                  span_all: Span, text: str) -> Period | Finding:
    """The quarter of the release an event's date (``date`` group) falls in, or the finding why not."""
    m = DATE_RE.search(groups.get("date") or "")
    day = make_date(m.group(1), m.group(2), int(m.group(3))) if m and m.group(3) else None
    if day is None:
        return Finding(
            "prose.eventDateUnknown", Severity.INFO,
            f"{text.strip()!r} ({rule.origin}) is not tagged: the sentence does not say on which day it happened, and filers "
            f"tag it in the quarter it falls in (on or before the release's date, maybe after its last quarter "
            f"ended {current.end.isoformat()}), which therefore cannot be told", span_all, text.strip(), "prose")
    quarters = [p for p in known if p.start is not None and 80 <= (p.end - p.start).days <= 100 and p.start <= day <= p.end]
    if not quarters:
        return Finding(
            "prose.eventAfterPeriods", Severity.INFO,
            f"{text.strip()!r} ({rule.origin}) is not tagged: it happened on {day.isoformat()}, in no quarter the release "
            f"reports (the last ends {current.end.isoformat()}); filers tag it in the quarter it falls in, which "
            f"is not over when the release is dated", span_all, text.strip(), "prose")
    first: Period = quarters[0]
    return first


def _value_of(match: re.Match[str], rule: ProseRule, sentence: str, offset: int, line: Line, document: Document,
              current: Period, fye: str, heading_period: Period | None, calendar: FiscalCalendar | None,
              known: tuple[Period, ...]) -> ProseValue | Finding | None:
    """What one match of an entry's pattern reads: its figures and their period, or the finding why its
    period cannot be read (None: the sentence says nothing to report)."""
    groups = match.groupdict()
    period: Period | None = None
    span_all = Span(document.path, _source_line(line),  offset + match.start(), offset + match.end())
    if rule.period == "event":
        event = _event_period(rule, groups, known, current, span_all, match.group(0))
        if isinstance(event, Finding):
            return event
        period = event
    elif groups.get("period"):
        period = parse_period(groups["period"] or "", current, fye, known)
    elif rule.section == "guidance":
        period = heading_period
    elif rule.period == "only":
        phrases = {parse_period(m.group(0), current, fye, known) for m in re.finditer(PERIOD, sentence, re.IGNORECASE)}
        alike = len(re.findall(FIGURE_OF_UNIT.get(rule.unit, MONEY), sentence, re.IGNORECASE))
        if len(phrases) > 1 or (phrases and alike > 1):
            doubt = (f"names {len(phrases)} periods" if len(phrases) > 1 else
                     f"holds {alike} figures of its kind (a comparison?) for one period phrase")
            return Finding("prose.periodAmbiguous", Severity.INFO,
                           f"{match.group(0).strip()!r} ({rule.origin}) is not tagged: its sentence {doubt}, "
                           f"and which period is the figure's is not read", span_all,
                           match.group(0).strip(), "prose")
        period = phrases.pop() if phrases else None
    else:
        nearest = list(re.finditer(PERIOD, sentence, re.IGNORECASE))
        if nearest:
            period = parse_period(min(nearest, key=lambda m: abs(m.start() - match.start())).group(0), current, fye, known)
    if period is None:
        return Finding("prose.periodUnknown", Severity.INFO,
                       f"{match.group(0)!r} ({rule.origin}) is not tagged: no period can be read for it",
                       span_all, match.group(0), "prose")
    if period.start is not None and period != current and period not in known and calendar is not None \
            and calendar.kind != "months":
        named, why = calendar.quarter(period)
        if named is None:
            return Finding("prose.periodUncertain", Severity.INFO,
                           f"{match.group(0)!r} ({rule.origin}) is not tagged: its period on the company's "
                           f"{calendar.describe()} cannot be determined with certainty ({why})",
                           span_all, match.group(0), "prose")
        period = named
    figures: dict[str, Figure] = {}
    unreadable: Finding | None = None
    for g in [g for g in ("value", "low", "high") if groups.get(g)]:
        scale_word = None
        if g in ("low", "high"):
            word = re.search(r"(thousand|million|billion)", sentence[match.start():match.end()], re.IGNORECASE)
            scale_word = word.group(1).lower() if word else None
        printed = groups[g] or ""
        fig = read_figure(printed, rule.unit, scale_word)
        if fig is None:
            unreadable = Finding("prose.unreadable", Severity.WARNING,
                                 f"{printed!r} ({rule.origin}) is not tagged: the number cannot be read with certainty",
                                 span_all, printed, "prose")
            figures = {}
            break
        figures[g] = fig
    if "low" in figures and "high" in figures and figures["low"].value > figures["high"].value:
        figures["low"], figures["high"] = figures["high"], figures["low"]  # a range printed high-to-low
        swapped = {"low": "high", "high": "low"}
    else:
        swapped = {"low": "low", "high": "high"}
    read: list[ProseFigure] = []
    for g, fig in figures.items():
        g_start = match.start(swapped.get(g, g))
        start = offset + g_start + fig.digits_start
        end = offset + g_start + fig.digits_end
        reading = Reading(line.text[start:end], Span(document.path, _source_line(line),  start, end), fig.value,
                          negative=fig.negative, decimals_printed=max(fig.decimals + fig.scale, 0))
        read.append(ProseFigure(g, fig.value, reading, fig.decimals, fig.scale))
    return ProseValue(
        rule=rule.id, origin=rule.origin, concept=rule.concept, unit=rule.unit, sign=rule.sign, dims=rule.dims,
        guidance=rule.section == "guidance", period=period, member=groups.get("member"), text=match.group(0),
        span=span_all, line=line.number, figures=tuple(read), unreadable=unreadable,
    )


def _source_line(line: Line) -> int:
    """The file line a document line starts on (the same number for plain text)."""
    return line.cells[0].span.line if line.cells else line.number
