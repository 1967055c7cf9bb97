"""Issue 13: the whole release - cash flows, the full balance sheet, breakdowns by product, segment and
geography - read back from the rendered iXBRL, its extension schema and linkbases; and the companies'
own XBRL as the judge (no wrong fact, recall of the values the release prints)."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CORPUS
from ixread import consistent, fact_map, most_precise, read_facts
from lxml import etree

APPLE = ["--cik", "320193", "--company", "Apple Inc.", "--ticker", "AAPL", "--prefix", "aapl"]
G, A = "us-gaap:", "aapl:"
FY22, FY21 = "2021-09-26/2022-09-24", "2020-09-27/2021-09-25"
XS = "{http://www.w3.org/2001/XMLSchema}"
LINK = "{http://www.xbrl.org/2003/linkbase}"
XLINK = "{http://www.w3.org/1999/xlink}"


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {path} not found (../shared/corpus)")
    return path


@pytest.fixture(scope="module")
def apple22(tmp_path_factory, taxonomy):
    """Apple's FY2022 Q4 release (PDF) converted and validated by Arelle (exit 0: no error)."""
    from converter.cli import main

    out = tmp_path_factory.mktemp("aapl22")
    code = main(["convert", str(corpus_file("14_aapl_fy2022q4_ex99-1.pdf")), "--out", str(out),
                 "--taxonomy", str(taxonomy), *APPLE])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def facts(apple22):
    return fact_map(read_facts(next(apple22.glob("aapl-*.htm"))))


def one(facts, concept, period, *dims):
    found = facts.get((concept, period, tuple(sorted(dims))))
    assert found, f"{concept} {period} {dims} not tagged"
    assert consistent(found), found
    return most_precise(found)


def millions(facts, concept, period, expected, *dims):
    fact = one(facts, concept, period, *dims)
    assert (fact.value, fact.unit, fact.decimals) == (Decimal(expected) * 1_000_000, "USD", "-6"), fact
    return fact


pytestmark = pytest.mark.corpus


# ---- statement of cash flows ------------------------------------------------------------------------

def test_cash_flow_section_totals(facts):
    for period, (operating, investing, financing) in {FY22: (122151, -22354, -110749),
                                                      FY21: (104038, -14545, -93353)}.items():
        millions(facts, G + "NetCashProvidedByUsedInOperatingActivities", period, operating)
        millions(facts, G + "NetCashProvidedByUsedInInvestingActivities", period, investing)
        millions(facts, G + "NetCashProvidedByUsedInFinancingActivities", period, financing)


def test_opening_and_closing_cash_are_instants_at_the_day_before_the_start_and_at_the_end(facts):
    cash = A + "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents"
    millions(facts, cash, "2022-09-24", 24977)  # ending FY2022
    millions(facts, cash, "2021-09-25", 35929)  # ending FY2021 = beginning FY2022 (starts 2021-09-26)
    millions(facts, cash, "2020-09-26", 39789)  # beginning FY2021 (starts 2020-09-27)
    assert not any(k[0] == cash and "/" in k[1] for k in facts), "a cash balance tagged as a duration"
    millions(facts, A + "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsPeriodIncreaseDecreaseIncludingExchangeRateEffect",
             FY22, -10952)


def test_payments_and_proceeds_are_positive_and_changes_in_assets_take_the_concepts_sign(facts):
    capex = millions(facts, G + "PaymentsToAcquirePropertyPlantAndEquipment", FY22, 10708)  # printed (10,708)
    assert capex.shown == "10,708"
    millions(facts, G + "PaymentsForRepurchaseOfCommonStock", FY22, 89402)
    millions(facts, G + "RepaymentsOfLongTermDebt", FY22, 9543)
    millions(facts, G + "ProceedsFromIssuanceOfLongTermDebt", FY22, 5465)
    millions(facts, G + "ProceedsFromSaleOfAvailableForSaleSecurities", FY22, 37446)
    # printed (1,823): receivables grew, the concept holds the increase
    millions(facts, G + "IncreaseDecreaseInAccountsReceivable", FY22, 1823)
    millions(facts, G + "IncreaseDecreaseInInventories", FY22, -1484)  # printed 1,484: inventories fell
    millions(facts, G + "IncreaseDecreaseInAccountsPayable", FY22, 9448)  # a liability: as printed
    millions(facts, G + "ProceedsFromPaymentsForOtherFinancingActivities", FY22, -160)  # net, proven by its footing
    millions(facts, G + "IncomeTaxesPaidNet", FY22, 19573)
    millions(facts, G + "InterestPaid", FY22, 2865)


def test_cash_flow_footings_all_pass(apple22):
    report = json.loads((apple22 / "report.json").read_text())
    cash = [f for f in report["footings"] if f["rule"].startswith("cf-")]
    assert {f["rule"] for f in cash} == {"cf-operating", "cf-investing", "cf-financing", "cf-change-in-cash-restricted",
                                         "cf-closing-cash-restricted"}  # closing = opening (@start) + change
    assert all(f["result"] == "pass" for f in cash), cash


# ---- the full balance sheet ---------------------------------------------------------------------------

def test_balance_sheet_subtotals_debt_and_equity_components(facts):
    d = "2022-09-24"
    millions(facts, G + "AssetsNoncurrent", d, 217350)
    millions(facts, G + "MarketableSecuritiesNoncurrent", d, 120805)
    millions(facts, G + "NontradeReceivablesCurrent", d, 32748)
    millions(facts, G + "CommercialPaper", d, 9982)
    millions(facts, G + "LongTermDebtCurrent", d, 11128)
    millions(facts, G + "LongTermDebtNoncurrent", d, 98959)
    millions(facts, G + "LiabilitiesNoncurrent", d, 148101)
    millions(facts, G + "CommonStockIncludingAdditionalPaidInCapital", d, 64849)
    millions(facts, G + "RetainedEarningsAccumulatedDeficit", d, -3068)  # "Retained earnings/(Accumulated deficit)"
    millions(facts, G + "RetainedEarningsAccumulatedDeficit", "2021-09-25", 5562)
    millions(facts, G + "AccumulatedOtherComprehensiveIncomeLossNetOfTax", d, -11109)
    millions(facts, G + "StockholdersEquity", d, 50672)
    millions(facts, G + "LiabilitiesAndStockholdersEquity", d, 352755)


def test_common_stock_caption_par_value_and_share_counts_at_each_date(facts):
    par = one(facts, G + "CommonStockParOrStatedValuePerShare", "2022-09-24")
    assert (par.value, par.unit, par.decimals) == (Decimal("0.00001"), "USDPerShare", "5")
    for date, count in {"2022-09-24": 15_943_425, "2021-09-25": 16_426_786}.items():  # "..., respectively"
        for concept in ("CommonStockSharesIssued", "CommonStockSharesOutstanding"):
            fact = one(facts, G + concept, date)
            assert (fact.value, fact.unit, fact.decimals) == (Decimal(count) * 1000, "shares", "-3"), fact
        assert one(facts, G + "CommonStockSharesAuthorized", date).value == Decimal(50_400_000) * 1000


def test_equity_components_on_the_standard_axis_add_up(facts):
    axis = G + "StatementEquityComponentsAxis"
    d = "2022-09-24"
    millions(facts, G + "StockholdersEquity", d, 64849, (axis, G + "CommonStockIncludingAdditionalPaidInCapitalMember"))
    millions(facts, G + "StockholdersEquity", d, -3068, (axis, G + "RetainedEarningsMember"))
    millions(facts, G + "StockholdersEquity", d, -11109, (axis, G + "AccumulatedOtherComprehensiveIncomeMember"))


def test_balance_sheet_identity_and_equity_footings_pass(apple22):
    report = json.loads((apple22 / "report.json").read_text())
    by_rule = {(f["rule"], f["period"]): f["result"] for f in report["footings"]}
    for rule in ("bs-assets-split", "bs-liabilities-split", "bs-noncurrent-assets", "bs-liabilities",
                 "bs-stockholders-equity", "bs-liabilities-and-equity"):
        assert by_rule[(rule, "as of 2022-09-24")] == "pass", rule


# ---- breakdowns ---------------------------------------------------------------------------------------

def test_product_and_service_breakdown_on_the_standard_axis(facts):
    axis = G + "ProductOrServiceAxis"
    millions(facts, G + "Revenues", FY22, 316199, (axis, G + "ProductMember"))  # the standard member
    millions(facts, G + "Revenues", FY22, 78129, (axis, A + "ServiceMember"))  # us-gaap 2011 has none
    millions(facts, G + "CostOfRevenue", FY22, 201471, (axis, G + "ProductMember"))
    millions(facts, G + "Revenues", FY22, 205489, (axis, A + "IPhoneMember"))  # named from the row's label
    millions(facts, G + "Revenues", FY22, 41241, (axis, A + "WearablesHomeAndAccessoriesMember"))
    millions(facts, G + "Revenues", FY22, 394328)  # the total is the default member


def test_segment_breakdown_on_the_standard_axis(facts):
    axis = G + "StatementBusinessSegmentsAxis"
    millions(facts, G + "Revenues", FY22, 169658, (axis, A + "AmericasSegmentMember"))
    millions(facts, G + "Revenues", "2022-06-26/2022-09-24", 6373, (axis, A + "RestOfAsiaPacificSegmentMember"))


def test_members_are_declared_with_labels_domain_and_definition_arcs(apple22):
    xsd = etree.parse(str(next(apple22.glob("aapl-*.xsd"))))
    elements = {e.get("name"): e for e in xsd.iter(f"{XS}element")}
    for name in ("AmericasSegmentMember", "IPhoneMember", "ServiceMember"):
        el = elements[name]
        assert (el.get("type"), el.get("abstract"), el.get("substitutionGroup")) == (
            "nonnum:domainItemType", "true", "xbrli:item"), name
    labels = {el.get(f"{XLINK}label"): el.text for el in etree.parse(str(next(apple22.glob("*_lab.xml")))).iter(f"{LINK}label")}
    assert "Americas Segment [Member]" in labels.values() and "iPhone [Member]" in labels.values()
    arcs = [(a.get(f"{XLINK}arcrole").rpartition("/")[2], a.get(f"{XLINK}from"), a.get(f"{XLINK}to"))
            for a in etree.parse(str(next(apple22.glob("*_def.xml")))).iter(f"{LINK}definitionArc")]
    assert ("dimension-domain", "loc_us-gaap_StatementBusinessSegmentsAxis", "loc_us-gaap_SegmentDomain") in arcs
    assert ("domain-member", "loc_us-gaap_SegmentDomain", "loc_aapl_AmericasSegmentMember") in arcs
    assert ("domain-member", "loc_us-gaap_ProductsAndServicesDomain", "loc_aapl_IPhoneMember") in arcs
    assert ("domain-member", "loc_us-gaap_ProductsAndServicesDomain", "loc_us-gaap_ProductMember") in arcs


# ---- a geographic breakdown, and one whose members do not add up -------------------------------------

RELEASE = """<html><body>
<p>Example Corp Reports Fourth Quarter Results</p>
<p>SPRINGFIELD, January 30, 2014 -- Example Corp today reported results.</p>
<p>CONSOLIDATED STATEMENTS OF OPERATIONS</p>
<p>(In thousands)</p>
<table>
<tr><td></td><td>Three Months Ended December 31,</td><td></td></tr>
<tr><td></td><td>2013</td><td>2012</td></tr>
<tr><td>Revenues</td><td>1,000</td><td>900</td></tr>
<tr><td>Cost of revenues</td><td>600</td><td>550</td></tr>
<tr><td>Gross profit</td><td>400</td><td>350</td></tr>
<tr><td>Net income</td><td>400</td><td>350</td></tr>
</table>
<p>REVENUES BY GEOGRAPHIC AREA</p>
<p>(In thousands)</p>
<table>
<tr><td></td><td>Three Months Ended December 31,</td><td></td></tr>
<tr><td></td><td>2013</td><td>2012</td></tr>
<tr><td>United States</td><td>600</td><td>500</td></tr>
<tr><td>International</td><td>{international}</td><td>400</td></tr>
<tr><td>Total revenues</td><td>1,000</td><td>900</td></tr>
</table>
</body></html>
"""
EXAMPLE = ["--cik", "1", "--company", "Example Corp", "--prefix", "ex"]
GEO = G + "StatementGeographicalAxis"
Q4_13, Q4_12 = "2013-10-01/2013-12-31", "2012-10-01/2012-12-31"


def convert_example(tmp_path: Path, taxonomy: Path, international: str) -> tuple[int, Path]:
    from converter.cli import main

    release = tmp_path / "release.htm"
    release.write_text(RELEASE.format(international=international), encoding="utf-8")
    out = tmp_path / "out"
    return main(["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), *EXAMPLE]), out


def test_geographic_breakdown_adds_up_and_is_tagged(tmp_path, taxonomy):
    code, out = convert_example(tmp_path, taxonomy, "400")
    assert code == 0  # Arelle: no error, the definition linkbase accepted
    facts = fact_map(read_facts(out / "ex-20140130.htm"))
    us = one(facts, G + "Revenues", Q4_13, (GEO, "ex:UnitedStatesMember"))
    assert (us.value, us.unit, us.decimals) == (Decimal(600_000), "USD", "-3")
    assert one(facts, G + "Revenues", Q4_12, (GEO, "ex:InternationalMember")).value == 400_000
    assert one(facts, G + "Revenues", Q4_13).value == 1_000_000
    xsd = (out / "ex-20140130.xsd").read_text()
    assert 'name="UnitedStatesMember"' in xsd and 'name="InternationalMember"' in xsd


def test_breakdown_whose_members_do_not_add_up_is_refused(tmp_path, taxonomy):
    code, out = convert_example(tmp_path, taxonomy, "410")  # 600 + 410 is not the printed 1,000
    assert code == 0
    facts = fact_map(read_facts(out / "ex-20140130.htm"))
    assert not [k for k in facts if k[1] == Q4_13 and k[2]], "a member of the broken column was tagged"
    assert one(facts, G + "Revenues", Q4_12, (GEO, "ex:InternationalMember")).value == 400_000  # the other column adds up
    assert one(facts, G + "Revenues", Q4_13).value == 1_000_000  # the total stands
    report = json.loads((out / "report.json").read_text())
    refused = {n["printed"] for n in report["not_tagged"] if n["code"] == "breakdown.refused"}
    assert refused == {"600", "410"}
    assert any(n["code"] == "breakdown.mismatch" and "1010000" in n["message"] for n in report["not_tagged"])


# The companies' own XBRL as the judge of all of it (0 wrong facts, recall floors): tests/test_truth.py


# ---- the new kinds of rule, on hand-built models -------------------------------------------------------

def test_member_names_from_labels():
    from converter.mapping.apply import member_name

    assert member_name("Rest of Asia Pacific") == "RestOfAsiaPacific"
    assert member_name("iPhone (1)") == "IPhone"
    assert member_name("Wearables, Home and Accessories") == "WearablesHomeAndAccessories"
    assert member_name("2013 acquisitions") is None  # a name must start with a letter: refused, not invented


def _fact(concept, value, dims=(), group="t1:revenues by geography", decimals=-3):
    import datetime as dt

    from converter.model import Fact, Period, QName, Reading, Span

    reading = Reading(str(value), Span("x", 1, 0, 1), Decimal(value))
    return Fact(QName.parse(concept), Period(dt.date(2013, 12, 31), dt.date(2013, 10, 1)), "USD", Decimal(value),
                decimals, 3, reading, "r", "t1", "row", dims=dims, group=group if dims else "",
                id=f"{concept}{dims}")


def test_breakdown_check_on_hand_built_facts():
    from converter.checks.breakdowns import check_breakdowns
    from converter.model import QName

    axis = QName.parse(GEO)
    us, intl = (axis, QName("ex", "UsMember")), (axis, QName("ex", "IntlMember"))
    total = _fact(G + "Revenues", 1_000_000)
    kept, findings = check_breakdowns([total, _fact(G + "Revenues", 600_000, (us,)), _fact(G + "Revenues", 400_000, (intl,))])
    assert len(kept) == 3 and not [f for f in findings if f.code != "breakdown.unchecked"]
    # five thousand off: beyond what rounding of the three printed figures allows (3 x 500), so refused
    kept, findings = check_breakdowns([total, _fact(G + "Revenues", 600_000, (us,)), _fact(G + "Revenues", 405_000, (intl,))])
    assert kept == [total] and {f.code for f in findings} == {"breakdown.mismatch", "breakdown.refused"}
    # no total printed: kept and reported unchecked
    kept, findings = check_breakdowns([_fact(G + "Revenues", 600_000, (us,)), _fact(G + "Revenues", 400_000, (intl,))])
    assert len(kept) == 2 and [f.code for f in findings] == ["breakdown.unchecked"]


# ---- the rule format's new keys, as check-mappings reads them ------------------------------------------

CASH_START = """\
[[rule]]
id = "cf-cash-beginning"
statement = "cashflow"
label = 'cash\\s+at\\s+beginning\\s+of\\s+period'
concept = "us-gaap:CashAndCashEquivalentsAtCarryingValue"
unit = "monetary"
{period}at = "start"
"""
CAPTION = """\
[[caption]]
id = "shares-authorized"
statement = "balance"
row = 'common\\s+stock.*'
pattern = '(?P<value>[\\d,]+)\\s+shares\\s+authorized'
concept = "us-gaap:{concept}"
unit = "shares"
"""


def _check(taxonomy, tmp_path, monkeypatch, capsys, text):
    from converter.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules.toml").write_text(text, encoding="utf-8")
    code = main(["check-mappings", "rules.toml", "--taxonomy", str(taxonomy)])
    return code, capsys.readouterr().out


def test_an_instant_at_the_start_needs_period_instant(taxonomy, tmp_path, monkeypatch, capsys):
    code, out = _check(taxonomy, tmp_path, monkeypatch, capsys, CASH_START.format(period='period = "instant"\n'))
    assert code == 0, out
    code, out = _check(taxonomy, tmp_path, monkeypatch, capsys, CASH_START.format(period=""))
    assert code == 1 and "mapping.badValue" in out and 'needs period = "instant"' in out


def test_a_caption_concept_must_be_an_instant_of_the_unit(taxonomy, tmp_path, monkeypatch, capsys):
    code, out = _check(taxonomy, tmp_path, monkeypatch, capsys, CAPTION.format(concept="CommonStockSharesAuthorized"))
    assert code == 0, out
    code, out = _check(taxonomy, tmp_path, monkeypatch, capsys, CAPTION.format(concept="CommonStockValue"))
    assert code == 1 and "mapping.itemType" in out and "caption 'shares-authorized'" in out


def test_an_unmapped_row_above_a_footings_first_part_makes_it_unchecked_not_refused():
    """Time Warner's equity: "Paid-in capital" (no rule) prints above the lines that are mapped; the
    footing of total equity cannot be checked, and refuses nothing (it refused all three before)."""
    import datetime as dt

    from converter.checks.footings import check_footings
    from converter.model import Fact, Period, QName, Reading, Span
    from converter.rules import Calculation, Origin

    def fact(concept, value, line):
        reading = Reading(str(value), Span("x", line, 0, 1), Decimal(value), negative=value < 0)
        return Fact(QName.parse(concept), Period(dt.date(2003, 9, 30)), "USD", Decimal(value) * 10**6, -6, 6,
                    reading, "r", "t2", "row", row_line=line, id=f"line-{line}")

    liabilities = fact(G + "Liabilities", 59274, 512)
    aoci, retained = fact(G + "AccumulatedOtherComprehensiveIncomeLossNetOfTax", -500, 522), fact(G + "RetainedEarningsAccumulatedDeficit", -99933, 523)
    equity = fact(G + "StockholdersEquity", 55095, 526)
    calcs = (Calculation("bs-liabilities", "balance", G + "Liabilities", ((G + "LiabilitiesCurrent", 1),), Origin("x", 1),
                         optional=frozenset({G + "LiabilitiesCurrent"})),
             Calculation("bs-stockholders-equity", "balance", G + "StockholdersEquity",
                         ((G + "AccumulatedOtherComprehensiveIncomeLossNetOfTax", 1), (G + "RetainedEarningsAccumulatedDeficit", 1)),
                         Origin("x", 2), optional=frozenset({G + "AccumulatedOtherComprehensiveIncomeLossNetOfTax",
                                                             G + "RetainedEarningsAccumulatedDeficit"})))
    facts = [liabilities, aoci, retained, equity]
    kept, footings, _findings = check_footings(facts, [], calcs, {"t2": "balance"}, unmapped=[("t2", 520)])
    assert kept == facts
    assert [f.checkable for f in footings if f.rule.startswith("bs-stockholders-equity")] == [False]
