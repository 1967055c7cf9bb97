"""Issue 3: every figure of the seed release, read back from the rendered iXBRL, and never a wrong one."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from ixread import consistent, fact_map, most_precise, read_facts

pytestmark = pytest.mark.arelle

Q3_13, Q3_12 = "2013-07-01/2013-09-30", "2012-07-01/2012-09-30"
YTD13, YTD12 = "2013-01-01/2013-09-30", "2012-01-01/2012-09-30"
Q2_13 = "2013-04-01/2013-06-30"
Q4_13, FY13 = "2013-10-01/2013-12-31", "2013-01-01/2013-12-31"
PERIODS = (Q3_13, Q3_12, YTD13, YTD12)
G, L = "us-gaap:", "lpsn:"
AXIS = "lpsn:IncomeStatementLocationAxis"  # us-gaap 2011 has no IncomeStatementLocationAxis
FORECAST = ("us-gaap:StatementScenarioAxis", "us-gaap:ScenarioForecastMember")
MIN = ("us-gaap:RangeAxis", "us-gaap:MinimumMember")
MAX = ("us-gaap:RangeAxis", "us-gaap:MaximumMember")


@pytest.fixture(scope="module")
def all_facts(seed_output):
    return read_facts(seed_output / "lpsn-20131106.htm")


@pytest.fixture(scope="module")
def facts(all_facts):
    return fact_map(all_facts)


@pytest.fixture(scope="module")
def report(seed_output):
    return json.loads((seed_output / "report.json").read_text())


def value(facts, concept, period, *dims):
    found = facts.get((concept, period, tuple(sorted(dims))))
    assert found, f"{concept} {period} {dims} not tagged"
    assert consistent(found), found
    return most_precise(found)


def thousands(facts, concept, values, *dims):
    for period, v in zip(PERIODS, values):
        if v is None:
            assert (concept, period, tuple(sorted(dims))) not in facts, f"{concept} {period} must not be tagged"
            continue
        fact = value(facts, concept, period, *dims)
        assert fact.value == Decimal(v) * 1000, (concept, period)


# ---- the non-GAAP reconciliation -----------------------------------------------------------------

def test_adjusted_ebitda_and_its_adding_up_items(facts):
    thousands(facts, L + "AdjustedEBITDA", (5190, 7422, 13487, 21011))
    thousands(facts, G + "AmortizationOfIntangibleAssets", (691, 140, 1575, 294))
    thousands(facts, G + "ShareBasedCompensation", (3798, 2852, 9749, 7646))
    thousands(facts, G + "Depreciation", (2002, 1841, 6050, 5170))
    thousands(facts, G + "IncomeTaxExpenseBenefit", (-362, 1030, -832, 3193))
    thousands(facts, G + "NonoperatingIncomeExpense", (209, 41, 264, 155))


def test_adjusted_net_income_per_share_and_shares(facts):
    thousands(facts, L + "AdjustedNetIncome", (3759, 4592, 8533, 12803))
    for concept, values in ((L + "AdjustedEBITDAPerShareDiluted", ("0.09", "0.13", "0.24", "0.37")),
                            (L + "AdjustedNetIncomePerShareDiluted", ("0.07", "0.08", "0.15", "0.22"))):
        for period, v in zip(PERIODS, values):
            fact = value(facts, concept, period)
            assert fact.value == Decimal(v) and fact.unit == "USDPerShare" and fact.decimals == "2"
    for period, v in zip(PERIODS, (55183101, 57760868, 56221645, 56987302)):
        fact = value(facts, L + "WeightedAverageDilutedSharesUsedInNonGAAPMeasures", period)
        assert fact.value == v and fact.unit == "shares"


def test_the_reconciliations_own_other_income_row_is_tagged_with_its_sign(report):
    """'Other (income) (209)' is subtracted in the reconciliation: tagged as other income of 209 (the
    rule states the row's sign convention), not refused and not -209."""
    rows = [f for f in report["facts"] if f["table"] == "t4" and f["row"] == "Other (income)"]
    assert sorted(f["value"] for f in rows) == ["155000", "209000", "264000", "41000"]
    assert all(f["concept"] == "us-gaap:NonoperatingIncomeExpense" for f in rows)


def test_the_reconciliation_adds_up(facts):
    for period in PERIODS:
        v = {c: value(facts, G + c, period).value for c in (
            "NetIncomeLoss", "AmortizationOfIntangibleAssets", "ShareBasedCompensation", "Depreciation",
            "IncomeTaxExpenseBenefit", "NonoperatingIncomeExpense")}
        ebitda = (v["NetIncomeLoss"] + v["AmortizationOfIntangibleAssets"] + v["ShareBasedCompensation"]
                  + v["Depreciation"] + v["IncomeTaxExpenseBenefit"] - v["NonoperatingIncomeExpense"])
        assert ebitda == value(facts, L + "AdjustedEBITDA", period).value
        adjusted = v["NetIncomeLoss"] + v["AmortizationOfIntangibleAssets"] + v["ShareBasedCompensation"]
        assert adjusted == value(facts, L + "AdjustedNetIncome", period).value


def test_income_statement_amortization_line_does_not_collide_with_total_amortization(facts):
    assert value(facts, G + "AmortizationOfAcquiredIntangibleAssets", Q3_13).value == 224000
    assert value(facts, G + "AmortizationOfIntangibleAssets", Q3_13).value == 691000


# ---- the EBITDA-to-operating-cash bridge ---------------------------------------------------------

def test_bridge(facts):
    thousands(facts, L + "EBITDA", (5190, 7422, 13487, 21011))
    thousands(facts, G + "IncreaseDecreaseInOperatingCapital", (2265, 2448, 9235, -998))
    thousands(facts, G + "DeferredIncomeTaxExpenseBenefit", (-526, -585, -1700, -1325))
    thousands(facts, G + "NetCashProvidedByUsedInOperatingActivities", (2970, 3400, 3648, 17666))


def test_provision_for_doubtful_accounts_row_is_proven_wrong_and_not_trusted(facts, report):
    thousands(facts, G + "ProvisionForDoubtfulAccounts", (None, None, None, None))
    refused = {n["printed"]: n["message"] for n in report["not_tagged"] if n["code"] == "footing.refused"}
    for raw in ("(2,203)", "(2,440)", "(3,233)", "20"):
        assert raw in refused and "ProvisionForDoubtfulAccounts" in refused[raw]
    assert "balances only if" in refused["(2,203)"]


# ---- breakdowns by income-statement line ----------------------------------------------------------

def test_stock_compensation_by_line_item_with_corrected_nine_month_period(facts):
    members = {"CostOfSalesMember": (635, 1557), "SellingAndMarketingExpenseMember": (844, 2159),
               "ResearchAndDevelopmentExpenseMember": (1241, 2922), "GeneralAndAdministrativeExpenseMember": (1078, 3111)}
    for member, (q3, ytd) in members.items():
        dim = (AXIS, G + member)
        assert value(facts, G + "AllocatedShareBasedCompensationExpense", Q3_13, dim).value == q3 * 1000
        assert value(facts, G + "AllocatedShareBasedCompensationExpense", YTD13, dim).value == ytd * 1000
        # the header says September 30, 2012 over the nine-month column; those numbers are 2013's
        assert (G + "AllocatedShareBasedCompensationExpense", YTD12, (dim,)) not in facts
    assert value(facts, G + "AllocatedShareBasedCompensationExpense", YTD13).value == 9749000


def test_amortization_by_line_item(facts):
    for member, (q3, ytd) in {"CostOfSalesMember": (467, 903), "GeneralAndAdministrativeExpenseMember": (224, 672)}.items():
        dim = (AXIS, G + member)
        assert value(facts, G + "AmortizationOfIntangibleAssets", Q3_13, dim).value == q3 * 1000
        assert value(facts, G + "AmortizationOfIntangibleAssets", YTD13, dim).value == ytd * 1000
    assert not [k for k in facts if k[0] == G + "AmortizationOfIntangibleAssets" and k[1] == YTD12 and k[2]]


def test_period_correction_is_reported(report):
    corrected = [n for n in report["not_tagged"] if n["code"] == "period.corrected"]
    assert len(corrected) == 2
    assert all("2013-01-01 to 2013-09-30" in n["message"] for n in corrected)


# ---- prose ---------------------------------------------------------------------------------------

def test_prose_figures(facts):
    b2b = value(facts, G + "Revenues", Q3_13, ("us-gaap:StatementBusinessSegmentsAxis", "lpsn:BusinessOperationsMember"))
    assert b2b.value == 41400000 and b2b.decimals == "-5"
    consumer = value(facts, G + "Revenues", Q3_13, ("us-gaap:StatementBusinessSegmentsAxis", "lpsn:ConsumerOperationsMember"))
    assert consumer.value == 3800000 and consumer.decimals == "-5"
    for period, v in ((Q3_13, 10200000), (Q2_13, 7100000), (Q3_12, 8100000)):
        bookings = value(facts, L + "Bookings", period)
        assert bookings.value == v and bookings.decimals == "-5"
    june = value(facts, G + "CashAndCashEquivalentsAtCarryingValue", "2013-06-30")
    assert june.value == 75000000 and june.decimals == "-5"
    assert value(facts, G + "NetCashProvidedByUsedInOperatingActivities", Q3_13).value == 2970000  # and "$3.0 million"
    capex = value(facts, G + "PaymentsToAcquirePropertyPlantAndEquipment", Q3_13)
    assert capex.value == 2000000 and capex.decimals == "-5"
    assert value(facts, L + "NumberOfDealsSigned", Q3_13).value == 163
    assert value(facts, L + "NumberOfNewCustomers", Q3_13).value == 55


# ---- guidance ------------------------------------------------------------------------------------

@pytest.mark.parametrize("concept,period,low,high", [
    (G + "Revenues", Q4_13, "46000000", "47000000"),
    (L + "AdjustedEBITDAPerShareDiluted", Q4_13, "0.09", "0.11"),
    (L + "AdjustedNetIncomePerShareDiluted", Q4_13, "0.04", "0.06"),
    (G + "EarningsPerShareDiluted", Q4_13, "-0.01", "0.01"),
    (G + "Revenues", FY13, "177000000", "178000000"),
    (L + "AdjustedEBITDAPerShareDiluted", FY13, "0.33", "0.35"),
    (L + "AdjustedNetIncomePerShareDiluted", FY13, "0.19", "0.21"),
    (G + "EarningsPerShareDiluted", FY13, "-0.06", "-0.04"),  # printed high-to-low: $(0.04) $(0.06)
])
def test_guidance_ranges(facts, concept, period, low, high):
    assert value(facts, concept, period, FORECAST, MIN).value == Decimal(low)
    assert value(facts, concept, period, FORECAST, MAX).value == Decimal(high)


@pytest.mark.parametrize("concept,period,expected,decimals", [
    (G + "WeightedAverageNumberOfDilutedSharesOutstanding", Q4_13, "56000000", "-6"),
    (G + "WeightedAverageNumberOfDilutedSharesOutstanding", FY13, "56300000", "-5"),
    (G + "AmortizationOfIntangibleAssets", FY13, "3000000", "-6"),
    (G + "ShareBasedCompensation", FY13, "12000000", "-6"),
    (G + "EffectiveIncomeTaxRateContinuingOperations", FY13, "0.28", "2"),
    (L + "CashTaxRate", FY13, "-0.07", "2"),
    (G + "Depreciation", FY13, "9000000", "-6"),
    (G + "PaymentsToAcquirePropertyPlantAndEquipment", FY13, "10000000", "-6"),
])
def test_guidance_approximations(facts, concept, period, expected, decimals):
    fact = value(facts, concept, period, FORECAST)
    assert fact.value == Decimal(expected) and fact.decimals == decimals


# ---- cover ---------------------------------------------------------------------------------------

def test_cover_facts_including_ocr_split_values(facts):
    cover = "2013-11-06/2013-11-06"
    expected = {
        "dei:DocumentType": "8-K", "dei:DocumentPeriodEndDate": "November 6, 2013",
        "dei:EntityRegistrantName": "LivePerson, Inc.", "dei:EntityIncorporationStateCountryName": "Delaware",
        "dei:EntityAddressAddressLine1": "475 Tenth Avenue", "dei:EntityAddressCityOrTown": "New York",
        "dei:EntityAddressPostalZipCode": "10018", "dei:CityAreaCode": "212", "dei:LocalPhoneNumber": "609-4200",
        "dei:EntityCentralIndexKey": "0001102993",
    }
    for concept, text in expected.items():
        assert [f.value for f in facts[(concept, cover, ())]] == [text], concept


def test_cover_values_the_loaded_dei_cannot_hold_are_reported(report):
    messages = {n["printed"]: n["message"] for n in report["not_tagged"] if n["code"].startswith("cover.")}
    assert "EntityFileNumber" in messages["0-30141"]  # not in dei 2013
    assert "nineDigitItemType" in messages["13-3861628"]  # dei 2013 wants nine bare digits


# ---- never a wrong one -----------------------------------------------------------------------------

def test_damaged_cells_are_not_facts_and_are_reported(all_facts, report):
    shown = {f.shown for f in all_facts}
    reported = {n["printed"]: n for n in report["not_tagged"]}
    for raw in ("3 400", "17.000", "103,33", "136,15", "1 270"):
        assert raw not in shown
        assert raw in reported and reported[raw]["message"], raw
    assert "split by a space" in reported["3 400"]["message"]
    assert "three digits" in reported["17.000"]["message"]


def test_zero_inconsistent_duplicates(all_facts):
    groups = {}
    for f in all_facts:
        groups.setdefault((f.concept, f.period, f.dims, f.unit), []).append(f)
    for key, group in groups.items():
        assert consistent(group), key


def test_no_fact_for_a_2012_column_holds_2013_numbers(facts):
    # the nine months 2012 of the breakdown tables (as printed) would be 9,749 and 1,575: never tagged
    assert value(facts, G + "ShareBasedCompensation", YTD12).value == 7646000
    assert value(facts, G + "AmortizationOfIntangibleAssets", YTD12).value == 294000


def test_arelle_zero_errors_with_everything_tagged(report):
    assert report["validation"]["errors"] == 0, report["validation"]["messages"]
    assert report["validation"]["inconsistencies"] == 0
    assert report["summary"]["facts"] >= 200


def test_report_html_lists_facts_refusals_and_footings(seed_output):
    html = (seed_output / "report.html").read_text()
    assert "103,33" in html and "malformed digit groups" in html
    assert "ng-ebitda-to-operating-cash" in html
    assert "lpsn:AdjustedEBITDA" in html


def test_stray_symbols_are_reported_never_read(all_facts, report):
    strays = {n["printed"] for n in report["not_tagged"] if n["code"] == "damage.strayCell"}
    assert {"\u03a8", "\u00a2", "\u2022"} <= strays  # Ψ ¢ •
    assert not [f for f in all_facts if any(ch in f.shown for ch in "\u03a8\u00a2\u2022")]


def test_arelle_command_line_on_the_output_folder_with_calculations_11(seed_output, taxonomy, tmp_path):
    """Arelle itself (its command line, not this project's wrapper), offline with the taxonomy package,
    Calculations 1.1 round-to-nearest: zero errors, zero inconsistencies."""
    import subprocess
    import sys

    log = tmp_path / "arelle.json"
    cmd = [sys.executable, "-m", "arelle.CntlrCmdLine", "--workOffline", "--packages", str(taxonomy),
           "--plugins", "inlineXbrlDocumentSet", "-f", str(seed_output / "lpsn-20131106.htm"), "--validate",
           "--calc", "c11r", "--logFile", str(log), "--logFileMode", "w"]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300, cwd=tmp_path)
    entries = json.loads(log.read_text())["log"]
    bad = [e for e in entries if e["level"] in ("error", "fatal", "inconsistency") or "inconsistent" in e["code"]]
    assert bad == []
    assert any(e["code"] == "info" for e in entries)  # it did run and log
