"""The report date (dei:DocumentPeriodEndDate of the 8-K) is the release's own date, its dateline: never the
end of a period it reports nor a date in a headline. A dateline without a year takes the one year that puts
it shortly after the latest period end the release reports; a release whose only dates are period ends is
refused with a one-line error asking for --report-date (no output)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ixread import read_facts

COMPANY = ["--cik", "0000000001", "--company", "Acme Corp.", "--prefix", "acme"]

TABLES = """
## CONDENSED CONSOLIDATED STATEMENTS OF INCOME
*(In millions, except per share amounts; unaudited)*

|                              | Three Months Ended March 31,<br/>2024 | 2025     |
| ---------------------------- | ------------------------------------- | -------- |
| Revenues                     | $ 1,000                               | $ 1,200  |
| Cost of revenues             | 600                                   | 700      |
| **Net income**               | **$ 400**                             | **$ 500**|

## CONDENSED CONSOLIDATED BALANCE SHEETS
*(In millions)*

| Description          | As of December 31, 2024 | As of March 31, 2025 |
| -------------------- | ----------------------- | -------------------- |
| Cash                 | $ 300                   | $ 350                |
| **Total assets**     | **$ 900**               | **$ 950**            |
"""

RESULTS = "Acme Corp. (NYSE: ACME) today announced results for the first quarter ended March 31, 2025.\n"


def convert(tmp_path: Path, body: str, taxonomy: Path, *extra: str) -> int:
    from converter.cli import main

    (tmp_path / "r.md").write_text(body)
    return main(["convert", str(tmp_path / "r.md"), "--out", str(tmp_path / "o"), "--taxonomy", str(taxonomy),
                 "--no-validate", *COMPANY, *extra])


def report_date(tmp_path: Path) -> str:
    """dei:DocumentPeriodEndDate read back from the rendered filing, with its context's period."""
    (document,) = (tmp_path / "o").glob("*.htm")
    (fact,) = [f for f in read_facts(document) if f.concept == "dei:DocumentPeriodEndDate"]
    assert fact.period == f"{fact.value}/{fact.value}"  # the cover's context is the report date
    assert document.name == f"acme-{str(fact.value).replace('-', '')}.htm"
    return str(fact.value)


def test_a_dateline_on_its_own_line_with_a_year(tmp_path, taxonomy):
    # the dateline line is short, and the next line names the quarter's end: the dateline's date is taken
    body = "# Acme Reports First Quarter Results\n\nNEW YORK, May 1, 2025 /PRNewswire/ --\n" + RESULTS + TABLES
    assert convert(tmp_path, body, taxonomy) == 0
    assert report_date(tmp_path) == "2025-05-01"


def test_a_headline_date_before_the_dateline_is_not_the_report_date(tmp_path, taxonomy):
    body = ("# Acme Reports First Quarter Results\n\nCash Balance of $350 Million at March 31, 2025, Up From December 31, 2024\n\n"
            "JERICHO, N.Y. - (NewMediaWire) - May 12, 2025 - " + RESULTS + TABLES)
    assert convert(tmp_path, body, taxonomy) == 0
    assert report_date(tmp_path) == "2025-05-12"


def test_a_dateline_without_a_year_takes_the_year_after_the_latest_period_end(tmp_path, taxonomy, capsys):
    body = "# Acme Reports First Quarter Results\n\nHOFFMAN ESTATES, Ill., April 22 /PRNewswire-FirstCall/ -- " + RESULTS + TABLES
    assert convert(tmp_path, body, taxonomy) == 0
    assert report_date(tmp_path) == "2025-04-22"
    assert "report date 2025-04-22 read from the release's dateline (no year printed" in capsys.readouterr().out


def test_a_release_whose_only_date_is_a_period_end_is_refused(tmp_path, taxonomy, capsys):
    body = "# Acme Reports First Quarter Results\n\n" + RESULTS + TABLES
    assert convert(tmp_path, body, taxonomy) == 2
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(err) == 1 and "2025-03-31" in err[0] and "end of a period the release reports" in err[0]
    assert "--report-date" in err[0] and "Traceback" not in err[0]
    assert not (tmp_path / "o").exists()
    # the date given is used
    assert convert(tmp_path, body, taxonomy, "--report-date", "2025-05-02") == 0
    assert report_date(tmp_path) == "2025-05-02"


def test_a_dateline_without_a_year_too_far_from_the_period_end_is_refused(tmp_path, taxonomy, capsys):
    # "February 1" fits no year within 120 days after March 31, 2025: the year is not certain
    body = "# Acme Reports First Quarter Results\n\nNEW YORK, N.Y., February 1 /PRNewswire/ -- " + RESULTS + TABLES
    assert convert(tmp_path, body, taxonomy) == 2
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(err) == 1 and "--report-date" in err[0]
    assert not (tmp_path / "o").exists()


def test_the_year_of_a_year_less_date():
    from converter.extract.cover import year_from_period_ends

    ends = frozenset({dt.date(2004, 7, 3), dt.date(2003, 6, 28), dt.date(2004, 1, 3)})
    assert year_from_period_ends("July", "22", ends) == dt.date(2004, 7, 22)
    assert year_from_period_ends("Jan.", "20", frozenset({dt.date(2024, 12, 31)})) == dt.date(2025, 1, 20)
    assert year_from_period_ends("July", "3", ends) is None  # the period end itself: not after it
    assert year_from_period_ends("December", "1", ends) is None  # 151 days after
    assert year_from_period_ends("July", "22", frozenset()) is None  # no period end: no year


def test_a_line_that_is_only_a_date_above_the_text(tmp_path, taxonomy):
    # "Jan. 25, 2005" standing alone under the contacts, as the Southern Company prints it
    body = "News\n\nMedia Contact: Jane Roe 555-0100\n\nMay 6, 2025\n\nATLANTA - " + RESULTS + TABLES
    assert convert(tmp_path, body, taxonomy) == 0
    assert report_date(tmp_path) == "2025-05-06"


def test_a_line_that_is_only_a_period_end_is_refused(tmp_path, taxonomy, capsys):
    body = "# Acme First Quarter\n\nMarch 31, 2025\n\nATLANTA - " + RESULTS + TABLES
    assert convert(tmp_path, body, taxonomy) == 2
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(err) == 1 and "the date line (line " in err[0] and "gives 2025-03-31" in err[0] and "--report-date" in err[0]
    assert not (tmp_path / "o").exists()
