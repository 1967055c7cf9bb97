"""Issue 13 on Alphabet's Q1 2025 release (Markdown): the lines its statements print beyond the main ones,
read back from the rendered iXBRL - the equity caption's share counts, the cash-flow lines whose footings
now prove their signs, and the other-income table's lines. Alphabet's own 10-Q (companyfacts) grades the
same release in tests/test_truth.py."""
from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import CORPUS
from ixread import consistent, fact_map, most_precise, read_facts

pytestmark = pytest.mark.corpus
ALPHABET = ["--cik", "1652044", "--company", "Alphabet Inc.", "--ticker", "GOOGL", "--prefix", "goog"]
G, X = "us-gaap:", "goog:"
DEC, MAR = "2024-12-31", "2025-03-31"
Q1_24, Q1_25 = "2024-01-01/2024-03-31", "2025-01-01/2025-03-31"


@pytest.fixture(scope="module")
def facts(tmp_path_factory, taxonomy):
    from converter.cli import main

    release = CORPUS / "22_goog_2025q1_release.md"
    if not release.is_file():
        pytest.skip(f"{release} not found")
    out = tmp_path_factory.mktemp("goog-q1")
    assert main(["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate",
                 "--no-viewer", *ALPHABET]) == 0
    return fact_map(read_facts(next(out.glob("goog-*.htm"))))


def one(facts, concept, period):
    found = facts.get((concept, period, ()))
    assert found, f"{concept} {period} not tagged"
    assert consistent(found), found
    return most_precise(found)


def millions(facts, concept, period, expected):
    fact = one(facts, concept, period)
    assert (fact.value, fact.unit, fact.decimals) == (Decimal(expected) * 1_000_000, "USD", "-6"), fact


def test_share_counts_from_the_equity_caption_in_millions(facts):
    """"(In millions, except par value per share amounts)": share counts are millions; "12,211 (Class A
    5,835, ...) and 12,155 (...) shares issued and outstanding": one per column, in the columns' order."""
    for date, count in {DEC: 12_211, MAR: 12_155}.items():
        for concept in ("CommonStockSharesIssued", "CommonStockSharesOutstanding"):
            fact = one(facts, G + concept, date)
            assert (fact.value, fact.unit, fact.decimals) == (Decimal(count) * 1_000_000, "shares", "-6"), fact
        assert one(facts, G + "CommonStockSharesAuthorized", date).value == Decimal(300_000) * 1_000_000
        assert one(facts, G + "PreferredStockSharesAuthorized", date).value == Decimal(100) * 1_000_000
        par = one(facts, G + "CommonStockParOrStatedValuePerShare", date)
        assert (par.value, par.unit, par.decimals) == (Decimal("0.001"), "USDPerShare", "3"), par
        assert one(facts, G + "PreferredStockParOrStatedValuePerShare", date).value == Decimal("0.001")


def test_cash_flow_lines_whose_signs_the_footings_prove(facts):
    """Every line of each section is mapped, so the operating, investing and financing footings are
    checked (they pass) and the lines printed in parentheses are tagged with their proven signs."""
    millions(facts, G + "DeferredIncomeTaxExpenseBenefit", Q1_25, -1152)   # "(1,152)": a benefit
    millions(facts, G + "IncreaseDecreaseInAccountsPayable", Q1_24, -2124)  # a liability: same sign as cash
    millions(facts, G + "IncreaseDecreaseInAccruedLiabilities", Q1_25, -5045)
    millions(facts, G + "IncreaseDecreaseInOtherAccruedLiabilities", Q1_24, -322)  # "Accrued revenue share"
    millions(facts, G + "IncreaseDecreaseInOtherAccruedLiabilities", Q1_25, 116)
    millions(facts, G + "ProceedsFromSaleAndMaturityOfOtherInvestments", Q1_25, 259)
    millions(facts, G + "ProceedsFromMinorityShareholders", Q1_25, 400)
    # payments printed in parentheses are positive
    millions(facts, X + "PaymentsToAcquireBusinessesNetOfCashAcquiredAndIntangibleAssets", Q1_25, 340)
    millions(facts, X + "PaymentsForProceedsFromStockBasedAwardActivitiesNet", Q1_24, 2929)
    millions(facts, G + "NetCashProvidedByUsedInFinancingActivities", Q1_25, -20201)


def test_other_income_table_lines(facts):
    """"The following table presents our other income (expense), net": interest income and the gain on
    equity securities (an extension named as in later us-gaap years; 2011 has none) are tagged."""
    millions(facts, G + "InvestmentIncomeInterest", Q1_24, 1061)
    millions(facts, G + "InvestmentIncomeInterest", Q1_25, 1001)
    millions(facts, X + "EquitySecuritiesFvNiGainLoss", Q1_24, 2243)
    millions(facts, X + "EquitySecuritiesFvNiGainLoss", Q1_25, 9758)
    # the lines without a rule are not guessed: no InterestExpense from this table's "(94)"
    assert not any(key[0] == G + "InterestExpense" and key[1] == Q1_24 for key in facts)
