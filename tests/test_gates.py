"""Issue 12: gates that prove a reading before rendering, and footings that localise the culprit.

Unit tests on hand-built facts (no files, no Arelle), then the planted misreads on real releases:
a share-count caption removed, the three- and nine-month headers swapped, a wrong pre-tax total.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CORPUS, SEED
from ixread import fact_map, most_precise, read_facts

from converter.checks.gates import run_gates
from converter.model import Fact, Period, QName, Reading, Span
from converter.rules import Gate, Origin

NUMBER = itertools.count(1)  # each fact's Fact.id
Q3 = Period(dt.date(2013, 9, 30), dt.date(2013, 7, 1))
YTD = Period(dt.date(2013, 9, 30), dt.date(2013, 1, 1))
O = Origin("test", 1)
EPS = Gate("eps", "per-share", O, per_share="us-gaap:EarningsPerShareBasic",
           shares="us-gaap:WeightedAverageNumberOfSharesOutstandingBasic", income=("us-gaap:NetIncomeLoss",))
CUM = Gate("cum", "cumulative", O, concepts=("us-gaap:Revenues",))
EQ = Gate("eq", "equal", O, concepts=("us-gaap:Assets", "us-gaap:LiabilitiesAndStockholdersEquity"))


def fact(concept: str, period: Period, value: str, decimals: int, unit: str = "USD", table: str = "t1") -> Fact:
    reading = Reading(value, Span("r.txt", 1, 0, len(value)), Decimal(value))
    return Fact(QName.parse(concept), period, unit, Decimal(value), decimals, 0, reading, "test", table, concept,
                id=f"g-{next(NUMBER)}")


def kept(facts, gates=(), report_date=dt.date(2013, 11, 6)):
    out, findings = run_gates(facts, gates, report_date)
    return {(f.concept.local, f.period.key) for f in out}, [f.code for f in findings]


def test_eps_times_shares_agrees_with_net_income():
    facts = [fact("us-gaap:EarningsPerShareBasic", Q3, "-0.01", 2, "USDPerShare"),
             fact("us-gaap:WeightedAverageNumberOfSharesOutstandingBasic", Q3, "54046161", 0, "shares"),
             fact("us-gaap:NetIncomeLoss", Q3, "-730000", -3)]
    assert len(kept(facts, (EPS,))[0]) == 3


def test_share_counts_a_thousand_times_too_small_are_refused():
    facts = [fact("us-gaap:EarningsPerShareBasic", Q3, "6.15", 2, "USDPerShare"),
             fact("us-gaap:WeightedAverageNumberOfSharesOutstandingBasic", Q3, "16215963", 0, "shares"),
             fact("us-gaap:NetIncomeLoss", Q3, "99803000000", -6)]
    left, codes = kept(facts, (EPS,))
    assert left == {("EarningsPerShareBasic", Q3.key), ("NetIncomeLoss", Q3.key)}
    assert codes == ["gate.perShare"]


def test_year_to_date_below_its_quarter_refuses_both_columns():
    facts = [fact("us-gaap:Revenues", Q3, "130917000", -3), fact("us-gaap:Revenues", YTD, "45192000", -3),
             fact("us-gaap:NetIncomeLoss", Q3, "-3000", -3), fact("us-gaap:NetIncomeLoss", YTD, "-730", -3)]
    left, codes = kept(facts, (CUM,))
    assert left == set() and codes.count("gate.cumulative") == 4
    good = [fact("us-gaap:Revenues", Q3, "45192000", -3), fact("us-gaap:Revenues", YTD, "130917000", -3)]
    assert len(kept(good, (CUM,))[0]) == 2


def test_assets_must_equal_liabilities_and_equity():
    at = Period(dt.date(2013, 9, 30))
    facts = [fact("us-gaap:Assets", at, "100", 0), fact("us-gaap:LiabilitiesAndStockholdersEquity", at, "102", 0)]
    assert kept(facts, (EQ,)) == (set(), ["gate.equal", "gate.equal"])
    facts[1] = fact("us-gaap:LiabilitiesAndStockholdersEquity", at, "100", 0)
    assert len(kept(facts, (EQ,))[0]) == 2


def test_no_period_after_the_report_date_and_whole_period_shapes():
    later = Period(dt.date(2014, 9, 30), dt.date(2014, 7, 1))  # a header year misread as 2014 in a 2013 release
    odd = Period(dt.date(2013, 9, 30), dt.date(2013, 6, 25))  # 98 days: 14 weeks, allowed
    bad = Period(dt.date(2013, 9, 30), dt.date(2013, 6, 20))  # 103 days... outside the quarter window: allowed
    off = Period(dt.date(2013, 9, 30), dt.date(2013, 7, 5))  # 88 days: neither three months nor 13 weeks
    facts = [fact("us-gaap:Revenues", later, "1", 0), fact("us-gaap:Revenues", odd, "2", 0),
             fact("us-gaap:Revenues", bad, "3", 0), fact("us-gaap:Revenues", off, "4", 0)]
    left, codes = kept(facts)
    assert left == {("Revenues", odd.key), ("Revenues", bad.key)}
    assert sorted(codes) == ["gate.afterReportDate", "gate.periodShape"]


# ------------------------------------------------------------------------------------ planted misreads


def _convert(release: Path, tmp_path: Path, taxonomy: Path, *company: str) -> tuple[dict, dict]:
    from converter.cli import main

    profile = SEED.with_name(SEED.stem + ".profile.toml")
    if not company and profile.is_file():
        company = ("--profile", str(profile))
    out = tmp_path / "out"
    assert main(["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate", *company]) == 0
    return fact_map(read_facts(next(out.glob("*.htm")))), json.loads((out / "report.json").read_text())


@pytest.mark.corpus
def test_share_scale_misread_on_purpose_is_refused_by_the_eps_gate(tmp_path, taxonomy):
    source = CORPUS / "05_aapl_fy2011q1_ex99-1.htm"
    if not source.is_file():
        pytest.skip("corpus not found")
    text = source.read_text(encoding="latin-1")
    planted = text.replace("except share amounts which are reflected in thousands and per share amounts", "", 1)
    assert planted != text
    release = tmp_path / "release.htm"
    release.write_text(planted, encoding="latin-1")
    facts, report = _convert(release, tmp_path, taxonomy, "--cik", "320193", "--company", "Apple Inc.", "--prefix", "aapl")
    shares = [k for k in facts if k[0] == "us-gaap:WeightedAverageNumberOfSharesOutstandingBasic"]
    assert shares == []
    assert facts[("us-gaap:EarningsPerShareBasic", "2010-09-26/2010-12-25", ())][0].value == Decimal("6.53")
    assert any(n["code"] == "gate.perShare" and "10^" in n["message"] for n in report["not_tagged"])


def test_three_and_nine_month_headers_swapped_are_refused_by_the_year_to_date_gate(tmp_path, taxonomy):
    text = SEED.read_text(encoding="utf-8")
    planted = text.replace("\tThree Mo\tNine Months Ended", "\tNine Months Ended\tThree Months Ended", 1)
    assert planted != text
    release = tmp_path / "release.txt"
    release.write_text(planted, encoding="utf-8")
    facts, report = _convert(release, tmp_path, taxonomy)
    revenue = {k[1]: v[0].value for k, v in facts.items() if k[0] == "us-gaap:Revenues" and not k[2]}
    assert revenue.get("2013-01-01/2013-09-30") != Decimal("45192000")  # the quarter's revenue is never the nine months'
    assert revenue.get("2013-07-01/2013-09-30") != Decimal("130917000")
    assert any(n["code"] == "gate.cumulative" for n in report["not_tagged"])


def test_a_wrong_pre_tax_total_is_refused_and_its_correct_neighbours_kept(tmp_path, taxonomy):
    text = SEED.read_text(encoding="utf-8")
    planted = re.sub(r"(provision for income taxes\t)\(1,092\)", r"\1(1,301)", text, count=1)
    assert planted != text
    release = tmp_path / "release.txt"
    release.write_text(planted, encoding="utf-8")
    facts, report = _convert(release, tmp_path, taxonomy)
    q3 = "2013-07-01/2013-09-30"
    pretax = "us-gaap:IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments"
    assert (pretax, q3, ()) not in facts
    assert facts[("us-gaap:NonoperatingIncomeExpense", q3, ())][0].value == Decimal("209000")
    assert most_precise(facts[("us-gaap:NetIncomeLoss", q3, ())]).value == Decimal("-730000")
    assert facts[("us-gaap:OperatingIncomeLoss", q3, ())][0].value == Decimal("-1301000")
    refusal = next(n for n in report["not_tagged"] if n["code"] == "footing.refused" and n["printed"] == "(1,301)")
    assert "-1092000" in refusal["message"]
