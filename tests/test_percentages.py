"""Issue 13: percentages as `pure` with the decimals printed (34% -> 0.34, decimals 2; 32.5% -> 0.325,
decimals 3), in a results summary's rows and in sentences, read back from the rendered iXBRL; changes
year over year, sentences naming several periods and cells that do not say they are percentages are
reported, not tagged."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import convert_text

COMPANY = ["--cik", "0000000001", "--company", "Acme Corp.", "--prefix", "acme"]
Q1_24, Q1_25 = "2024-01-01/2024-03-31", "2025-01-01/2025-03-31"

RELEASE = """SPRINGFIELD, April 24, 2025 -- Acme Corp. today announced results for the quarter ended March 31, 2025.

Operating margin for the first quarter of 2025 was 32.5%.

The effective tax rate was 16.4% compared to 17.3% in the first quarter of 2024.

## Q1 2025 Financial Highlights (unaudited)
*(In millions, except for per share information and percentages)*

|                                    | Three Months Ended March 31,<br/>2024 | 2025   |
| ---------------------------------- | ------------------------------------- | ------ |
| Revenues                           | $1,000                                | $1,200 |
| Change in revenues year over year  | 15 %                                  | 20 %   |
| Operating income                   | $300                                  | $390   |
| Operating margin                   | {margin_24}                           | {margin_25} |
| Effective tax rate                 | 17.0%                                 | 16.5%  |

## CONSOLIDATED STATEMENTS OF INCOME
*(In millions, except per share amounts)*

|                    | Three Months Ended March 31,<br/>2024 | 2025   |
| ------------------ | ------------------------------------- | ------ |
| Revenues           | $1,000                                | $1,200 |
| Costs and expenses | 700                                   | 810    |
| Operating income   | 300                                   | 390    |
| Net income         | $250                                  | $300   |
"""


def convert(text: str, tmp_path: Path, taxonomy: Path) -> tuple[list, dict]:
    return convert_text(text, "release.md", tmp_path, taxonomy, COMPANY)


def test_percentages_are_pure_with_the_printed_decimals(tmp_path, taxonomy):
    facts, report = convert(RELEASE.format(margin_24="30 %", margin_25="32.5%"), tmp_path, taxonomy)
    margins = sorted((f.period, f.value, f.unit, f.decimals, f.shown) for f in facts if f.concept == "acme:OperatingMargin")
    assert margins == [
        (Q1_24, Decimal("0.30"), "pure", "2", "30"),
        (Q1_25, Decimal("0.325"), "pure", "3", "32.5"),  # the table's cell
        (Q1_25, Decimal("0.325"), "pure", "3", "32.5"),  # the sentence's, for its one period
    ]
    # a change between two periods is not a fact of either; the tax-rate sentence names two periods
    assert not any(f.value in (Decimal("0.15"), Decimal("0.20"), Decimal("15"), Decimal("20")) for f in facts)
    rates = sorted((f.period, f.value, f.decimals) for f in facts
                   if f.concept == "us-gaap:EffectiveIncomeTaxRateContinuingOperations")
    assert rates == [(Q1_24, Decimal("0.170"), "3"), (Q1_25, Decimal("0.165"), "3")]  # the table's, not the sentence's
    notes = [(n["code"], n["message"]) for n in report["not_tagged"]]
    assert any(c == "prose.periodAmbiguous" and "16.4%" in m for c, m in notes)
    assert any(c == "mapping.noRule" and "Change in revenues year over year" in m for c, m in notes)


def test_a_percentage_row_whose_cells_do_not_say_percent_is_refused(tmp_path, taxonomy):
    facts, report = convert(RELEASE.format(margin_24="30", margin_25="32.5"), tmp_path, taxonomy)
    assert [f.period for f in facts if f.concept == "acme:OperatingMargin"] == [Q1_25]  # the sentence's alone
    refused = [n["message"] for n in report["not_tagged"] if "acme:OperatingMargin" in n["message"]]
    assert any("a number without a percent sign (30) in a row of percentages" in m for m in refused), refused
