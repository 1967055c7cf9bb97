"""The company's fiscal calendar, settled once from the whole release (and the profile), then asked
for every column's start.

- The profile's ``fiscal_calendar`` wins ("calendar months", "last Saturday of September", "Saturday
  nearest January 31").
- Otherwise: when every printed period end is a month's last day, periods are calendar months; when
  some are not, the company keeps a 52/53-week calendar whose periods end on one weekday. Its year-end
  rule is what fits the certain fiscal-year ends (twelve-month and 52/53-week columns) or, lacking those,
  the balance sheet's date that ends no printed period (the prior fiscal year's end). Every rule that
  fits is kept; a start is certain only where they all agree.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from typing import Literal

from ..model import (
    CalendarHint,
    Finding,
    FiscalCalendar,
    Length,
    Period,
    Severity,
    Table,
    YearEndRule,
    month_end,
)


def _is_month_end(day: dt.date) -> bool:
    return day == month_end(day.year, day.month)


def _fiscal_year_end_month(text: str | None) -> int | None:
    m = re.fullmatch(r"--(\d\d)-(\d\d)", text or "")
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 12 else None


def _is_year(length: Length | None) -> bool:
    return length is not None and ((length.unit == "month" and length.count == 12)
                                   or (length.unit == "week" and length.count in (52, 53)))


def infer_calendar(tables: tuple[Table, ...] | list[Table], hint: CalendarHint | None = None) -> FiscalCalendar:
    hint = hint or CalendarHint()
    ended = [(c.end, c.length) for t in tables for c in t.columns if c.end is not None]  # (printed end, length)
    durations = [(end, length) for end, length in ended if length is not None]
    instants = [end for end, length in ended if length is None]
    year_ends = {end for end, length in durations if _is_year(length)} | set(hint.year_ends)
    ends_of_periods = {end for end, _length in durations}
    probable = sorted({d for d in instants if d not in ends_of_periods})  # e.g. the prior fiscal year's balance sheet
    fye_month = _fiscal_year_end_month(hint.fiscal_year_end)
    calendar = functools.partial(FiscalCalendar, year_ends=tuple(sorted(year_ends)),
                                 extra_week_quarter=hint.extra_week_quarter)

    stated = (hint.fiscal_calendar or "").strip()
    if stated:
        if re.fullmatch(r"(?:calendar\s+)?months?", stated, re.IGNORECASE):
            return calendar("months", fiscal_year_end_month=fye_month or _month_of(year_ends, probable),
                            source=hint.source or "profile")
        rule = YearEndRule.parse(stated)
        if rule is not None:
            return calendar("weeks", (rule,), source=hint.source or "profile")

    dates = [end for end, _length in ended]
    if not dates:
        return calendar("unknown", source="no dated columns")
    odd = [d for d in dates if not _is_month_end(d)]
    if not odd:
        month = fye_month or _month_of(year_ends, probable)
        return calendar("months", fiscal_year_end_month=month, source="every period ends on a month's last day")
    weekdays = {d.weekday() for d in odd}
    if len(weekdays) != 1:
        return calendar("unknown", source="period ends fall on different weekdays and not on month ends")
    weekday = weekdays.pop()
    certain = sorted(year_ends)
    evidence = certain or [d for d in probable if d.weekday() == weekday]
    if fye_month is not None and not certain:
        evidence = [d for d in evidence if d.month in (fye_month, fye_month % 12 + 1)] or evidence
    rules = _rules_fitting(evidence, weekday, fye_month)
    source = ("fiscal-year columns ending " + ", ".join(map(str, certain)) if certain else
              "the balance sheet's date that ends no period: " + ", ".join(map(str, evidence)) if evidence else
              "no fiscal-year end printed")
    return calendar("weeks", tuple(rules), source=source)


def _month_of(year_ends: set[dt.date], probable: list[dt.date]) -> int | None:
    months = {d.month for d in year_ends if _is_month_end(d)}
    if len(months) == 1:
        return months.pop()
    months = {d.month for d in probable if _is_month_end(d)}
    return months.pop() if len(months) == 1 else None


def _rules_fitting(evidence: list[dt.date], weekday: int, fye_month: int | None) -> list[YearEndRule]:
    if not evidence:
        return []
    first = evidence[0]
    months = {first.month, (first.month - 2) % 12 + 1}
    kinds: tuple[Literal["last", "nearest"], ...] = ("last", "nearest")
    candidates = [YearEndRule(kind, weekday, m) for m in sorted(months) for kind in kinds]
    if fye_month is not None:
        candidates = [r for r in candidates if r.month == fye_month] or candidates
    return [r for r in candidates if all(r.fits(d) for d in evidence)]


def apply_calendar(tables: list[Table], calendar: FiscalCalendar) -> tuple[list[Table], list[Finding]]:
    """Every column's period from its printed end and length on the company's calendar; a column
    whose start is not certain loses its period, with the reason."""
    out, findings = [], []
    for table in tables:
        columns = []
        for column in table.columns:
            if column.end is None:
                columns.append(column)
                continue
            period, why = calendar.period(column.end, column.length)
            if period is None and calendar.kind == "weeks" and column.length == Length(3, "month") and any(
                    c.length == column.length and c.end == column.end - dt.timedelta(days=364) for c in table.columns):
                # the four quarters between the same quarter's ends a year apart span 52 weeks: each has 13
                period, why = Period(end=column.end, start=column.end - dt.timedelta(days=90)), None
            if period is None:
                columns.append(dataclasses.replace(column, period=None, problem=why))
                findings.append(Finding(
                    "period.uncertain", Severity.WARNING,
                    f"table {table.id}: the column headed {column.header!r} is not tagged: its start cannot be "
                    f"determined with certainty ({why}); calendar: {calendar.describe()} ({calendar.source})",
                    None, column.header, table.id))
            else:
                columns.append(dataclasses.replace(column, period=period))
        out.append(dataclasses.replace(table, columns=tuple(columns)))
    return out, findings


__all__ = ["apply_calendar", "infer_calendar"]
