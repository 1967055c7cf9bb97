"""Issue 12: periods on the company's fiscal calendar, one model for every stage.

Unit tests on hand-built calendars, then one conversion per calendar kind read back from the rendered
iXBRL: calendar months, a 52/53-week year with a 53-week year, a retailer's January year end.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ixread import fact_map, read_facts

from converter.model import FiscalCalendar, Length, Period, YearEndRule

D = dt.date
APPLE_RULE = YearEndRule("last", 5, 9)  # last Saturday of September
RETAIL_RULE = YearEndRule("nearest", 5, 1)  # Saturday nearest January 31


def test_year_end_rules_give_the_companies_own_dates():
    assert [APPLE_RULE.end_in(y) for y in (2010, 2011, 2012, 2021, 2022)] == [
        D(2010, 9, 25), D(2011, 9, 24), D(2012, 9, 29), D(2021, 9, 25), D(2022, 9, 24)]
    assert [RETAIL_RULE.end_in(y) for y in (2023, 2024, 2025)] == [D(2023, 1, 28), D(2024, 2, 3), D(2025, 2, 1)]
    assert YearEndRule.parse("last Saturday of September") == APPLE_RULE
    assert YearEndRule.parse("Saturday nearest January 31") == RETAIL_RULE
    assert YearEndRule.parse("every other Tuesday") is None


def test_52_53_week_periods():
    cal = FiscalCalendar("weeks", (APPLE_RULE,))
    # fiscal years start the day after the prior year's end (not twelve calendar months back)
    assert cal.period(D(2022, 9, 24), Length(12, "month"))[0] == Period(D(2022, 9, 24), D(2021, 9, 26))
    # a 53-week year
    assert cal.period(D(2012, 9, 29), Length(12, "month"))[0] == Period(D(2012, 9, 29), D(2011, 9, 25))
    # a quarter of a 52-week year is 13 weeks
    assert cal.period(D(2022, 9, 24), Length(3, "month"))[0] == Period(D(2022, 9, 24), D(2022, 6, 26))
    # a first quarter starts the day after the year's end: 14 weeks here (Apple's 2012 Q1)
    assert cal.period(D(2011, 12, 31), Length(3, "month"))[0] == Period(D(2011, 12, 31), D(2011, 9, 25))
    # year to date
    assert cal.period(D(2012, 6, 30), Length(9, "month"))[0] == Period(D(2012, 6, 30), D(2011, 9, 25))
    # a later quarter of a 53-week year: which quarter has 14 weeks is not printed, so no period, with the reason
    period, why = cal.period(D(2012, 6, 30), Length(3, "month"))
    assert period is None and "extra_week_quarter" in why
    stated = FiscalCalendar("weeks", (APPLE_RULE,), extra_week_quarter=1)
    assert stated.period(D(2012, 6, 30), Length(3, "month"))[0] == Period(D(2012, 6, 30), D(2012, 4, 1))
    # printed weeks are taken as printed
    assert cal.period(D(2004, 7, 3), Length(26, "week"))[0] == Period(D(2004, 7, 3), D(2004, 1, 4))


def test_rules_that_disagree_leave_the_start_undetermined():
    both = FiscalCalendar("weeks", (APPLE_RULE, YearEndRule("nearest", 5, 9)))
    period, why = both.period(D(2022, 9, 24), Length(12, "month"))
    assert period is None and "disagree" in why


def test_calendar_months_and_year_to_date():
    cal = FiscalCalendar("months", fiscal_year_end_month=12)
    assert cal.period(D(2013, 9, 30), Length(9, "month"))[0] == Period(D(2013, 9, 30), D(2013, 1, 1))
    assert cal.period(D(2025, 6, 30), Length(0, "ytd"))[0] == Period(D(2025, 6, 30), D(2025, 1, 1))
    june = FiscalCalendar("months", fiscal_year_end_month=6)
    assert june.period(D(2014, 5, 31), Length(0, "ytd"))[0] == Period(D(2014, 5, 31), D(2013, 7, 1))
    assert FiscalCalendar("months").period(D(2025, 6, 30), Length(0, "ytd"))[0] is None


# ---------------------------------------------------------------------------------------------- conversions

RELEASE = """<html><body>
<p>{city}, {dateline} -- Example Corp. today announced results.</p>
<p><b>CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS</b></p>
<p>(In millions, except per share amounts)</p>
<table>
<tr><td></td><td colspan="2">{short_head}</td><td colspan="2">{long_head}</td></tr>
<tr><td></td><td>{d1}</td><td>{d2}</td><td>{d1}</td><td>{d2}</td></tr>
<tr><td>Net sales</td><td>$ 1,000</td><td>$ 900</td><td>$ 4,000</td><td>$ 3,600</td></tr>
<tr><td>Cost of sales</td><td>600</td><td>540</td><td>2,400</td><td>2,160</td></tr>
<tr><td>Gross margin</td><td>400</td><td>360</td><td>1,600</td><td>1,440</td></tr>
<tr><td>Net income</td><td>$ 100</td><td>$ 90</td><td>$ 400</td><td>$ 360</td></tr>
</table>
<p><b>CONDENSED CONSOLIDATED BALANCE SHEETS</b></p>
<p>(In millions)</p>
<table>
<tr><td></td><td>{b1}</td><td>{b2}</td></tr>
<tr><td>Cash and cash equivalents</td><td>$ 500</td><td>$ 450</td></tr>
<tr><td>Total assets</td><td>$ 5,000</td><td>$ 4,800</td></tr>
</table>
</body></html>
"""


def _convert(tmp_path: Path, taxonomy: Path, **fields) -> dict:
    from converter.cli import main

    tmp_path.mkdir(parents=True, exist_ok=True)
    release = tmp_path / "release.htm"
    release.write_text(RELEASE.format(city="CUPERTINO", **fields))
    out = tmp_path / "out"
    code = main(["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate",
                 "--cik", "1", "--company", "Example Corp.", "--prefix", "ex"])
    assert code == 0
    return fact_map(read_facts(next(out.glob("*.htm"))))


def _periods(facts: dict, concept: str) -> dict[str, int]:
    return {k[1]: int(v[0].value) for k, v in facts.items() if k[0] == concept and not k[2]}


def test_calendar_months_release(tmp_path, taxonomy):
    facts = _convert(tmp_path, taxonomy, dateline="October 20, 2013", short_head="Three Months Ended September 30,",
                     long_head="Nine Months Ended September 30,", d1="2013", d2="2012",
                     b1="September 30, 2013", b2="December 31, 2012")
    assert _periods(facts, "us-gaap:Revenues") == {
        "2013-07-01/2013-09-30": 1000000000, "2012-07-01/2012-09-30": 900000000,
        "2013-01-01/2013-09-30": 4000000000, "2012-01-01/2012-09-30": 3600000000}
    assert _periods(facts, "us-gaap:Assets") == {"2013-09-30": 5000000000, "2012-12-31": 4800000000}


def test_52_53_week_release_with_a_53_week_year(tmp_path, taxonomy):
    """Fiscal 2012 of a company whose year ends on the last Saturday of September had 53 weeks."""
    facts = _convert(tmp_path, taxonomy, dateline="October 25, 2012", short_head="Three Months Ended",
                     long_head="Twelve Months Ended", d1="September 29, 2012", d2="September 24, 2011",
                     b1="September 29, 2012", b2="September 24, 2011")
    revenue = _periods(facts, "us-gaap:Revenues")
    # the 53-week year and the 52-week year before it, each from the day after the prior year's end
    assert revenue["2011-09-25/2012-09-29"] == 4000000000
    assert revenue["2010-09-26/2011-09-24"] == 3600000000
    # the prior year's fourth quarter is 13 weeks of a 52-week year
    assert revenue["2011-06-26/2011-09-24"] == 900000000
    # the fourth quarter of the 53-week year: which quarter had the 14th week is not printed -> not tagged
    assert not [p for p in revenue if p.endswith("/2012-09-29") and not p.startswith("2011-09-25")]


def test_retailer_january_year_end(tmp_path, taxonomy):
    """A year ending on the Saturday nearest January 31: the balance sheet's prior-year date (February 3,
    2024) settles the rule; the third quarter is 13 weeks and the nine months start after February 3."""
    facts = _convert(tmp_path, taxonomy, dateline="November 22, 2024", short_head="Three Months Ended",
                     long_head="Nine Months Ended", d1="November 2, 2024", d2="October 28, 2023",
                     b1="November 2, 2024", b2="February 3, 2024")
    revenue = _periods(facts, "us-gaap:Revenues")
    assert revenue["2024-08-04/2024-11-02"] == 1000000000
    assert revenue["2024-02-04/2024-11-02"] == 4000000000
    assert revenue["2023-01-29/2023-10-28"] == 3600000000  # fiscal 2023 started after January 28, 2023
    # fiscal 2023 had 53 weeks (to February 3, 2024) and the release does not say which quarter had 14
    assert not [p for p in revenue if p.endswith("/2023-10-28") and p != "2023-01-29/2023-10-28"]
    assert _periods(facts, "us-gaap:Assets") == {"2024-11-02": 5000000000, "2024-02-03": 4800000000}


def test_profile_states_the_calendar(tmp_path, taxonomy):
    """A second quarter's release shows no fiscal-year end: without a profile only the current quarter is
    certain (its year-ago quarter ends 52 weeks earlier); the profile's fiscal_calendar settles the rest."""
    fields = dict(dateline="April 20, 2011", short_head="Three Months Ended", long_head="Six Months Ended",
                  d1="March 26, 2011", d2="March 27, 2010", b1="March 26, 2011", b2="March 27, 2010")
    alone = _periods(_convert(tmp_path / "a", taxonomy, **fields), "us-gaap:Revenues")
    assert alone == {"2010-12-26/2011-03-26": 1000000000}
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "release.profile.toml").write_text('[company]\nfiscal_calendar = "last Saturday of September"\n')
    stated = _periods(_convert(tmp_path / "b", taxonomy, **fields), "us-gaap:Revenues")
    assert stated == {"2010-12-26/2011-03-26": 1000000000, "2009-12-27/2010-03-27": 900000000,
                      "2010-09-26/2011-03-26": 4000000000, "2009-09-27/2010-03-27": 3600000000}
