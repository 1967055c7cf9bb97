"""Issue 13: a non-GAAP reconciliation printed side by side (GAAP | adjustments | non-GAAP for each period,
then percent changes), a hand-made fixture in the shape of Oracle's (corpus 02): the GAAP column tagged with
the GAAP concept, the non-GAAP column with the rule's non-GAAP concept, adjustment and change columns never;
a non-GAAP figure its GAAP figure and adjustment contradict is refused; the lines between are not tagged; a header whose adjustment column has
no certain year is not read at all. Read back from the rendered iXBRL."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import convert_text
from ixread import read_facts

COMPANY = ["--cik", "0000000001", "--company", "Acme Corp.", "--prefix", "acme"]
Q1_25, Q1_24 = "2025-01-01/2025-03-31", "2024-01-01/2024-03-31"

RELEASE = """<html><body>
<p>SPRINGFIELD, April 24, 2025 -- Acme Corp. today announced results for the quarter ended March 31, 2025.</p>
<p>RECONCILIATION OF SELECTED GAAP MEASURES TO NON-GAAP MEASURES</p>
<p>($ in millions, except per share data)</p>
<table>
<tr><td></td><td colspan="6">Three Months Ended March 31,</td><td colspan="2">% Increase (Decrease)</td></tr>
<tr><td></td><td>2025 GAAP</td><td>Adj.</td><td>2025 Non-GAAP</td><td>{y24} GAAP</td><td>Adj.</td><td>2024 Non-GAAP</td><td>GAAP</td><td>Non-GAAP</td></tr>
<tr><td>TOTAL REVENUES</td><td>$1,200</td><td>$10</td><td>$1,210</td><td>$1,000</td><td>$5</td><td>$1,005</td><td>20%</td><td>20%</td></tr>
<tr><td>Stock-based compensation</td><td>50</td><td>(50)</td><td>&#8212;</td><td>40</td><td>(40)</td><td>&#8212;</td><td>25%</td><td>0%</td></tr>
<tr><td>OPERATING INCOME</td><td>$300</td><td>$60</td><td>$360</td><td>$250</td><td>$45</td><td>$295</td><td>20%</td><td>22%</td></tr>
<tr><td>OPERATING MARGIN %</td><td>25%</td><td></td><td>30%</td><td>25%</td><td></td><td>29%</td><td>0 bp.</td><td>100 bp.</td></tr>
<tr><td>NET INCOME</td><td>$240</td><td>$45</td><td>{ni}</td><td>$200</td><td>$35</td><td>$235</td><td>20%</td><td>22%</td></tr>
</table>
</body></html>
"""


def convert(text: str, tmp_path: Path, taxonomy: Path) -> tuple[list, dict]:
    return convert_text(text, "release.htm", tmp_path, taxonomy, COMPANY)


def test_gaap_and_non_gaap_columns_are_tagged_with_their_concepts(tmp_path, taxonomy):
    facts, report = convert(RELEASE.format(y24="2024", ni="$285"), tmp_path, taxonomy)
    got = {(f.concept, f.period): (f.value, f.unit, f.decimals) for f in facts if not f.dims}
    million = Decimal(1_000_000)
    expected = {
        ("us-gaap:Revenues", Q1_25): 1200, ("acme:NonGaapRevenues", Q1_25): 1210,
        ("us-gaap:Revenues", Q1_24): 1000, ("acme:NonGaapRevenues", Q1_24): 1005,
        ("us-gaap:OperatingIncomeLoss", Q1_25): 300, ("acme:NonGaapOperatingIncome", Q1_25): 360,
        ("us-gaap:OperatingIncomeLoss", Q1_24): 250, ("acme:NonGaapOperatingIncome", Q1_24): 295,
        ("us-gaap:NetIncomeLoss", Q1_25): 240, ("acme:AdjustedNetIncome", Q1_25): 285,
    }
    for key, value in expected.items():
        assert got.get(key) == (Decimal(value) * million, "USD", "-6"), key
    # percentages as pure; the change columns' basis points are no amounts
    assert got[("acme:OperatingMargin", Q1_25)] == (Decimal("0.25"), "pure", "2")
    assert got[("acme:NonGaapOperatingMargin", Q1_25)] == (Decimal("0.30"), "pure", "2")
    assert got[("acme:NonGaapOperatingMargin", Q1_24)] == (Decimal("0.29"), "pure", "2")
    assert any("'100 bp.'" in n["message"] and "basis points" in n["message"] for n in report["not_tagged"])
    # adjustments (10, (50), 60...) and changes (20%...) are facts of no concept; the GAAP concepts hold
    # only the GAAP column's figures
    values = {f.value for f in facts}
    assert not values & {Decimal(10) * million, Decimal(-50) * million, Decimal(60) * million, Decimal("0.2")}
    assert sorted(v for (c, _p), (v, _u, _d) in got.items() if c == "us-gaap:Revenues") == [1000 * million, 1200 * million]
    table = next(t for t in report["tables"] if t["statement"] == "nongaap")
    assert [c["period"] for c in table["columns"]] == ["2025-01-01 to 2025-03-31"] * 3 + ["2024-01-01 to 2024-03-31"] * 3 + [None] * 2
    refused = [n["message"] for n in report["not_tagged"] if n["code"] == "mapping.refused"]
    assert any("an adjustment column ('Adj.')" in m for m in refused)
    # a line between GAAP and non-GAAP totals is the part of an adjustment charged to it, not the whole
    # expense: the rules of reconciliation bridges (stock-based compensation as ShareBasedCompensation) do
    # not apply here
    assert not any(f.concept == "us-gaap:ShareBasedCompensation" for f in facts)
    assert any(n["code"] == "mapping.noRule" and "'Stock-based compensation'" in n["message"] for n in report["not_tagged"])
    assert any("a change between two periods" in m for m in refused)


def test_a_non_gaap_figure_its_gaap_figure_and_adjustment_contradict_is_refused(tmp_path, taxonomy):
    facts, report = convert(RELEASE.format(y24="2024", ni="$286"), tmp_path, taxonomy)  # 240 + 45 is not 286
    concepts = {(f.concept, f.period) for f in facts}
    assert ("acme:AdjustedNetIncome", Q1_25) not in concepts
    assert ("us-gaap:NetIncomeLoss", Q1_25) in concepts and ("acme:AdjustedNetIncome", Q1_24) in concepts
    refused = [n["message"] for n in report["not_tagged"] if n["code"] == "mapping.refused"]
    assert any("the non-GAAP figure $286 is not the GAAP $240 plus the adjustment $45" in m for m in refused), refused


def test_an_adjustment_column_between_two_years_is_not_read(tmp_path, taxonomy):
    facts, report = convert(RELEASE.format(y24="2023", ni="$285"), tmp_path, taxonomy)  # 2025 | Adj. | 2025 | 2023 | Adj. | 2024
    assert not any(f.concept in ("us-gaap:Revenues", "acme:NonGaapRevenues") for f in facts)
    problem = next(n["message"] for n in report["not_tagged"] if n["code"] == "extract.periodUnknown")
    assert "as GAAP and non-GAAP side by side" in problem and "is not the one of the columns beside it" in problem


@pytest.mark.corpus
def test_oracle_reconciliation_side_by_side(tmp_path, taxonomy):
    """Oracle's FY2014 Q4 release (corpus 02): the quarter's and the year's GAAP and non-GAAP columns."""
    from conftest import CORPUS

    from converter.cli import main

    release = CORPUS / "02_orcl_fy2014q4_ex99-1.htm"
    if not release.is_file():
        pytest.skip(f"corpus file {release} not found")
    out = tmp_path / "out"
    assert main(["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate",
                 "--cik", "1341439", "--company", "Oracle Corporation", "--prefix", "orcl"]) == 0
    facts = read_facts(next(out.glob("*.htm")))
    got = {(f.concept, f.period): (f.value, f.decimals) for f in facts if not f.dims}
    q4, fy = "2014-03-01/2014-05-31", "2013-06-01/2014-05-31"
    million = Decimal(1_000_000)
    for key, value in {("us-gaap:Revenues", q4): 11320, ("orcl:NonGaapRevenues", q4): 11326,
                       ("us-gaap:OperatingIncomeLoss", q4): 4909, ("orcl:NonGaapOperatingIncome", q4): 5756,
                       ("us-gaap:NetIncomeLoss", q4): 3646, ("orcl:AdjustedNetIncome", q4): 4185,
                       ("orcl:NonGaapRevenues", fy): 38306, ("orcl:AdjustedNetIncome", fy): 13214}.items():
        assert got.get(key) == (Decimal(value) * million, "-6"), key
    assert got[("orcl:AdjustedNetIncomePerShareDiluted", q4)] == (Decimal("0.92"), "2")
    # the part of stock-based compensation in operating expenses (216) is not the whole (223)
    assert ("us-gaap:ShareBasedCompensation", q4) not in got


@pytest.mark.arelle
def test_arelle_accepts_the_side_by_side_facts(tmp_path, taxonomy):
    """GAAP, non-GAAP and percentage facts of the fixture, validated by Arelle (with the EDGAR plugin where
    the pipeline finds it): no error."""
    from converter.cli import main

    path = tmp_path / "release.htm"
    path.write_text(RELEASE.format(y24="2024", ni="$285"))
    out = tmp_path / "out"
    assert main(["convert", str(path), "--out", str(out), "--taxonomy", str(taxonomy), *COMPANY]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["validation"]["loaded"] and report["validation"]["errors"] == 0
    assert any(f["concept"] == "acme:NonGaapOperatingMargin" for f in report["facts"])
