"""Periods from column headers: "Three Months Ended September 30, 2013", "Nine Months Ended
September 30," over a row of years, "13 Weeks Ended", "December 31, 2012" (an instant)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import Length, Period, add_months

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "nine": 9, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "twenty-six": 26, "twenty six": 26, "thirty-nine": 39, "thirty nine": 39,
    "fifty-two": 52, "fifty two": 52, "fifty-three": 53, "fifty three": 53, "twenty-seven": 27, "forty": 40,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM_RE = "|".join(sorted((re.escape(k) for k in WORD_NUMBERS), key=len, reverse=True))

DATE_RE = re.compile(rf"\b({_MONTH_RE})\.?[ \t]+(\d{{1,2}})[ \t]*,?[ \t]*((?:19|20)\d{{2}})?\b", re.IGNORECASE)
DURATION_RE = re.compile(
    rf"\b(?:({_NUM_RE}|\d{{1,2}})[\s-]*(months?|mo\b|mos\b|weeks?|wks?\b)"
    r"|(years?[\s-]+to[\s-]+date|\bytd\b|fiscal\s+years?(?=\s+end)|years?(?=\s+end)|quarters?(?=\s+end)"
    r"|fiscal\s+year\b(?!\s+\d)))",
    re.IGNORECASE,
)
ENDED_WITHOUT_LENGTH = re.compile(r"\bperiods?\s+end(?:ed|ing)\b", re.IGNORECASE)
YEAR_RE = re.compile(r"(?<![\d,.$])((?:19|20)\d{2})(?![\d,.])")
YEARS_ONLY = re.compile(r"(?:\s*(?:19|20)\d{2})+\s*")


Duration = Length  # the length of a period as printed


def parse_duration(match: re.Match) -> Length:
    if match.group(3):
        word = re.sub(r"[\s-]+", " ", match.group(3).lower())
        if word.startswith(("year to date", "years to date", "ytd")):
            return Length(0, "ytd")
        return Length(3, "month") if word.startswith("quarter") else Length(12, "month")
    number = match.group(1).lower()
    count = int(number) if number.isdigit() else WORD_NUMBERS[number]
    unit = "week" if match.group(2).lower().startswith("w") else "month"
    return Length(count, unit)  # type: ignore[arg-type]


def duration_period(end: dt.date, duration: Length) -> Period:
    """A provisional period, as if months were calendar months and weeks as printed; the fiscal
    calendar (``model.FiscalCalendar``) settles the start once the whole release is read."""
    if duration.unit == "week":
        return Period(end=end, start=end - dt.timedelta(days=7 * duration.count - 1))
    if duration.unit == "ytd":
        return Period(end=end, start=dt.date(end.year, 1, 1))
    start = add_months(end + dt.timedelta(days=1), -duration.count)
    return Period(end=end, start=start)


def make_date(month_word: str, day: str, year: int) -> dt.date | None:
    try:
        return dt.date(year, MONTHS[month_word.lower().rstrip(".")], int(day))
    except (KeyError, ValueError):
        return None


@dataclass(frozen=True)
class HeaderReading:
    periods: tuple[Period, ...] | None
    problem: str | None
    labels: tuple[str, ...] = ()
    lengths: tuple[Length | None, ...] = ()  # as printed, one per column (None: an instant)


def _describe(period: Period, duration: Length | None) -> str:
    if duration is None:
        return f"{period.end:%B} {period.end.day}, {period.end.year}"
    if duration.unit == "ytd":
        return f"Year to Date {period.end:%B} {period.end.day}, {period.end.year}"
    unit = "Weeks" if duration.unit == "week" else "Months"
    return f"{duration.count} {unit} Ended {period.end:%B} {period.end.day}, {period.end.year}"


def read_header(lines: list[str], ncols: int) -> HeaderReading:
    """Periods for ``ncols`` columns from the header lines above a table (left to right)."""
    text = "\n".join(lines)
    durations = [parse_duration(m) for m in DURATION_RE.finditer(text)]
    full_dates: list[dt.date] = []
    month_days: list[tuple[str, str]] = []
    for m in DATE_RE.finditer(text):
        if m.group(3):
            date = make_date(m.group(1), m.group(2), int(m.group(3)))
            if date:
                full_dates.append(date)
        else:
            month_days.append((m.group(1), m.group(2)))
    rest = DATE_RE.sub(lambda m: " " * len(m.group(0)), text)  # the text with its dates blanked out
    years = [int(y) for y in YEAR_RE.findall(rest)]

    if ncols <= 0:
        return HeaderReading(None, "no columns")
    if any(d.count == 0 and d.unit != "ytd" for d in durations):
        return HeaderReading(None, "a period heading of zero months or weeks")
    if not durations and ENDED_WITHOUT_LENGTH.search(text):
        return HeaderReading(None, "the header says a period ended but not how long it is")
    # Case 1: one full date per column (the years row, if any, repeats the dates' years)
    if len(full_dates) == ncols and (not years or sorted(years) == sorted(d.year for d in full_dates)):
        if years and [d.year for d in full_dates] != years:
            # "13 Weeks Ended July 3, 2004 and June 28, 2003" over "2004 2003": order the dates as the years are
            pool = list(full_dates)
            ordered = []
            for year in years:
                match = next(d for d in pool if d.year == year)
                pool.remove(match)
                ordered.append(match)
            full_dates = ordered
        if not durations:
            periods = tuple(Period(end=d) for d in full_dates)
            return HeaderReading(periods, None, tuple(_describe(p, None) for p in periods), (None,) * len(periods))
        if ncols % len(durations) == 0:
            per = ncols // len(durations)
            out, labels = [], []
            lengths: list[Length | None] = []  # one per column, None for an instant
            for i, date in enumerate(full_dates):
                d = durations[i // per]
                out.append(duration_period(date, d))
                labels.append(_describe(out[-1], d))
                lengths.append(d)
            return HeaderReading(tuple(out), None, tuple(labels), tuple(lengths))
        return HeaderReading(None, f"{len(durations)} period headings over {ncols} columns")
    # "Quarter Ended June 30, 2024 | 2025": the first year printed beside the month-day, the others after
    if not month_days and len(full_dates) == 1 and 0 < len(years) == ncols - 1:
        m = next(m for m in DATE_RE.finditer(text) if m.group(3))
        if YEARS_ONLY.fullmatch(text[m.end():]) and not YEAR_RE.search(rest[:m.start()]):
            month_days = [(m.group(1), m.group(2))]
            years = [full_dates[0].year] + years
            full_dates = []
    # Case 2: month-day(s) over a row of years
    if len(years) == ncols and (month_days or full_dates):
        days = month_days or [(f"{d:%B}", str(d.day)) for d in full_dates]
        groups = max(len(durations), 1)
        if ncols % groups:
            return HeaderReading(None, f"{groups} period headings over {ncols} columns")
        per = ncols // groups
        distinct = list(dict.fromkeys((m.lower()[:3], d) for m, d in days))
        if len(days) == ncols and groups == 1:
            days_for_group = []  # one month-day per column, in order
        elif len(distinct) == 1:
            days_for_group = [days[0]] * groups
        elif len(days) == groups:
            days_for_group = days
        else:
            return HeaderReading(None, "the header's dates do not line up with its columns")
        out, labels, lengths = [], [], []
        for i, year in enumerate(years):
            g = i // per
            month, day = days[i] if not days_for_group else days_for_group[g]
            date = make_date(month, day, year)
            if date is None:
                return HeaderReading(None, "a header date is not a calendar date")
            if durations:
                out.append(duration_period(date, durations[g]))
                labels.append(_describe(out[-1], durations[g]))
                lengths.append(durations[g])
            else:
                out.append(Period(end=date))
                labels.append(_describe(out[-1], None))
                lengths.append(None)
        return HeaderReading(tuple(out), None, tuple(labels), tuple(lengths))
    if not full_dates and not month_days:
        return HeaderReading(None, "no dates in the column headers")
    return HeaderReading(
        None,
        f"header has {len(full_dates)} full dates, {len(month_days)} month-days and {len(years)} years for {ncols} columns",
    )


# the columns of a reconciliation printed side by side: "2014 GAAP | Adj. | 2014 Non-GAAP | 2013 GAAP | ..."
ROLE_NONGAAP = re.compile(r"\bnon[-\s]?gaap\b", re.IGNORECASE)
ROLE_GAAP = re.compile(r"\bgaap\b|\bas\s+reported\b", re.IGNORECASE)
ROLE_ADJUSTMENT = re.compile(r"\badj(?:\.|ustments?\b)", re.IGNORECASE)
CHANGE_HEADING = re.compile(r"%|\bchange\b|\bincrease\b|\bdecrease\b|\bgrowth\b", re.IGNORECASE)


@dataclass(frozen=True)
class RoleHeader:
    """A side-by-side reconciliation's columns: each one's period (None for a change between periods) and
    role ("gaap", "adjustment", "nongaap", "" for a change), or why they cannot be read."""

    periods: tuple[Period | None, ...] | None
    roles: tuple[str, ...]
    labels: tuple[str, ...]
    problem: str | None
    length: Length | None = None  # the one length printed over the dated columns


def read_role_header(cell_lines: list[list[tuple[int, str]]], ncols: int) -> RoleHeader | None:
    """The columns of a reconciliation printed GAAP | adjustments | non-GAAP side by side, from header lines
    given as (cell index, text) of their non-empty cells; None when the header is not of that shape.

    One header line must hold exactly one cell per column, left to right, each naming its role (GAAP,
    Adj., Non-GAAP) and the GAAP and non-GAAP cells a year; an adjustment cell takes the year of the
    cells beside it, which must agree. The length and month-day come from the other lines, one of each
    for all dated columns. A column under a heading of changes ("% Increase (Decrease)") is a change
    between two periods, not a fact of one: it has no period."""
    row = next((cells for cells in cell_lines if len(cells) == ncols
                and sum(bool(ROLE_NONGAAP.search(t)) for _i, t in cells) >= 1
                and sum(bool(ROLE_GAAP.search(ROLE_NONGAAP.sub("", t))) for _i, t in cells) >= 1), None)
    if row is None:
        return None
    others = [cells for cells in cell_lines if cells is not row]
    # a spanning heading covers the row's cells from its index to the next heading's
    spans = sorted((i, t) for cells in others for i, t in cells)
    def heading_of(index: int) -> str:
        over = [t for i, t in spans if i <= index]
        return over[-1] if over else ""
    roles, years, changes, under_change = [], [], [], []
    for index, text in row:
        rest = ROLE_NONGAAP.sub("", text)
        role = ("nongaap" if ROLE_NONGAAP.search(text) else "gaap" if ROLE_GAAP.search(rest)
                else "adjustment" if ROLE_ADJUSTMENT.search(text) else "")
        found = YEAR_RE.findall(text)
        roles.append(role)
        years.append(int(found[0]) if len(found) == 1 else None)
        under_change.append(bool(CHANGE_HEADING.search(heading_of(index))))
        changes.append(under_change[-1] or bool(CHANGE_HEADING.search(text)))
    # one column per adjustment ("GAAP | Stock-based compensation | Amortization | ... | Non-GAAP"): every
    # column between a GAAP column and the next non-GAAP one is an adjustment, whatever its header says
    # ("Change in fair value" names an adjustment there, not a change between periods)
    n = 0
    while n < len(roles):
        if roles[n] == "gaap" and not under_change[n]:
            end = next((k for k in range(n + 1, len(roles)) if roles[k] in ("gaap", "nongaap") or under_change[k]), None)
            if end is not None and roles[end] == "nongaap" and not under_change[end]:
                for k in range(n + 1, end):
                    roles[k], changes[k], years[k] = "adjustment", False, None  # its period is the group's
                n = end
        n += 1
    labels = tuple(t for _i, t in row)
    if any(not r and not c for r, c in zip(roles, changes)):
        return RoleHeader(None, (), labels, "a column names neither GAAP, an adjustment nor non-GAAP")
    for n, (role, year, change) in enumerate(zip(roles, years, changes)):
        if change or year is not None:
            continue
        if role != "adjustment":
            return RoleHeader(None, (), labels, f"column {labels[n]!r} names no year")
        # the GAAP column before it and the non-GAAP column after it, past the group's other adjustments
        k = n - 1
        while k >= 0 and roles[k] == "adjustment" and not changes[k]:
            k -= 1
        m = n + 1
        while m < len(roles) and roles[m] == "adjustment" and not changes[m]:
            m += 1
        left = years[k] if k >= 0 and roles[k] == "gaap" and not changes[k] else None
        right = years[m] if m < len(years) and roles[m] == "nongaap" and not changes[m] else None
        if left is None or left != right:
            return RoleHeader(None, (), labels, f"the year of the adjustment column {labels[n]!r} is not the one "
                                                "of the columns beside it")
        years[n] = left
    text = "\n".join(t for cells in others for _i, t in cells if not CHANGE_HEADING.search(t))
    durations = [parse_duration(m) for m in DURATION_RE.finditer(text)]
    days = [(m.group(1), m.group(2)) for m in DATE_RE.finditer(text)]
    if len(durations) != 1 or len(set((m.lower()[:3], d) for m, d in days)) != 1 or durations[0].count == 0:
        return RoleHeader(None, (), labels, f"{len(durations)} period lengths and {len(days)} month-days over the "
                                            "GAAP and non-GAAP columns, not one of each")
    periods: list[Period | None] = []
    for year, change in zip(years, changes):
        if change:
            periods.append(None)
            continue
        date = make_date(days[0][0], days[0][1], year) if year is not None else None
        if date is None:
            return RoleHeader(None, (), labels, "a header date is not a calendar date")
        periods.append(duration_period(date, durations[0]))
    return RoleHeader(tuple(periods), tuple("" if c else r for r, c in zip(roles, changes)), labels, None, durations[0])
