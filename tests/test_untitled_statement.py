"""An untitled balance sheet without a scale caption (what a PDF-to-Markdown conversion leaves of one):
recognised by its rows, continued under its sub-headings, its scale proven by agreement with the
captioned cash-flow statement, or not tagged at all when nothing proves it."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from ixread import read_facts

COMPANY = ["--cik", "0000000001", "--company", "Acme Corp.", "--prefix", "acme"]

RELEASE = """SPRINGFIELD, July 24, 2025 -- Acme Corp. today announced results for the quarter ended June 30, 2025.

## CONSOLIDATED STATEMENTS OF CASH FLOWS
*(In millions, unaudited)*

|                                                      | Six Months Ended June 30,<br/>2024 | 2025  |
| ---------------------------------------------------- | ---------------------------------- | ----- |
| Net cash provided by operating activities            | 120                                | 90    |
| Net cash used in investing activities                | (10)                               | (20)  |
| Net cash used in financing activities                | (10)                               | (20)  |
| Net increase (decrease) in cash and cash equivalents | 100                                | 50    |
| Cash and cash equivalents at beginning of period     | 200                                | 300   |
| Cash and cash equivalents at end of period           | $300                               | $350  |

---

### Assets

#### Current assets

| Description                 | As of December 31, 2024 | As of June 30, 2025 (unaudited) |
| --------------------------- | ----------------------- | ------------------------------- |
| Cash and cash equivalents   | $300                    | $350                            |
| Accounts receivable, net    | $200                    | $250                            |
| **Total current assets**    | **$500**                | **$600**                        |
| Property and equipment, net | $400                    | $420                            |
| Operating lease assets      | $50                     | $60                             |
| **Total assets**            | **$950**                | **$1,080**                      |

### Liabilities and Stockholders' Equity

#### Current liabilities

| Description                   | As of December 31, 2024 | As of June 30, 2025 (unaudited) |
| ----------------------------- | ----------------------- | ------------------------------- |
| Accounts payable              | $100                    | $120                            |
| **Total current liabilities** | **$100**                | **$120**                        |
| Long-term debt                | $200                    | $200                            |
| Operating lease liabilities   | $50                     | $60                             |
| **Total liabilities**         | **$350**                | **$380**                        |

Commitments and contingencies

#### Stockholders' equity

| Description                                                                                                                                       | As of December 31, 2024 | As of June 30, 2025 (unaudited) |
| ------------------------------------------------------------------------------------------------------------------------------------------------- | ----------------------- | ------------------------------- |
| Common stock and additional paid-in capital, $0.001 par value per share: 9,000 shares authorized; 1,200 and 1,190 shares issued and outstanding | $250                    | $260                            |
| Retained earnings                                                                                                                                 | $350                    | $440                            |
| **Total stockholders' equity**                                                                                                                    | **$600**                | **$700**                        |
| **Total liabilities and stockholders' equity**                                                                                                    | **$950**                | **$1,080**                      |
"""

# what the balance sheet prints, read back from the iXBRL (concept, instant) -> value in dollars, all decimals -6
BALANCE = {
    ("us-gaap:CashAndCashEquivalentsAtCarryingValue", "2024-12-31"): Decimal("300000000"),
    ("us-gaap:CashAndCashEquivalentsAtCarryingValue", "2025-06-30"): Decimal("350000000"),
    ("us-gaap:AccountsReceivableNetCurrent", "2025-06-30"): Decimal("250000000"),
    ("us-gaap:AssetsCurrent", "2024-12-31"): Decimal("500000000"),
    ("us-gaap:PropertyPlantAndEquipmentNet", "2025-06-30"): Decimal("420000000"),
    ("acme:OperatingLeaseRightOfUseAsset", "2025-06-30"): Decimal("60000000"),
    ("us-gaap:Assets", "2024-12-31"): Decimal("950000000"),
    ("us-gaap:Assets", "2025-06-30"): Decimal("1080000000"),
    ("us-gaap:AccountsPayableCurrent", "2025-06-30"): Decimal("120000000"),
    ("us-gaap:LiabilitiesCurrent", "2024-12-31"): Decimal("100000000"),
    ("acme:OperatingLeaseLiabilityNoncurrent", "2024-12-31"): Decimal("50000000"),
    ("us-gaap:Liabilities", "2025-06-30"): Decimal("380000000"),
    ("us-gaap:CommonStockIncludingAdditionalPaidInCapital", "2025-06-30"): Decimal("260000000"),
    ("us-gaap:RetainedEarningsAccumulatedDeficit", "2024-12-31"): Decimal("350000000"),
    ("us-gaap:StockholdersEquity", "2025-06-30"): Decimal("700000000"),
    ("us-gaap:LiabilitiesAndStockholdersEquity", "2025-06-30"): Decimal("1080000000"),
}
BALANCE_ONLY = {c for c, _p in BALANCE} - {"us-gaap:CashAndCashEquivalentsAtCarryingValue"}


def convert(text: str, tmp_path: Path, taxonomy: Path) -> tuple[list, dict]:
    from converter.cli import main

    path = tmp_path / "release.md"
    path.write_text(text)
    out = tmp_path / "out"
    assert main(["convert", str(path), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate", *COMPANY]) == 0
    return read_facts(next(out.glob("*.htm"))), json.loads((out / "report.json").read_text())


def balance_table(report: dict) -> dict:
    return next(t for t in report["tables"] if t["title"] == "Current assets")


def test_untitled_balance_sheet_takes_the_scale_its_cash_row_proves(tmp_path, taxonomy):
    facts, report = convert(RELEASE, tmp_path, taxonomy)
    got = {(f.concept, f.period): f for f in facts if not f.dims}
    for key, value in BALANCE.items():
        fact = got.get(key)
        assert fact is not None, key
        assert (fact.value, fact.unit, fact.decimals) == (value, "USD", "-6"), key
    # one table under its sub-headings, recognised by its totals, its scale proven by the cash-flow statement
    table = balance_table(report)
    assert table["statement"] == "balance"
    assert "'total assets'" in table["statement_evidence"] and "as of 2024-12-31" in table["statement_evidence"]
    assert table["scale"]["monetary"] == 6 and table["scale"]["unknown"] == ["shares"]
    evidence = table["scale"]["evidence"]
    assert evidence.startswith("millions: 2 row value(s) agree")
    assert "'Cash and cash equivalents at end of period'" in evidence and "(In millions, unaudited)" in evidence
    codes = {n["code"] for n in report["not_tagged"]}
    assert "mapping.scaleProven" in codes and "mapping.scaleUnproven" not in codes
    # the footings of the merged statement are checked, and pass
    footed = {(f["rule"], f["period"]): f["result"] for f in report["footings"] if f["table"] == table["id"]}
    for rule in ("bs-current-assets", "bs-assets", "bs-liabilities", "bs-liabilities-and-equity",
                 "bs-stockholders-equity"):
        assert footed[(rule, "as of 2025-06-30")] == "pass", rule
    # the caption's share counts: their scale is proven by nothing, so they are not tagged (the par value is)
    assert not any(f.concept == "us-gaap:CommonStockSharesAuthorized" for f in facts)
    assert got[("us-gaap:CommonStockParOrStatedValuePerShare", "2025-06-30")].value == Decimal("0.001")
    refused = [n["message"] for n in report["not_tagged"] if n["code"] == "mapping.captionRefused"]
    assert any("CommonStockSharesAuthorized" in m and "scale of its share counts is not proven" in m for m in refused)


def test_without_an_agreeing_row_the_untitled_balance_sheet_is_not_tagged(tmp_path, taxonomy):
    # the cash-flow statement's closing cash (and the change that foots it) no longer what the balance sheet prints
    text = (RELEASE.replace("| $300                               | $350  |", "| $300                               | $351  |")
            .replace("| 100                                | 50    |", "| 100                                | 51    |")
            .replace("| 120                                | 90    |", "| 120                                | 91    |"))
    assert text.count("$351") == 1 and text != RELEASE
    facts, report = convert(text, tmp_path, taxonomy)
    assert not {f.concept for f in facts} & BALANCE_ONLY
    assert not any(f.period == "2025-06-30" and f.value == Decimal("350000000") for f in facts)
    table = balance_table(report)
    assert table["statement"] == "balance" and table["scale"]["unknown"] == ["monetary", "shares"]
    assert "evidence" not in table["scale"]
    unproven = [n["message"] for n in report["not_tagged"] if n["code"] == "mapping.scaleUnproven"]
    assert len(unproven) == 1
    assert "prints $350" in unproven[0] and "prints $351" in unproven[0] and "none of its amounts is tagged" in unproven[0]
    refused = [n["message"] for n in report["not_tagged"] if n["code"] == "mapping.refused" and "$1,080" in n["message"]]
    assert refused and all("no scale caption" in m for m in refused)


def test_with_no_row_to_compare_the_untitled_balance_sheet_is_not_tagged(tmp_path, taxonomy):
    text = "\n".join(ln for ln in RELEASE.split("\n") if not ln.startswith("| Cash and cash equivalents at"))
    facts, report = convert(text, tmp_path, taxonomy)
    assert not {f.concept for f in facts} & BALANCE_ONLY
    assert not any(f.concept == "us-gaap:CashAndCashEquivalentsAtCarryingValue" for f in facts)
    unproven = [n["message"] for n in report["not_tagged"] if n["code"] == "mapping.scaleUnproven"]
    assert len(unproven) == 1 and "no row agrees digit for digit" in unproven[0]
