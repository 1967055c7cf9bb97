"""Issue 13: per-share and share data stated in sentences outside the statements (dividends declared and
paid, shares repurchased, shares outstanding at a date), read back from the rendered iXBRL; and the
sentences whose period cannot be told, reported instead of tagged."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import convert_text

COMPANY = ["--cik", "0000000001", "--company", "Acme Corp.", "--prefix", "acme"]
Q1 = "2025-01-01/2025-03-31"

STATEMENT = """SPRINGFIELD, April 24, 2025 -- Acme Corp. today announced results for the quarter ended March 31, 2025.

{sentences}

## CONSOLIDATED STATEMENTS OF INCOME
*(In millions, except per share amounts)*

|                    | Three Months Ended March 31,<br/>2024 | 2025   |
| ------------------ | ------------------------------------- | ------ |
| Revenues           | $1,000                                | $1,200 |
| Costs and expenses | 800                                   | 900    |
| Operating income   | 200                                   | 300    |
| Net income         | $150                                  | $240   |
"""

TAGGED = [
    "During the first quarter of 2025, the Company repurchased 3.5 million shares of its common stock for $1.2 billion.",
    "Dividend payments to stockholders of Class A and Class B shares were $10.1 billion and $5.0 billion, "
    "respectively, totaling $15.1 billion for the three months ended March 31, 2025.",
    "As of April 18, 2025, there were 1,234,567 shares of common stock outstanding.",
    "On March 12, 2025, the Board of Directors declared a quarterly cash dividend of $0.25 per share.",
]
REFUSED = [
    "On April 22, 2025, the Board of Directors declared a quarterly cash dividend of $0.26 per share.",
    "The Board of Directors has declared a cash dividend of $0.27 per share of the Company's common stock.",
    "Dividend payments totaled $9.9 billion for the nine months ended March 31, 2025.",
    "In the first quarter of 2025 the Company repurchased 2.0 million shares for $0.8 billion, compared with "
    "3.1 million shares for $1.1 billion in the first quarter of 2024.",
]


def convert(sentences: list[str], tmp_path: Path, taxonomy: Path) -> tuple[list, dict]:
    return convert_text(STATEMENT.format(sentences="\n\n".join(sentences)), "release.md", tmp_path, taxonomy, COMPANY)


def test_share_data_in_sentences_is_tagged_with_its_period_and_printed_decimals(tmp_path, taxonomy):
    facts, _report = convert(TAGGED, tmp_path, taxonomy)
    got = {(f.concept, f.period): f for f in facts if not f.dims}
    expected = {
        ("us-gaap:StockRepurchasedDuringPeriodShares", Q1): (Decimal("3500000"), "shares", "-5"),
        ("us-gaap:StockRepurchasedDuringPeriodValue", Q1): (Decimal("1200000000"), "USD", "-8"),
        ("us-gaap:PaymentsOfDividends", Q1): (Decimal("15100000000"), "USD", "-8"),
        ("us-gaap:CommonStockSharesOutstanding", "2025-04-18"): (Decimal("1234567"), "shares", "0"),
        # declared inside the quarter: a figure of that quarter, as filers tag it
        ("us-gaap:CommonStockDividendsPerShareDeclared", Q1): (Decimal("0.25"), "USDPerShare", "2"),
    }
    for key, (value, unit, decimals) in expected.items():
        fact = got.get(key)
        assert fact is not None, key
        assert (fact.value, fact.unit, fact.decimals) == (value, unit, decimals), fact
    # the per-class amounts ("$10.1 billion and $5.0 billion, respectively") are not facts of their own here
    assert [f.value for f in facts if f.concept == "us-gaap:PaymentsOfDividends"] == [Decimal("15100000000")]


def test_share_data_whose_period_cannot_be_told_is_reported_not_tagged(tmp_path, taxonomy):
    facts, report = convert(REFUSED, tmp_path, taxonomy)
    concepts = {f.concept for f in facts}
    assert "us-gaap:CommonStockDividendsPerShareDeclared" not in concepts
    assert "us-gaap:PaymentsOfDividends" not in concepts
    notes = {(n["code"], n.get("printed", "")): n["message"] for n in report["not_tagged"] if n["code"].startswith("prose.")}
    after = next(m for (c, _p), m in notes.items() if c == "prose.eventAfterPeriods")
    assert "$0.26" in after and "2025-04-22" in after and "the last ends 2025-03-31" in after
    undated = next(m for (c, _p), m in notes.items() if c == "prose.eventDateUnknown")
    assert "$0.27" in undated
    # no nine-month column in the release: the duration's start is not computed
    unknown = next(m for (c, _p), m in notes.items() if c == "prose.periodUnknown")
    assert "$9.9 billion" in unknown
    # two periods in one sentence: which figures are whose is not read
    assert "us-gaap:StockRepurchasedDuringPeriodShares" not in concepts
    assert any(c == "prose.periodAmbiguous" and "2.0 million" in m for (c, _p), m in notes.items())


def test_dividends_declared_per_share_in_the_statement_are_tagged_for_each_column(tmp_path, taxonomy):
    """A "Cash dividends declared per share" row of the statement of income: a per-share fact of each
    column's period, with the printed decimals (the rule in taxonomy/mappings/income-statement.toml)."""
    text = STATEMENT.format(sentences="") + "| Cash dividends declared per share | $0.20 | $0.25 |\n"
    facts, _report = convert_text(text, "release.md", tmp_path, taxonomy, COMPANY)
    facts = [f for f in facts if f.concept == "us-gaap:CommonStockDividendsPerShareDeclared"]
    assert sorted((f.period, f.value, f.unit, f.decimals) for f in facts) == [
        ("2024-01-01/2024-03-31", Decimal("0.20"), "USDPerShare", "2"),
        (Q1, Decimal("0.25"), "USDPerShare", "2"),
    ]
