"""Issue 13: a non-GAAP reconciliation with one column per adjustment (GAAP | Stock-based compensation |
Amortization | Restructuring | Non-GAAP for each period), a hand-made EDGAR-HTML fixture in the shape of
Oracle's (corpus 02) side-by-side table: each adjustment column takes the year of its group's GAAP and
non-GAAP columns; GAAP + the sum of the period's adjustments (a dash is zero) must be the non-GAAP figure or
the non-GAAP cell is refused; adjustment columns are never tagged (an adjustment named "Fair value change"
is an adjustment, not a change between periods). Read back from the rendered iXBRL."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import convert_text

COMPANY = ["--cik", "0000000001", "--company", "Acme Corp.", "--prefix", "acme"]
Q1_25, Q1_24 = "2025-01-01/2025-03-31", "2024-01-01/2024-03-31"
MILLION = Decimal(1_000_000)

RELEASE = """<html><body>
<p>SPRINGFIELD, April 24, 2025 -- Acme Corp. today announced results for the quarter ended March 31, 2025.</p>
<p>RECONCILIATION OF SELECTED GAAP MEASURES TO NON-GAAP MEASURES</p>
<p>($ in millions, except per share data)</p>
<table>
<tr><td></td><td colspan="10">Three Months Ended March 31,</td></tr>
<tr><td></td><td>2025 GAAP</td><td>Stock-based comp.</td><td>Amortization</td>
<td>Fair value change</td><td>2025 Non-GAAP</td>
<td>{y24} GAAP</td><td>Stock-based comp.</td><td>Amortization</td>
<td>Fair value change</td><td>2024 Non-GAAP</td></tr>
<tr><td>TOTAL OPERATING EXPENSES</td><td>$900</td><td>$(50)</td><td>$(30)</td><td>&#8212;</td><td>$820</td>
<td>$800</td><td>$(40)</td><td>$(25)</td><td>&#8212;</td><td>$735</td></tr>
<tr><td>OPERATING INCOME</td><td>$300</td><td>$50</td><td>{amort}</td><td>&#8212;</td><td>$380</td>
<td>$250</td><td>$40</td><td>$25</td><td>&#8212;</td><td>$315</td></tr>
<tr><td>NET INCOME</td><td>$240</td><td>$40</td><td>$24</td><td>$(4)</td><td>$300</td>
<td>$200</td><td>$32</td><td>$20</td><td>$2</td><td>$254</td></tr>
</table>
</body></html>
"""


def convert(text: str, tmp_path: Path, taxonomy: Path) -> tuple[list, dict]:
    return convert_text(text, "release.htm", tmp_path, taxonomy, COMPANY)


def test_one_column_per_adjustment_gaap_and_non_gaap_tagged(tmp_path, taxonomy):
    facts, report = convert(RELEASE.format(y24="2024", amort="$30"), tmp_path, taxonomy)
    got = {(f.concept, f.period): (f.value, f.unit, f.decimals) for f in facts if not f.dims and not f.concept.startswith("dei:")}
    expected = {
        ("us-gaap:OperatingExpenses", Q1_25): 900, ("acme:NonGaapOperatingExpenses", Q1_25): 820,
        ("us-gaap:OperatingExpenses", Q1_24): 800, ("acme:NonGaapOperatingExpenses", Q1_24): 735,
        ("us-gaap:OperatingIncomeLoss", Q1_25): 300, ("acme:NonGaapOperatingIncome", Q1_25): 380,
        ("us-gaap:OperatingIncomeLoss", Q1_24): 250, ("acme:NonGaapOperatingIncome", Q1_24): 315,
        # 240 + 40 + 24 + (4) = 300; 200 + 32 + 20 + 2 = 254
        ("us-gaap:NetIncomeLoss", Q1_25): 240, ("acme:AdjustedNetIncome", Q1_25): 300,
        ("us-gaap:NetIncomeLoss", Q1_24): 200, ("acme:AdjustedNetIncome", Q1_24): 254,
    }
    for key, value in expected.items():
        assert got.get(key) == (Decimal(value) * MILLION, "USD", "-6"), key
    assert len(got) == len(expected), sorted(set(got) - set(expected))
    # no fact from an adjustment column: none of their figures is a value, and every column has a period
    adjustments = {-50, -30, 50, 30, -40, -25, 40, 25, 24, -4, 32, 20, 2}
    assert not {f.value for f in facts} & {Decimal(v) * MILLION for v in adjustments}
    table = next(t for t in report["tables"] if t["statement"] == "nongaap")
    assert [c["period"] for c in table["columns"]] == ["2025-01-01 to 2025-03-31"] * 5 + ["2024-01-01 to 2024-03-31"] * 5
    refused = [n["message"] for n in report["not_tagged"] if n["code"] == "mapping.refused"]
    assert any("an adjustment column ('Fair value change')" in m for m in refused)
    assert not any("is not the GAAP" in m for m in refused)


def test_a_misprinted_adjustment_refuses_the_non_gaap_cell_and_keeps_the_gaap_one(tmp_path, taxonomy):
    facts, report = convert(RELEASE.format(y24="2024", amort="$31"), tmp_path, taxonomy)  # 300 + 50 + 31 is not 380
    got = {(f.concept, f.period): (f.value, f.decimals) for f in facts if not f.dims}
    assert ("acme:NonGaapOperatingIncome", Q1_25) not in got
    assert got[("us-gaap:OperatingIncomeLoss", Q1_25)] == (300 * MILLION, "-6")
    assert got[("acme:NonGaapOperatingIncome", Q1_24)] == (315 * MILLION, "-6")
    refused = [n for n in report["not_tagged"] if n["code"] == "mapping.refused"]
    assert any("the non-GAAP figure $380 is not the GAAP $300 plus the adjustments $50 + $31 + \u2014" in n["message"]
               for n in refused), [n["message"] for n in refused]


def test_adjustment_columns_between_two_years_refuse_the_table(tmp_path, taxonomy):
    facts, report = convert(RELEASE.format(y24="2023", amort="$30"), tmp_path, taxonomy)  # 2023 GAAP ... 2024 Non-GAAP
    assert not any(f.concept in ("us-gaap:OperatingIncomeLoss", "acme:NonGaapOperatingIncome") for f in facts)
    problem = next(n["message"] for n in report["not_tagged"] if n["code"] == "extract.periodUnknown")
    assert "as GAAP and non-GAAP side by side" in problem and "is not the one of the columns beside it" in problem


def test_stacked_groups_whose_years_are_only_in_headings_are_refused_not_guessed(tmp_path, taxonomy):
    """Two groups under 'Three Months Ended March 31, 2025' and '... 2024', GAAP and Non-GAAP cells with no
    year: the reader does not tell the groups' periods from the headings (yet; a role line without a year is not
    read as a header line at all), so the table's columns have no period and nothing of it is tagged."""
    text = RELEASE.replace('<td colspan="10">Three Months Ended March 31,</td>',
                           '<td colspan="5">Three Months Ended March 31, 2025</td>'
                           '<td colspan="5">Three Months Ended March 31, 2024</td>')
    text = text.replace("2025 GAAP", "GAAP").replace("{y24} GAAP", "GAAP").replace("2025 Non-GAAP", "Non-GAAP")
    text = text.replace("2024 Non-GAAP", "Non-GAAP")
    facts, report = convert(text.format(amort="$30"), tmp_path, taxonomy)
    assert not any(f.concept in ("us-gaap:OperatingIncomeLoss", "acme:NonGaapOperatingIncome",
                                 "acme:AdjustedNetIncome") for f in facts)
    problem = next(n["message"] for n in report["not_tagged"] if n["code"] == "extract.periodUnknown")
    assert "cannot read the columns' periods" in problem
