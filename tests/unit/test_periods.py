"""Periods and the fiscal calendar on hand-built headers and columns: a start is given only when certain."""
from __future__ import annotations

import datetime as dt

import pytest
from build import row, table

from converter.extract.calendar import infer_calendar
from converter.extract.periods import read_header
from converter.model import CalendarHint, FiscalCalendar, Length, Period, YearEndRule

D = dt.date
QUARTER = Length(3, "month")


def test_a_three_and_nine_months_header_reads_four_columns():
    got = read_header(["Three Months Ended          Nine Months Ended",
                       "September 30,               September 30,",
                       "2013      2012              2013      2012"], 4)
    assert got.problem is None
    assert got.periods == (Period(D(2013, 9, 30), D(2013, 7, 1)), Period(D(2012, 9, 30), D(2012, 7, 1)),
                           Period(D(2013, 9, 30), D(2013, 1, 1)), Period(D(2012, 9, 30), D(2012, 1, 1)))


def test_balance_sheet_dates_are_instants():
    got = read_header(["September 30, 2013     December 31, 2012"], 2)
    assert got.periods == (Period(D(2013, 9, 30)), Period(D(2012, 12, 31)))


def test_a_header_without_a_length_is_refused():
    got = read_header(["For the periods ended September 30,", "2013     2012"], 2)
    assert got.periods is None and got.problem


def test_last_saturday_of_september():
    rule = YearEndRule.parse("last Saturday of September")
    assert rule is not None and rule.end_in(2013) == D(2013, 9, 28) and rule.end_in(2011) == D(2011, 9, 24)
    assert rule.fits(D(2012, 9, 29)) and not rule.fits(D(2012, 9, 30))
    assert YearEndRule.parse("the last day of summer") is None


def test_calendar_months_quarter_and_a_month_end_that_is_not_one():
    months = FiscalCalendar("months", fiscal_year_end_month=12)
    assert months.period(D(2013, 9, 30), QUARTER) == (Period(D(2013, 9, 30), D(2013, 7, 1)), None)
    assert months.period(D(2013, 9, 30), Length(0, "ytd")) == (Period(D(2013, 9, 30), D(2013, 1, 1)), None)
    period, why = months.period(D(2013, 9, 28), QUARTER)
    assert period is None and "not a month's end" in why


def test_weeks_calendar_quarter_of_a_52_week_year():
    weeks = FiscalCalendar("weeks", (YearEndRule.parse("last Saturday of September"),))
    # FY2013: 2012-09-30 .. 2013-09-28, 52 weeks; its fourth quarter is 13 weeks
    assert weeks.period(D(2013, 9, 28), QUARTER) == (Period(D(2013, 9, 28), D(2013, 6, 30)), None)
    assert weeks.period(D(2013, 9, 28), Length(12, "month")) == (Period(D(2013, 9, 28), D(2012, 9, 30)), None)


def test_a_53_week_year_without_its_long_quarter_is_refused():
    weeks = FiscalCalendar("weeks", (YearEndRule.parse("last Saturday of September"),))
    # FY2012 has 53 weeks (2011-09-25 .. 2012-09-29): a first quarter starts with the year whatever its weeks,
    assert weeks.period(D(2011, 12, 31), QUARTER) == (Period(D(2011, 12, 31), D(2011, 9, 25)), None)
    # the second is 13 or 14 weeks long as the release does not say
    period, why = weeks.period(D(2012, 3, 31), QUARTER)
    assert period is None and "extra_week_quarter" in why
    assert FiscalCalendar("weeks", weeks.rules, extra_week_quarter=1).period(D(2012, 3, 31), QUARTER) == (
        Period(D(2012, 3, 31), D(2012, 1, 1)), None)
    assert FiscalCalendar("weeks", weeks.rules, extra_week_quarter=2).period(D(2012, 3, 31), QUARTER) == (
        Period(D(2012, 3, 31), D(2011, 12, 25)), None)


def test_an_unknown_calendar_gives_no_start_off_a_month_end():
    period, why = FiscalCalendar("unknown").period(D(2013, 9, 28), QUARTER)
    assert period is None and "fiscal_calendar" in why


@pytest.mark.parametrize(("ends", "kind"), [
    ((D(2013, 9, 30), D(2012, 9, 30)), "months"),
    ((D(2013, 9, 28), D(2012, 9, 29)), "weeks"),  # both Saturdays
    ((D(2013, 9, 28), D(2012, 9, 27)), "unknown"),  # a Saturday and a Thursday
])
def test_infer_calendar_from_column_ends(ends, kind):
    t = table("income", [row("Revenue", 5, "1", "2")], tuple(Period(e, e - dt.timedelta(days=90)) for e in ends))
    assert infer_calendar([t]).kind == kind


def test_a_stated_calendar_wins_over_the_columns():
    t = table("income", [row("Revenue", 5, "1", "2")], (Period(D(2013, 9, 30), D(2013, 7, 1)),))
    calendar = infer_calendar([t], CalendarHint(fiscal_calendar="last Saturday of September", source="profile"))
    assert calendar.kind == "weeks" and calendar.rules == (YearEndRule("last", 5, 9),)
