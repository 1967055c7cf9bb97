"""Issue 13: share counts and par values stated inside a balance-sheet row's caption ("$0.001 par value per
share: 300,000 shares authorized (...); 12,211 (...) and 12,155 (...) shares issued and outstanding"), read
back from the rendered iXBRL; and the captions that are refused, with their reason in the report."""
from __future__ import annotations

import json
from decimal import Decimal

from ixread import consistent, fact_map, most_precise, read_facts

COMPANY = ["--cik", "1234567", "--company", "Example Corp.", "--ticker", "EXC", "--prefix", "exc"]
G = "us-gaap:"
DEC, MAR = "2024-12-31", "2025-03-31"
SHARE_CONCEPTS = ("CommonStockSharesAuthorized", "CommonStockSharesIssued", "CommonStockSharesOutstanding")

RELEASE = """\
# Example Corp. Announces First Quarter 2025 Results

SPRINGFIELD - April 24, 2025 - Example Corp. today announced financial results for the quarter ended March 31, 2025.

## CONSOLIDATED BALANCE SHEETS
{scale}

<table>
  <thead>
    <tr><th></th><th>As of December 31, 2024</th><th>As of March 31, 2025</th></tr>
  </thead>
  <tbody>
    <tr><td>Cash and cash equivalents</td><td>$1,000</td><td>$1,200</td></tr>
    <tr><td>Other assets</td><td>500</td><td>400</td></tr>
    <tr><td><b>Total assets</b></td><td><b>$1,500</b></td><td><b>$1,600</b></td></tr>
    <tr><td>Accounts payable</td><td>300</td><td>350</td></tr>
    <tr><td><b>Total liabilities</b></td><td><b>300</b></td><td><b>350</b></td></tr>
    <tr><td>{caption}</td><td>700</td><td>750</td></tr>
    <tr><td>Retained earnings</td><td>500</td><td>500</td></tr>
    <tr><td><b>Total stockholders' equity</b></td><td><b>1,200</b></td><td><b>1,250</b></td></tr>
    <tr><td><b>Total liabilities and stockholders' equity</b></td><td><b>$1,500</b></td><td><b>$1,600</b></td></tr>
  </tbody>
</table>
"""
IN_MILLIONS = "> (In millions, except par value per share amounts)"
# three classes named, two figures (one per column), each with its classes' details, which add up to it
CLASSES = ("Class A, Class B, and Class C stock and additional paid-in capital, $0.001 par value per share: "
           "9,000 shares authorized (Class A 6,000, Class B 2,000, Class C 1,000); 1,210 (Class A 1,000, Class B 110, "
           "Class C 100) and 1,150 (Class A 950, Class B 105, Class C 95) shares issued and outstanding")


def convert(tmp_path, taxonomy, caption: str, scale: str = IN_MILLIONS):
    from converter.cli import main

    release = tmp_path / "release.md"
    release.write_text(RELEASE.format(scale=scale, caption=caption), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate",
                 "--no-viewer", *COMPANY])
    assert code == 0
    facts = fact_map(read_facts(next(out.glob("exc-*.htm"))))
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return facts, [f for f in report["not_tagged"] if f["code"] == "mapping.captionRefused"]


def one(facts, concept, date):
    found = facts.get((G + concept, date, ()))
    assert found, f"{concept} {date} not tagged"
    assert consistent(found), found
    return most_precise(found)


def test_share_counts_of_a_caption_at_each_column_date_in_the_tables_share_scale(tmp_path, taxonomy):
    facts, refused = convert(tmp_path, taxonomy, CLASSES)
    assert refused == []
    for date, issued in {DEC: 1210, MAR: 1150}.items():  # the first figure is the first column's
        for concept, count in (("CommonStockSharesAuthorized", 9000), ("CommonStockSharesIssued", issued),
                               ("CommonStockSharesOutstanding", issued)):
            fact = one(facts, concept, date)
            assert (fact.value, fact.unit, fact.decimals) == (Decimal(count) * 1_000_000, "shares", "-6"), fact
        par = one(facts, "CommonStockParOrStatedValuePerShare", date)
        assert (par.value, par.unit, par.decimals) == (Decimal("0.001"), "USDPerShare", "3"), par
    # the classes' details are not facts of their own
    assert not any(key[0] == G + "CommonStockSharesIssued" and fact.value == Decimal(1000) * 1_000_000
                   for key, found in facts.items() for fact in found)


def test_share_counts_in_a_table_that_states_no_scale_are_refused_with_the_reason(tmp_path, taxonomy):
    facts, refused = convert(tmp_path, taxonomy, CLASSES, scale="(unaudited)")
    assert not any((G + concept, date, ()) in facts for concept in SHARE_CONCEPTS for date in (DEC, MAR))
    assert {f["message"].partition(" ")[0] for f in refused} == {G + c for c in SHARE_CONCEPTS}
    assert all("prints no scale caption" in f["message"] and "not certain" in f["message"] and f["severity"] == "warning" for f in refused)
    # the par value is a per-share amount, as printed whatever the scale
    assert one(facts, "CommonStockParOrStatedValuePerShare", MAR).value == Decimal("0.001")


def test_details_in_parentheses_that_do_not_add_up_refuse_the_figures(tmp_path, taxonomy):
    facts, refused = convert(tmp_path, taxonomy, CLASSES.replace("Class B 110", "Class B 111"))
    assert not any((G + c, d, ()) in facts for c in SHARE_CONCEPTS[1:] for d in (DEC, MAR))
    assert refused and all("do not add up" in f["message"] and "'1,210'" in f["message"] for f in refused)
    assert one(facts, "CommonStockSharesAuthorized", MAR).value == Decimal(9000) * 1_000_000


def test_as_many_figures_as_classes_named_may_be_one_per_class_and_are_refused(tmp_path, taxonomy):
    caption = ("Class A and Class B common stock, $0.01 par value: 9,000 shares authorized; 1,210 and 1,150 shares "
               "issued and outstanding, respectively")
    facts, refused = convert(tmp_path, taxonomy, caption)
    assert not any((G + c, d, ()) in facts for c in SHARE_CONCEPTS[1:] for d in (DEC, MAR))
    assert len(refused) == 2 and all("one per class" in f["message"] for f in refused)


def test_more_figures_than_columns_are_refused(tmp_path, taxonomy):
    """Three figures for two columns, whether the rule's pattern reads the whole list or only its tail."""
    caption = ("Common stock, $0.01 par value: 9,000 shares authorized; 1,210, 1,150 and 1,100 shares issued "
               "and outstanding")
    facts, refused = convert(tmp_path, taxonomy, caption)
    assert not any((G + c, d, ()) in facts for c in SHARE_CONCEPTS[1:] for d in (DEC, MAR))
    assert len(refused) == 2 and all("3 figures for 2 columns" in f["message"] for f in refused), refused
    from converter.mapping.apply import CAPTION_LIST_BEFORE

    assert CAPTION_LIST_BEFORE.search("9,000 shares authorized; 1,210, ")
    assert CAPTION_LIST_BEFORE.search("1,210 (Class A 1,000, Class B 210) and ")
    assert not CAPTION_LIST_BEFORE.search("9,000 shares authorized (Class A 6,000, Class B 3,000); ")


# Alphabet Q1 2025 read back: tests/test_alphabet_lines.py
