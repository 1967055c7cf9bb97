"""A row's sign convention is one for all its cells, and a row under a discontinued operations heading is
not the consolidated total (audit: Forian "Income taxes 95,896 (93,191)", Time Warner "Less discontinued
operations: Net income -- (112)"); read back from the rendered iXBRL of small hand-made releases."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import convert_text

COMPANY = ["--cik", "0000000001", "--company", "Acme Corp.", "--prefix", "acme"]
Q3_24, Q3_23 = "2024-07-01/2024-09-30", "2023-07-01/2023-09-30"

HEAD = """SPRINGFIELD, November 12, 2024 -- Acme Corp. today announced results for the quarter ended September 30, 2024.

## CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS
*(In thousands)*

|                    | Three Months Ended September 30,<br/>2024 | 2023   |
| ------------------ | ----------------------------------------- | ------ |
| Revenues           | $4,686                                    | $5,348 |
| Costs and expenses | 5,482                                     | 6,155  |
| Operating loss     | (796)                                     | (807)  |
"""

# the tax row prints a benefit unsigned (added) and the expenses in parentheses; no footing reaches it
# (the pre-tax line is not printed): the row's convention cannot be established
UNFOOTED = HEAD + """| Income taxes       | 96                                        | (93)   |
| Net (loss) income  | $(205)                                    | $5,454 |
"""

FCF = """SPRINGFIELD, November 12, 2024 -- Acme Corp. today announced results for the quarter ended September 30, 2024.

## CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS
*(In millions)*

|                    | Three Months Ended September 30,<br/>2024 | 2023   |
| ------------------ | ----------------------------------------- | ------ |
| Revenues           | $1,000                                    | $1,200 |
| Costs and expenses | 459                                       | 1,143  |
| Operating income   | 541                                       | 57     |
| Net income         | $541                                      | $57    |

## RECONCILIATION OF CASH PROVIDED BY OPERATIONS TO FREE CASH FLOW (NON-GAAP)
*(In millions)*

|                                   | Three Months Ended September 30,<br/>2024 | 2023   |
| --------------------------------- | ----------------------------------------- | ------ |
| Cash provided by operations       | $1,400                                    | $1,997 |
| Less discontinued operations:     |                                           |        |
| Net income                        | --                                        | (112)  |
| Other changes                     | --                                        | 57     |
| Cash provided by continuing operations | 1,400                                | 1,942  |
"""


def convert(text: str, tmp_path: Path, taxonomy: Path) -> tuple[list, dict]:
    return convert_text(text, "release.md", tmp_path, taxonomy, COMPANY)


def test_a_row_whose_convention_is_not_established_is_refused_whole(tmp_path, taxonomy):
    facts, report = convert(UNFOOTED, tmp_path, taxonomy)
    assert [f for f in facts if f.concept == "us-gaap:IncomeTaxExpenseBenefit"] == []  # not +96 (a benefit)
    notes = {(n["code"], n["printed"]) for n in report["not_tagged"]}
    assert ("sign.ambiguous", "(93)") in notes
    assert ("sign.row", "96") in notes
    # the rest of the statement is tagged
    net = sorted((f.period, f.value) for f in facts if f.concept == "us-gaap:NetIncomeLoss")
    assert net == [(Q3_23, Decimal("5454000")), (Q3_24, Decimal("-205000"))]


def test_a_discontinued_operations_row_is_not_the_consolidated_net_income(tmp_path, taxonomy):
    facts, report = convert(FCF, tmp_path, taxonomy)
    net = sorted((f.period, f.value, f.unit) for f in facts if f.concept == "us-gaap:NetIncomeLoss" and not f.dims)
    # the statement's 57 survives: "(112)" under "Less discontinued operations:" is not NetIncomeLoss
    assert net == [(Q3_23, Decimal("57000000"), "USD"), (Q3_24, Decimal("541000000"), "USD")]
    assert not any(f.value == Decimal("-112000000") for f in facts)
    assert not any(n["code"] == "duplicate.inconsistent" for n in report["not_tagged"])


# the same row under a pre-tax line: the net-income footing balances, in each column, only with the tax
# row's sign turned (-300 + 96 = -204; 5,547 + (-93) = 5,454): the row prints the tax as added
FOOTED = HEAD + """| Other income, net  | 496                                       | 6,354  |
| Loss before income taxes | (300)                               | 5,547  |
| Income taxes       | 96                                        | (93)   |
| Net (loss) income  | $(204)                                    | $5,454 |
"""


def test_a_row_a_footing_shows_printed_added_is_negated(tmp_path, taxonomy):
    facts, report = convert(FOOTED, tmp_path, taxonomy)
    tax = sorted((f.period, f.value, f.unit, f.decimals) for f in facts if f.concept == "us-gaap:IncomeTaxExpenseBenefit")
    assert tax == [(Q3_23, Decimal("93000"), "USD", "-3"), (Q3_24, Decimal("-96000"), "USD", "-3")]  # a benefit, an expense
    net = sorted((f.period, f.value) for f in facts if f.concept == "us-gaap:NetIncomeLoss")
    assert net == [(Q3_23, Decimal("5454000")), (Q3_24, Decimal("-204000"))]
    turned = sorted(n["printed"] for n in report["not_tagged"] if n["code"] == "sign.rowTurned")
    assert turned == ["(93)", "96"]  # said, with the footing that turned them
    footed = [f for f in report["footings"] if f["rule"].startswith("is-net-income")]
    assert [f["result"] for f in footed] == ["pass", "pass"], footed
    assert all("opposite sign" in f["rule"] for f in footed)
