"""Issue 2: the seed's statement of operations and balance sheet, read back from the rendered iXBRL."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from ixread import consistent, fact_map, most_precise, read_facts

pytestmark = pytest.mark.arelle

Q3_13, Q3_12 = "2013-07-01/2013-09-30", "2012-07-01/2012-09-30"
YTD13, YTD12 = "2013-01-01/2013-09-30", "2012-01-01/2012-09-30"
PERIODS = (Q3_13, Q3_12, YTD13, YTD12)
G = "us-gaap:"

# (concept, unit, decimals, values in thousands/units for the four columns, as printed in the release)
INCOME_STATEMENT = [
    ("Revenues", "USD", "-3", (45192, 39670, 130917, 114934)),
    ("CostOfRevenue", "USD", "-3", (10597, 9036, 31342, 25450)),
    ("SellingAndMarketingExpense", "USD", "-3", (16141, 12713, 46118, 36820)),
    ("ResearchAndDevelopmentExpense", "USD", "-3", (10023, 8005, 27091, 21881)),
    ("GeneralAndAdministrativeExpense", "USD", "-3", (9508, 7316, 29581, 22784)),
    ("AmortizationOfAcquiredIntangibleAssets", "USD", "-3", (224, 11, 672, 98)),
    ("CostsAndExpenses", "USD", "-3", (46493, 37081, 134804, 107033)),
    ("OperatingIncomeLoss", "USD", "-3", (-1301, 2589, -3887, 7901)),
    ("NonoperatingIncomeExpense", "USD", "-3", (209, 41, 264, 155)),
    ("IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments",
     "USD", "-3", (-1092, 2630, -3623, 8056)),
    ("IncomeTaxExpenseBenefit", "USD", "-3", (-362, 1030, -832, 3193)),
    ("NetIncomeLoss", "USD", "-3", (-730, 1600, -2791, 4863)),
]
PER_SHARE = [
    ("EarningsPerShareBasic", (Decimal("-0.01"), Decimal("0.03"), Decimal("-0.05"), Decimal("0.09"))),
    ("EarningsPerShareDiluted", (Decimal("-0.01"), Decimal("0.03"), Decimal("-0.05"), Decimal("0.09"))),
]
SHARES = [
    ("WeightedAverageNumberOfSharesOutstandingBasic", (54046161, 55688824, 54898974, 55087109)),
    ("WeightedAverageNumberOfDilutedSharesOutstanding", (54046161, 57760868, 54898974, 56987302)),
]
BALANCE_2013 = [
    ("CashAndCashEquivalentsAtCarryingValue", 77379), ("AccountsReceivableNetCurrent", 32726),
    ("PrepaidExpenseAndOtherAssetsCurrent", 7049), ("DeferredTaxAssetsNetCurrent", 4031),
    ("AssetsCurrent", 121185), ("PropertyPlantAndEquipmentNet", 18183),
    ("IntangibleAssetsNetExcludingGoodwill", 14156), ("Goodwill", 32724),
    ("DeferredTaxAssetsNetNoncurrent", 4755), ("OtherAssetsNoncurrent", 2327), ("Assets", 193330),
    ("AccountsPayableCurrent", 9209), ("AccruedLiabilitiesCurrent", 20347), ("DeferredRevenueCurrent", 6779),
    ("LiabilitiesCurrent", 36335), ("OtherLiabilitiesNoncurrent", 1397),
]


@pytest.fixture(scope="module")
def facts(seed_output):
    return fact_map(read_facts(seed_output / "lpsn-20131106.htm"))


@pytest.fixture(scope="module")
def report(seed_output):
    return json.loads((seed_output / "report.json").read_text())


def one(facts, concept, period, dims=(), decimals=None):
    """The most precise fact for concept/period/dims, after checking all its duplicates agree at the
    coarsest decimals (a statement's 77,379 and the text's "$77.4 million" are the same fact)."""
    found = facts.get((concept, period, dims))
    assert found, f"{concept} {period} not tagged"
    assert consistent(found), f"inconsistent duplicates {found}"
    return most_precise(found)


@pytest.mark.parametrize("concept,unit,decimals,values", INCOME_STATEMENT)
def test_income_statement_money_lines(facts, concept, unit, decimals, values):
    for period, value in zip(PERIODS, values):
        fact = one(facts, G + concept, period)
        assert fact.value == Decimal(value) * 1000
        assert fact.unit == unit
        assert fact.decimals == decimals


@pytest.mark.parametrize("concept,values", PER_SHARE)
def test_earnings_per_share(facts, concept, values):
    for period, value in zip(PERIODS, values):
        fact = one(facts, G + concept, period)
        assert fact.value == value
        assert fact.unit == "USDPerShare"
        assert fact.decimals == "2"


@pytest.mark.parametrize("concept,values", SHARES)
def test_weighted_average_shares_are_printed_in_full(facts, concept, values):
    for period, value in zip(PERIODS, values):
        fact = one(facts, G + concept, period)
        assert fact.value == value
        assert fact.unit == "shares"
        assert fact.decimals == "0"


def test_statement_of_operations_has_16_lines_by_4_periods(facts):
    concepts = [c for c, *_ in INCOME_STATEMENT] + [c for c, _ in PER_SHARE] + [c for c, _ in SHARES]
    assert len(concepts) == 16
    tagged = {(c, p) for (c, p, d) in facts if not d}
    assert all((G + c, p) in tagged for c in concepts for p in PERIODS)


@pytest.mark.parametrize("concept,value", BALANCE_2013)
def test_balance_sheet_september_2013(facts, concept, value):
    fact = one(facts, G + concept, "2013-09-30")
    assert fact.value == Decimal(value) * 1000
    assert fact.unit == "USD"
    assert fact.decimals == "-3"


def test_no_december_2012_balance_sheet_value_is_tagged(facts):
    assert not [k for k in facts if k[1] == "2012-12-31"]


def test_each_damaged_december_cell_is_reported_with_its_reason(report):
    damaged = {"103,33", "23,83", "6,36", "2,61", "136,15", "17,49", "15,68", "32,64", "4,18", "2,41", "208,57",
               "11,12", "17,91", "6,52", "35,56"}
    reported = {n["printed"]: n for n in report["not_tagged"] if n.get("source")}
    for raw in damaged:
        assert raw in reported, f"{raw} not in the report"
        assert "malformed digit groups" in reported[raw]["message"]
        assert reported[raw]["source"]["line"] >= 1


def test_total_liabilities_and_equity_are_reported_missing_not_computed(facts, report):
    missing = [n["message"] for n in report["not_tagged"] if n["code"] == "missing.value"]
    for concept in ("us-gaap:Liabilities", "us-gaap:StockholdersEquity", "us-gaap:LiabilitiesAndStockholdersEquity"):
        assert any(concept in m and "2013-09-30" in m for m in missing), concept
        assert not [k for k in facts if k[0] == concept]
    # the line printed as 'Total liabilities 1,397' contradicts its own parts and is refused with that reason
    refused = [n for n in report["not_tagged"] if n["code"] == "footing.refused"]
    assert any(n["printed"] == "1,397" and "us-gaap:Liabilities" in n["message"] for n in refused)


def test_arelle_reports_zero_errors(report):
    validation = report["validation"]
    assert validation["loaded"] is True
    assert validation["errors"] == 0, validation["messages"]
    assert validation["facts"] >= 80


def test_every_fact_carries_source_line_and_rule(report):
    for fact in report["facts"]:
        if fact["rule"].startswith("hidden ("):
            # dei facts the release does not print (CIK, amendment flag): from the profile, in ix:hidden
            assert fact["concept"] in ("dei:EntityCentralIndexKey", "dei:AmendmentFlag", "dei:TradingSymbol")
            assert fact["source"]["file"].endswith(".profile.toml")
            continue
        assert fact["source"]["line"] > 0
        assert fact["rule"]
        assert fact["printed"].replace("$", "").strip()
        # what was printed at that line is what the fact says
        assert fact["printed"] in fact["source"]["text"]


def test_contexts_use_the_sec_cik_scheme(seed_output):
    text = (seed_output / "lpsn-20131106.htm").read_text()
    assert 'scheme="http://www.sec.gov/CIK">0001102993<' in text
    assert "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12" in text


def test_extension_schema_imports_the_loaded_package_entry_points(seed_output):
    xsd = (seed_output / "lpsn-20131106.xsd").read_text()
    assert 'schemaLocation="http://xbrl.fasb.org/us-gaap/2011/elts/us-gaap-2011-01-31.xsd"' in xsd
    # dei: the newest version of the package released on or before the report date (2013, not 2014)
    assert 'schemaLocation="http://xbrl.sec.gov/dei/2013/dei-2013-01-31.xsd"' in xsd
    assert "dei-2014" not in xsd
