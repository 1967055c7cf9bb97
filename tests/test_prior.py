"""The company's earlier filings as evidence (--prior): Apple's Q1 FY2011 release with its FY2010 10-K."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CORPUS
from ixread import read_facts

from converter.export.flat_csv import flat_csv
from converter.export.report import build_report
from converter.pipeline import ConversionError, build_filing, render

pytestmark = pytest.mark.corpus

RELEASE = CORPUS / "05_aapl_fy2011q1_ex99-1.htm"
PRIOR = CORPUS / "truth" / "aapl-20100925.xml"
APPLE = {"cik": "320193", "name": "Apple Inc.", "ticker": "AAPL", "prefix": "aapl"}
QUARTER = "2010-09-26/2010-12-25"
COMPARATIVE = "2009-09-27/2009-12-26"


def _convert(tmp: Path, taxonomy: Path, release: Path = RELEASE, prior=()):
    filing, index = build_filing(release, taxonomy=taxonomy, overrides=APPLE, prior=list(prior))
    rendered = render(filing, index)
    doc = tmp / rendered.document_name
    doc.write_bytes(rendered.files[rendered.document_name])
    facts = {(f.concept, f.period, f.dims): f for f in read_facts(doc) if f.unit}
    return filing, facts, build_report(filing, None, rendered.document_name, rendered.layout)


@pytest.fixture(scope="module")
def with_prior(tmp_path_factory, taxonomy):
    return _convert(tmp_path_factory.mktemp("prior"), taxonomy, prior=[PRIOR])


@pytest.fixture(scope="module")
def without_prior(tmp_path_factory, taxonomy):
    return _convert(tmp_path_factory.mktemp("noprior"), taxonomy)


def _period(fact) -> str:
    """A report fact's period as ``2010-09-25`` (instant) or ``2010-09-26/2010-12-25``."""
    p = fact.period
    return p.end.isoformat() if p.start is None else f"{p.start.isoformat()}/{p.end.isoformat()}"


def _by_confidence(report, period):
    out = {}
    for f in report.facts:
        if _period(f) == period:
            out.setdefault(f.confidence, set()).add(f.concept)
    return out


def test_comparative_quarter_and_prior_balance_sheet_are_confirmed(with_prior):
    _filing, _facts, report = with_prior
    quarter = _by_confidence(report, COMPARATIVE)
    # the 10-K's quarterly data: net sales, gross margin, net income, basic and diluted EPS
    assert quarter["confirmed by prior filing"] == {
        "us-gaap:SalesRevenueNet", "us-gaap:GrossProfit", "us-gaap:NetIncomeLoss",
        "us-gaap:EarningsPerShareBasic", "us-gaap:EarningsPerShareDiluted"}
    balance = _by_confidence(report, "2010-09-25")
    assert set(balance) == {"confirmed by prior filing"}  # every balance-sheet fact of September 25, 2010
    at_year_end = [f for f in report.facts if _period(f) == "2010-09-25"]
    assert len(at_year_end) == 33 and {f.confidence for f in at_year_end} == {"confirmed by prior filing"}
    assert {"us-gaap:Assets", "us-gaap:CashAndCashEquivalentsAtCarryingValue", "us-gaap:AccountsPayableCurrent",
            "us-gaap:NontradeReceivablesCurrent", "us-gaap:RetainedEarningsAccumulatedDeficit",
            "us-gaap:AvailableForSaleSecuritiesDebtSecuritiesCurrent", "us-gaap:CommonStockSharesAuthorized",
            "aapl:PropertyPlantAndEquipmentAndCapitalizedSoftwareNet"} <= balance["confirmed by prior filing"]
    # 6 of the comparative quarter (net income twice: the statement of operations and the cash flows), 33 at
    # September 25, 2010, and the comparative cash-flow column's opening cash (September 26, 2009)
    assert report.prior.confirmed == 40
    assert report.prior.ignored_filed_after == 0
    assert report.prior.year_ends[-2:] == (dt.date(2009, 9, 26), dt.date(2010, 9, 25))
    assert report.as_dict()["prior"]["year_ends"][-2:] == ["2009-09-26", "2010-09-25"]


def test_a_company_concept_is_re_declared_in_the_extension_schema(with_prior, taxonomy):
    filing, facts, _report = with_prior
    ppe = facts[("aapl:PropertyPlantAndEquipmentAndCapitalizedSoftwareNet", "2010-12-25", ())]
    assert (ppe.value, ppe.unit, ppe.decimals) == (Decimal("5868000000"), "USD", "-6")
    assert ("us-gaap:PropertyPlantAndEquipmentNet", "2010-12-25", ()) not in facts
    from converter.taxonomy.index import load_index

    index = load_index(taxonomy).as_of(filing.report_date)
    schema = render(filing, index).files["aapl-20110118.xsd"].decode("utf-8")
    element = next(line for line in schema.splitlines() if 'name="PropertyPlantAndEquipmentAndCapitalizedSoftwareNet"' in line)
    assert 'type="xbrli:monetaryItemType"' in element and 'xbrli:periodType="instant"' in element
    assert 'xbrli:balance="debit"' in element  # the balance of the standard concept it replaces


def test_current_quarter_takes_the_concepts_the_prior_confirmed(with_prior, without_prior):
    _f, facts, report = with_prior
    _f0, facts0, _r0 = without_prior
    # the rule says Revenues; the company tagged its comparative SalesRevenueNet: both columns follow
    assert ("us-gaap:Revenues", QUARTER, ()) in facts0 and ("us-gaap:SalesRevenueNet", QUARTER, ()) not in facts0
    sales = facts[("us-gaap:SalesRevenueNet", QUARTER, ())]
    assert (sales.value, sales.unit, sales.decimals) == (Decimal("26741000000"), "USD", "-6")
    assert ("us-gaap:Revenues", QUARTER, ()) not in facts
    stsec = facts[("us-gaap:AvailableForSaleSecuritiesDebtSecuritiesCurrent", "2010-12-25", ())]
    assert stsec.value == Decimal("16243000000")
    assert ("us-gaap:ShortTermInvestments", "2010-12-25", ()) in facts0
    ltsec = facts[("us-gaap:AvailableForSaleSecuritiesDebtSecuritiesNoncurrent", "2010-12-25", ())]
    assert (ltsec.value, ltsec.decimals) == (Decimal("32730000000"), "-6")
    assert ("us-gaap:MarketableSecuritiesNoncurrent", "2010-12-25", ()) in facts0
    assert ("us-gaap:MarketableSecuritiesNoncurrent", "2010-12-25", ()) not in facts
    eps = facts[("us-gaap:EarningsPerShareDiluted", QUARTER, ())]
    assert (eps.value, eps.unit, eps.decimals) == (Decimal("6.43"), "USDPerShare", "2")
    quarter = _by_confidence(report, QUARTER)
    assert "us-gaap:SalesRevenueNet" in quarter["concept confirmed by prior filing"]
    assert "us-gaap:CostOfRevenue" in quarter["rule"]  # the 10-K has no quarterly cost of sales


def test_confidence_is_in_the_flat_csv_and_the_review_page(with_prior, tmp_path):
    _filing, _facts, report = with_prior
    rows = list(csv.DictReader(io.StringIO(flat_csv(report).decode("utf-8"))))
    sales = [r for r in rows if r["concept"] == "us-gaap:SalesRevenueNet"]
    assert {(r["period_start"], r["confidence"]) for r in sales} == {
        ("2009-09-27", "confirmed by prior filing"), ("2010-09-26", "concept confirmed by prior filing")}
    from converter.export.report import render_report

    _json, html = render_report(report)
    assert b"concept confirmed by prior filing" in html and b'id="prior-summary"' in html


def test_an_altered_comparative_cell_is_refused_by_the_cross_check(tmp_path, taxonomy):
    text = RELEASE.read_text(encoding="latin-1")
    cell = ">3.67</FONT>"  # the statement's comparative diluted EPS (no footing covers it)
    assert text.count(cell) == 1
    altered = tmp_path / RELEASE.name
    altered.write_text(text.replace(cell, ">3.76</FONT>"), encoding="latin-1")
    _filing, facts, report = _convert(tmp_path, taxonomy, altered, prior=[PRIOR])
    assert not [f for f in report.facts if f.printed.endswith("3.76")]
    assert facts[("us-gaap:EarningsPerShareDiluted", QUARTER, ())].value == Decimal("6.43")
    refused = [n for n in report.not_tagged if n.code == "prior.mismatch"]
    assert len(refused) == 1 and refused[0].printed == "$3.76"
    assert "cross-check with the prior filing failed: the company filed 3.67" in refused[0].message
    assert report.prior.refused == 1
    # stated as restated: kept and reported as such
    restated = tmp_path / "restated" / RELEASE.name
    restated.parent.mkdir()
    restated.write_text(text.replace(cell, ">3.76</FONT>").replace("</BODY>", "<P>Prior period amounts have been "
                                                                          "restated.</P></BODY>", 1), encoding="latin-1")
    _f, facts, report = _convert(restated.parent, taxonomy, restated, prior=[PRIOR])
    kept = [f for f in report.facts if f.printed.endswith("3.76")]
    assert [(f.concept, f.value, f.confidence) for f in kept] == [
        ("us-gaap:EarningsPerShareDiluted", Decimal("3.76"), "differs from prior filing (release says restated)")]
    assert [n.code for n in report.not_tagged if n.code.startswith("prior.") and "3.76" in n.message] == [
        "prior.restated"]


def _companyfacts(entries):
    """SEC companyfacts JSON with the given us-gaap entries: (concept, unit, entry)."""
    facts: dict = {}
    for concept, unit, entry in entries:
        facts.setdefault(concept, {"units": {}})["units"].setdefault(unit, []).append(entry)
    return {"cik": 320193, "entityName": "APPLE INC", "facts": {"us-gaap": facts}}


# Apple's 10-K for FY2010 (filed 2010-10-27) and 10-Q for Q1 FY2011 (filed 2011-01-19, the day after the
# release), as SEC companyfacts lists them (accessions and dates as in corpus/truth/README.md)
TEN_K = {"accn": "0001193125-10-238044", "fy": 2010, "fp": "FY", "form": "10-K", "filed": "2010-10-27"}
TEN_Q = {"accn": "0001193125-11-010144", "fy": 2011, "fp": "Q1", "form": "10-Q", "filed": "2011-01-19"}
ENTRIES = [
    ("SalesRevenueNet", "USD", {"start": "2009-09-27", "end": "2009-12-26", "val": 15683000000, **TEN_K}),
    ("NetIncomeLoss", "USD", {"start": "2009-09-27", "end": "2009-12-26", "val": 3378000000, **TEN_K}),
    ("Assets", "USD", {"end": "2010-09-25", "val": 75183000000, **TEN_K}),
    ("SalesRevenueNet", "USD", {"start": "2010-09-26", "end": "2010-12-25", "val": 26741000000, **TEN_Q}),
    ("NetIncomeLoss", "USD", {"start": "2010-09-26", "end": "2010-12-25", "val": 6004000000, **TEN_Q}),
    ("Assets", "USD", {"end": "2010-12-25", "val": 86742000000, **TEN_Q}),
]


def test_companyfacts_entries_filed_after_the_release_are_ignored(tmp_path, taxonomy):
    path = tmp_path / "CIK0000320193.json"
    path.write_text(json.dumps(_companyfacts(ENTRIES)), encoding="utf-8")
    _filing, facts, report = _convert(tmp_path, taxonomy, prior=[path])
    assert report.prior.facts == 3 and report.prior.ignored_filed_after == 3
    assert facts[("us-gaap:SalesRevenueNet", QUARTER, ())].value == Decimal("26741000000")
    quarter = _by_confidence(report, QUARTER)
    assert "confirmed by prior filing" not in quarter  # only the 10-Q, filed after the release, has these
    assert quarter["concept confirmed by prior filing"] == {"us-gaap:SalesRevenueNet", "us-gaap:NetIncomeLoss"}
    assert _by_confidence(report, COMPARATIVE)["confirmed by prior filing"] == {
        "us-gaap:SalesRevenueNet", "us-gaap:NetIncomeLoss"}
    assert _by_confidence(report, "2010-09-25")["confirmed by prior filing"] == {"us-gaap:Assets"}
    # the same entries dated before the release would confirm the current quarter: the date is what decides
    early = [(c, u, {**e, "filed": "2011-01-14"}) for c, u, e in ENTRIES]
    path.write_text(json.dumps(_companyfacts(early)), encoding="utf-8")
    _filing, _facts, report = _convert(tmp_path, taxonomy, prior=[path])
    assert report.prior.ignored_filed_after == 0
    assert _by_confidence(report, QUARTER)["confirmed by prior filing"] == {"us-gaap:SalesRevenueNet", "us-gaap:NetIncomeLoss"}


def test_without_a_prior_nothing_changes(without_prior, taxonomy, tmp_path):
    filing, facts, report = without_prior
    assert report.prior is None and "prior" not in report.as_dict() and not filing.concept_aliases
    assert {f.confidence for f in report.facts} <= {"rule", "candidate", "given"}
    assert not [n for n in report.not_tagged if n.code.startswith("prior.")]
    assert ("us-gaap:Revenues", QUARTER, ()) in facts


def test_a_bad_prior_is_a_one_line_error(tmp_path, taxonomy):
    missing = tmp_path / "nope.xml"
    with pytest.raises(ConversionError, match="prior filing .*nope.xml not found"):
        build_filing(RELEASE, taxonomy=taxonomy, overrides=APPLE, prior=[missing])
    broken = tmp_path / "broken.xml"
    broken.write_text("<xbrl", encoding="utf-8")
    with pytest.raises(ConversionError, match="not a readable XBRL"):
        build_filing(RELEASE, taxonomy=taxonomy, overrides=APPLE, prior=[broken])
    from converter.cli import main

    assert main(["convert", str(RELEASE), "--out", str(tmp_path / "out"), "--taxonomy", str(taxonomy), "--cik", "320193",
                 "--company", "Apple Inc.", "--prefix", "aapl", "--prior", str(missing), "--no-validate"]) == 2


def test_profile_prior_list_is_read_relative_to_the_profile(tmp_path, taxonomy):
    import os

    profile = tmp_path / "apple.profile.toml"
    relative = os.path.relpath(PRIOR, tmp_path)
    assert not Path(relative).is_absolute()
    profile.write_text(f'[company]\nname = "Apple Inc."\ncik = "320193"\nprefix = "aapl"\nprior = ["{relative}"]\n',
                       encoding="utf-8")
    filing, _index = build_filing(RELEASE, taxonomy=taxonomy, profile=profile)
    assert filing.prior is not None and filing.prior.confirmed == 40


def test_the_prior_fiscal_year_ends_settle_the_calendar_ahead_of_inference(taxonomy):
    import datetime as dt

    from converter.evidence.votes import load_prior
    from converter.extract.calendar import infer_calendar
    from converter.extract.tables import find_tables
    from converter.ingest import read_document
    from converter.model import CalendarHint
    from converter.rules import load_rules

    evidence = load_prior([PRIOR], dt.date(2011, 1, 18))
    assert evidence.year_ends == (dt.date(2007, 9, 29), dt.date(2008, 9, 27), dt.date(2009, 9, 26), dt.date(2010, 9, 25))
    document = read_document(RELEASE)
    tables, _findings = find_tables(document.lines, load_rules().statements, document.path)
    alone = infer_calendar(tables, CalendarHint())
    assert alone.source.startswith("the balance sheet's date that ends no period")  # a probable year end only
    settled = infer_calendar(tables, evidence.calendar_hint(CalendarHint()))
    assert settled.source.startswith("fiscal-year columns ending") and dt.date(2009, 9, 26) in settled.year_ends
    assert [r.describe() for r in settled.rules] == ["last Saturday of September"]


def test_the_filing_for_the_releases_own_period_is_not_prior_evidence(tmp_path, taxonomy):
    release = CORPUS / "14_aapl_fy2022q4_ex99-1.pdf"
    own = CORPUS / "truth" / "aapl-20220924_htm.xml"  # Apple's 10-K for FY2022, filed the day after the release
    filing, index = build_filing(release, taxonomy=taxonomy, overrides=APPLE, prior=[own])
    plain, _index = build_filing(release, taxonomy=taxonomy, overrides=APPLE)
    assert filing.prior is not None and filing.prior.facts == 0 and filing.prior.ignored_filed_after > 1000
    assert "the company's filing for the release's own period" in filing.prior.ignored[0]
    assert [(f.concept, f.period, f.value) for f in filing.facts] == [(f.concept, f.period, f.value) for f in plain.facts]


def test_another_companys_filing_is_not_evidence(tmp_path, taxonomy):
    other = tmp_path / "CIK0001652044.json"
    other.write_text(json.dumps({**_companyfacts(ENTRIES), "cik": 1652044, "entityName": "ALPHABET INC."}),
                     encoding="utf-8")
    with pytest.raises(ConversionError, match="reports on CIK 1652044, not on the release's company"):
        build_filing(RELEASE, taxonomy=taxonomy, overrides=APPLE, prior=[other])
    with pytest.raises(ConversionError, match="reports on CIK 320193"):
        build_filing(RELEASE, taxonomy=taxonomy, overrides={**APPLE, "cik": "1652044"}, prior=[PRIOR])


def test_a_cell_votes_at_the_scale_its_unit_implies_and_not_on_one_digit():
    import datetime as dt

    from converter.evidence.votes import cell_matches
    from converter.model import Column, Period, Reading, ReportedFact, Span, Table

    period = Period(end=dt.date(2010, 9, 25))
    table = Table("t1", "balance", "BALANCE SHEETS", 1, 1, 9, 6, 3, (Column(0, period, "September 25, 2010"),), ())
    span = Span("x", 1, 0, 4)
    prior = {period: [ReportedFact("AccumulatedOtherComprehensiveIncomeLossNetOfTax", period, Decimal("-46000000"), -6,
                                   unit="USD", prefix="us-gaap"),
                      ReportedFact("CommonStockSharesOutstanding", period, Decimal("46000"), 0, unit="shares",
                                   prefix="us-gaap"),
                      ReportedFact("Goodwill", period, Decimal("7000000"), -6, unit="USD", prefix="us-gaap")]}
    aoci = cell_matches(Reading("(46)", span, Decimal(-46), negative=True), period, table, prior)
    assert [(m.concept, m.kind, m.relation) for m in aoci] == [
        ("us-gaap:AccumulatedOtherComprehensiveIncomeLossNetOfTax", "monetary", "as-printed"),
        ("us-gaap:CommonStockSharesOutstanding", "shares", "negated")]  # shares at the table's share scale
    assert cell_matches(Reading("7", span, Decimal(7)), period, table, prior) == []  # one digit agrees by chance
    assert cell_matches(Reading("47", span, Decimal(47)), period, table, prior) == []


def test_a_vote_of_another_unit_kind_does_not_retag_the_row(tmp_path, taxonomy):
    # a shares fact whose value equals the comparative net income in thousands of shares: not a vote for the row
    fake = _companyfacts([("StockIssuedDuringPeriodSharesNewIssues", "shares",
                           {"start": "2009-09-27", "end": "2009-12-26", "val": 3378000, **TEN_K}),
                          ("Assets", "USD", {"end": "2010-09-25", "val": 75183000000, **TEN_K})])
    path = tmp_path / "CIK0000320193.json"
    path.write_text(json.dumps(fake), encoding="utf-8")
    _filing, facts, report = _convert(tmp_path, taxonomy, prior=[path])
    assert facts[("us-gaap:NetIncomeLoss", QUARTER, ())].value == Decimal("6004000000")
    assert ("us-gaap:StockIssuedDuringPeriodSharesNewIssues", QUARTER, ()) not in facts
    assert any(n.code == "prior.notApplied" and "row is monetary" in n.message for n in report.not_tagged)


def test_alphabet_with_its_companyfacts(tmp_path, taxonomy):
    release = CORPUS / "22_goog_2025q1_release.md"  # dated 2025-04-24; its own 10-Q was filed 2025-04-25
    alphabet = {"cik": "1652044", "name": "Alphabet Inc.", "ticker": "GOOG", "prefix": "goog"}
    filing, index = build_filing(release, taxonomy=taxonomy, overrides=alphabet,
                                 prior=[CORPUS / "truth" / "CIK0001652044.json"])
    rendered = render(filing, index)
    doc = tmp_path / rendered.document_name
    doc.write_bytes(rendered.files[rendered.document_name])
    facts = {(f.concept, f.period, f.dims): f for f in read_facts(doc) if f.unit}
    report = build_report(filing, None, rendered.document_name, rendered.layout)
    assert report.prior.ignored_filed_after == 2591
    assert not [f for f in report.facts if "0001652044-25-000043" in f.evidence]  # the 10-Q filed after
    # the 10-K's comparative confirms the balance sheet's concept, which the current quarter takes
    assert facts[("us-gaap:MarketableSecuritiesCurrent", "2025-03-31", ())].value == Decimal("72064000000")
    # a newer element than the loaded taxonomy has: named in the report, the rule's concept stands
    assert facts[("us-gaap:Revenues", "2025-01-01/2025-03-31", ())].value == Decimal("90234000000")
    assert any(n.code == "prior.notApplied" and "RevenueFromContractWithCustomerExcludingAssessedTax is not in the "
               "loaded taxonomy" in n.message for n in report.not_tagged)
    debt = {_period(f): f.confidence for f in report.facts if f.concept == "us-gaap:LongTermDebtNoncurrent"}
    assert debt == {"2024-12-31": "confirmed by prior filing", "2025-03-31": "concept confirmed by prior filing"}


def test_a_comparative_the_company_filed_under_other_concepts_refuses_the_row(tmp_path, taxonomy):
    # the company filed NetIncomeLoss with another value, and the printed 3,378 under two other concepts
    # (equally): the row's concept is what is wrong, so both its cells are refused
    fake = _companyfacts([
        ("NetIncomeLoss", "USD", {"start": "2009-09-27", "end": "2009-12-26", "val": 3000000000, **TEN_K}),
        ("ProfitLoss", "USD", {"start": "2009-09-27", "end": "2009-12-26", "val": 3378000000, **TEN_K}),
        ("NetIncomeLossAvailableToCommonStockholdersBasic", "USD",
         {"start": "2009-09-27", "end": "2009-12-26", "val": 3378000000, **TEN_K})])
    path = tmp_path / "CIK0000320193.json"
    path.write_text(json.dumps(fake), encoding="utf-8")
    _filing, facts, report = _convert(tmp_path, taxonomy, prior=[path])
    assert not [k for k in facts if k[0] == "us-gaap:NetIncomeLoss" and k[1] in (QUARTER, COMPARATIVE)]
    codes = {n.code: n.message for n in report.not_tagged if "row 'Net income'" in n.message}
    assert "the company filed 3000000000 for this concept and period" in codes["prior.mismatch"]
    assert "files this line as us-gaap:NetIncomeLossAvailableToCommonStockholdersBasic, us-gaap:ProfitLoss" in \
        codes["prior.conceptContradicted"]


def test_the_command_line_takes_prior_files(tmp_path, taxonomy, capsys):
    from converter.cli import main

    company = ["--taxonomy", str(taxonomy), "--cik", "320193", "--company", "Apple Inc.", "--ticker", "AAPL",
               "--prefix", "aapl"]
    out = tmp_path / "out"
    assert main(["convert", str(RELEASE), "--out", str(out), *company, "--prior", str(PRIOR), "--no-validate"]) == 0
    rows = list(csv.DictReader(io.StringIO((out / "aapl-20110118-flat.csv").read_text(encoding="utf-8"))))
    confirmed = [r for r in rows if r["confidence"] == "confirmed by prior filing"]
    assert len(confirmed) == 40
    assert {r["instant"] or r["period_start"] for r in confirmed} == {"2010-09-25", "2009-09-27", "2009-09-26"}
    capsys.readouterr()
    truth = str(CORPUS / "truth" / "aapl-20100925.xml")
    assert main(["eval", str(RELEASE), "--expected", truth, *company, "--in-taxonomy", "--prior", str(PRIOR),
                 "--max-wrong", "0"]) == 0
    printed = capsys.readouterr().out
    assert "(concepts in the loaded taxonomy): recall 97.0% (32/33 of the company's values the release prints), " \
           "concept agreement 100.0% (32/32 of those values)" in printed


def test_one_short_number_alone_does_not_retag_a_row(tmp_path, taxonomy):
    # "Other income and expense" printed 33 (millions) for the comparative quarter; a filed 33,000,000 under an
    # unrelated concept is a coincidence a two-digit number cannot rule out
    fake = _companyfacts([("InterestPaid", "USD", {"start": "2009-09-27", "end": "2009-12-26", "val": 33000000, **TEN_K}),
                          ("Assets", "USD", {"end": "2010-09-25", "val": 75183000000, **TEN_K})])
    path = tmp_path / "CIK0000320193.json"
    path.write_text(json.dumps(fake), encoding="utf-8")
    _filing, facts, report = _convert(tmp_path, taxonomy, prior=[path])
    assert facts[("us-gaap:NonoperatingIncomeExpense", COMPARATIVE, ())].value == Decimal("33000000")
    assert not [k for k in facts if k[0] == "us-gaap:InterestPaid"]
    weak = [n.message for n in report.not_tagged if n.code == "prior.notApplied"]
    assert any("us-gaap:InterestPaid: only one short number" in m and "shares no word" in m for m in weak), weak


def test_the_python_api_takes_prior_files(taxonomy):
    import converter

    result = converter.convert(RELEASE, taxonomy=taxonomy, company=APPLE, prior=[PRIOR], validate=False)
    confirmed = [f for f in result.facts if f.confidence == "confirmed by prior filing"]
    assert len(confirmed) == 40
    sales = next(f for f in confirmed if str(f.concept) == "us-gaap:SalesRevenueNet")
    assert (sales.period.start.isoformat(), sales.value) == ("2009-09-27", Decimal("15683000000"))
    assert "aapl-20100925.xml" in sales.evidence
