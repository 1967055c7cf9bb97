"""Balance-sheet rows whose concept depends on their place (audit findings: Buckle, Forian, Sears, Time Warner),
read back from the rendered iXBRL of a hand-made release:
- "Property and equipment" above "Less accumulated depreciation" is the gross amount, the deduction is
  positive in its concept, and the (unlabeled) row under them is the net one only where it is the gross less
  the deduction;
- "Other assets" above "Total current assets" is a current asset, below it a non-current one;
- a candidate concept that spans current and non-current amounts (OtherLiabilities, DeferredRevenue) becomes
  the concept of the row's part of the balance sheet, and is refused for a row in neither part;
- a rule's concept that names the other part (a ...Noncurrent concept for a row adding into total current
  assets) is refused."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import convert_text

COMPANY = ["--cik", "0000000001", "--company", "Acme Corp.", "--prefix", "acme"]
MAR, DEC = "2025-03-31", "2024-12-31"

RELEASE = """SPRINGFIELD, April 24, 2025 -- Acme Corp. today announced results for the quarter ended March 31, 2025.

## CONDENSED CONSOLIDATED BALANCE SHEETS
*(In thousands)*

|                                                | March 31,<br/>2025 | December 31,<br/>2024 |
| ---------------------------------------------- | ------------------ | --------------------- |
{top}| Current assets:                                |                    |                       |
| Cash and cash equivalents                      | $120               | $105                  |
| Other assets                                   | 30                 | 25                    |
{current}| Total current assets                           | 150                | 130                   |
| Property and equipment                         | 500                | 480                   |
| Less accumulated depreciation and amortization | (360)              | (350)                 |
|                                                | {net}              | 130                   |
| Other assets                                   | 10                 | 12                    |
| Total assets                                   | $300               | $272                  |
| Current liabilities:                           |                    |                       |
| Accounts payable                               | $40                | $30                   |
| Other liabilities                              | 25                 | 20                    |
| Total current liabilities                      | 65                 | 50                    |
| Long-term debt                                 | 100                | 100                   |
| Deferred revenue                               | 15                 | 12                    |
| Total liabilities                              | 180                | 162                   |
| Total stockholders' equity                     | 120                | 110                   |
| Total liabilities and stockholders' equity     | $300               | $272                  |
"""


def convert(tmp_path: Path, taxonomy: Path, net: str = "140", top: str = "", current: str = "") -> tuple[list, dict]:
    return convert_text(RELEASE.format(net=net, top=top, current=current), "release.md", tmp_path, taxonomy, COMPANY)


def values(facts: list, concept: str) -> list[tuple[str, Decimal, str | None]]:
    return sorted((f.period, f.value, f.decimals) for f in facts if f.concept == concept and not f.dims)


def test_gross_accumulated_depreciation_and_net_by_their_places(tmp_path, taxonomy):
    facts, report = convert(tmp_path, taxonomy)
    assert values(facts, "us-gaap:PropertyPlantAndEquipmentGross") == [(DEC, Decimal(480000), "-3"),
                                                                       (MAR, Decimal(500000), "-3")]
    # printed "(360)" deducted: positive in the concept
    assert values(facts, "us-gaap:AccumulatedDepreciationDepletionAndAmortizationPropertyPlantAndEquipment") == [
        (DEC, Decimal(350000), "-3"), (MAR, Decimal(360000), "-3")]
    assert values(facts, "us-gaap:PropertyPlantAndEquipmentNet") == [(DEC, Decimal(130000), "-3"),
                                                                     (MAR, Decimal(140000), "-3")]
    footings = [f for f in report["footings"] if f["rule"].endswith("bs-ppe-net")]
    assert len(footings) == 2 and all(f["result"] == "pass" for f in footings)
    # the unlabeled row is read, so it is not reported as damaged
    assert not [e for e in report["not_tagged"] if e["code"] == "damage.row"]


def test_a_net_row_that_is_not_gross_less_depreciation_is_refused(tmp_path, taxonomy):
    facts, report = convert(tmp_path, taxonomy, net="141")
    assert values(facts, "us-gaap:PropertyPlantAndEquipmentNet") == [(DEC, Decimal(130000), "-3")]
    assert not any(f.value == Decimal(141000) for f in facts)
    messages = [e["message"] for e in report["not_tagged"] if e.get("printed") == "141"]
    assert any("500 less (360) is not 141" in m for m in messages), messages


def test_other_assets_and_liabilities_by_section(tmp_path, taxonomy):
    facts, _report = convert(tmp_path, taxonomy)
    # above "Total current assets" (Forian) / below it
    assert values(facts, "us-gaap:OtherAssetsCurrent") == [(DEC, Decimal(25000), "-3"), (MAR, Decimal(30000), "-3")]
    assert values(facts, "us-gaap:OtherAssetsNoncurrent") == [(DEC, Decimal(12000), "-3"), (MAR, Decimal(10000), "-3")]
    # a candidate spanning both parts takes the row's part: under "Current liabilities" (Sears), after
    # "Total current liabilities" (Time Warner)
    assert values(facts, "us-gaap:OtherLiabilitiesCurrent") == [(DEC, Decimal(20000), "-3"),
                                                                (MAR, Decimal(25000), "-3")]
    assert values(facts, "us-gaap:DeferredRevenueNoncurrent") == [(DEC, Decimal(12000), "-3"),
                                                                  (MAR, Decimal(15000), "-3")]
    for spanning in ("us-gaap:OtherLiabilities", "us-gaap:DeferredRevenue", "us-gaap:OtherAssets"):
        assert not values(facts, spanning), spanning


def test_a_spanning_candidate_in_neither_part_is_refused(tmp_path, taxonomy):
    top = "| Deferred revenue                               | 7                  | 6                     |\n"
    facts, report = convert(tmp_path, taxonomy, top=top)
    assert not any(f.value in (Decimal(7000), Decimal(6000)) for f in facts)
    refused = [e for e in report["not_tagged"] if e["code"] == "mapping.candidateMisplaced"]
    assert len(refused) == 1 and "in neither part" in refused[0]["message"], refused
    # the row after "Total current liabilities" is still the non-current concept
    assert values(facts, "us-gaap:DeferredRevenueNoncurrent") == [(DEC, Decimal(12000), "-3"),
                                                                  (MAR, Decimal(15000), "-3")]


def test_a_noncurrent_concept_inside_current_assets_is_refused(tmp_path, taxonomy):
    current = "| Other non-current assets                       | 4                  | 3                     |\n"
    facts, report = convert(tmp_path, taxonomy, current=current)
    assert not any(f.value in (Decimal(4000), Decimal(3000)) for f in facts)
    refused = [e["message"] for e in report["not_tagged"] if e.get("printed") in ("4", "3")]
    assert len(refused) == 2 and all("names the noncurrent part" in m and "current part" in m for m in refused), refused
    # the row below the current total keeps its non-current concept
    assert values(facts, "us-gaap:OtherAssetsNoncurrent") == [(DEC, Decimal(12000), "-3"), (MAR, Decimal(10000), "-3")]
