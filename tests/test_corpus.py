"""Issue 6: releases the converter has never seen (../shared/corpus): EDGAR HTML, old text, PDF, newswire.

Where the company's own XBRL exists (../shared/corpus/truth/), conversions are graded against it
(tests/test_truth.py). Hand-written expected facts (tests/expected/<release>.csv) remain only for releases
that predate XBRL (Sears 2004), their periods checked against the release's printed week counts.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CORPUS, PROJECT
from ixread import consistent, fact_map, read_facts

from converter.tools.evaluate import format_period, grade, read_expected_csv, read_xbrl_facts

pytestmark = pytest.mark.corpus
EXPECTED = PROJECT / "tests" / "expected"
COMPANY = ["--cik", "0000000001", "--company", "Corpus Test Co", "--prefix", "ct"]


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {path} not found (../shared/corpus)")
    return path


def convert(release: Path, out: Path, taxonomy: Path, validate: bool = False) -> tuple[int, Path | None]:
    from converter.cli import main

    args = ["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), *COMPANY]
    code = main(args + ([] if validate else ["--no-validate"]))
    htm = next(out.glob("*.htm"), None) if out.exists() else None
    return code, htm


STATEMENTS = {
    # release, periods: scale of money (decimals), share counts
    "05_aapl_fy2011q1_ex99-1.htm": ("-6", "-3"),
    "07_sears_2004q2_ex99.txt": ("-6", None),
    "14_aapl_fy2022q4_ex99-1.pdf": ("-6", "-3"),
}


HAND_WRITTEN = ["07_sears_2004q2_ex99.txt"]  # no company XBRL exists for these


@pytest.fixture(scope="module")
def converted(tmp_path_factory, taxonomy):
    out = {}
    for name in STATEMENTS:
        folder = tmp_path_factory.mktemp(name.split(".")[0])
        code, htm = convert(corpus_file(name), folder, taxonomy)
        assert code == 0 and htm is not None, name
        out[name] = htm
    return out


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_statement_of_operations_values_periods_scale_and_signs(converted, name):
    """Every hand-checked line of the statement of operations is tagged with its value and period."""
    expected = read_expected_csv(EXPECTED / (Path(name).stem + ".csv"))
    facts = fact_map(read_facts(converted[name]))
    money_decimals, share_decimals = STATEMENTS[name]
    found = 0
    for exp in expected:
        tagged = facts.get((f"us-gaap:{exp.concept}", format_period(exp.period), ()))
        if tagged is None:
            continue
        found += 1
        assert any(f.value == exp.value for f in tagged), (exp, tagged)
        fact = next(f for f in tagged if f.value == exp.value)
        if exp.concept.startswith("EarningsPerShare"):
            assert fact.unit == "USDPerShare" and fact.decimals == "2"
        elif exp.concept.startswith("WeightedAverage"):
            assert fact.unit == "shares" and fact.decimals == share_decimals
        else:
            assert fact.unit == "USD" and fact.decimals == money_decimals
    assert found >= 0.85 * len(expected), f"{name}: {found} of {len(expected)} expected facts tagged"


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_no_tagged_value_contradicts_the_expected_facts(converted, name):
    """Recall may be partial, but a fact tagged for an expected concept and period is never another value."""
    expected = {(e.concept, e.period): e.value for e in read_expected_csv(EXPECTED / (Path(name).stem + ".csv"))}
    for fact in read_xbrl_facts(converted[name]):
        key = (fact.concept, fact.period)
        if key in expected and not fact.dims:
            assert fact.value == expected[key], (key, fact.value, expected[key])


def test_sears_deducted_tax_in_parentheses_is_refused_not_negated(converted):
    """'Income tax expense (32)': the parentheses show a deduction; nothing says the amount is negative."""
    facts = fact_map(read_facts(converted["07_sears_2004q2_ex99.txt"]))
    assert not [k for k in facts if k[0] == "us-gaap:IncomeTaxExpenseBenefit"]
    report = json.loads((converted["07_sears_2004q2_ex99.txt"].parent / "report.json").read_text())
    assert any(n["code"] == "sign.ambiguous" and n["printed"] == "(32)" for n in report["not_tagged"])
    # a printed loss whose label says "(LOSS)" is negative
    ni = facts[("us-gaap:NetIncomeLoss", "2004-01-04/2004-07-03", ())]
    assert ni[0].value == Decimal("-806000000")


def test_thirteen_and_twenty_six_week_periods(converted):
    facts = fact_map(read_facts(converted["07_sears_2004q2_ex99.txt"]))
    assert facts[("us-gaap:Revenues", "2004-04-04/2004-07-03", ())][0].value == 8781000000
    assert facts[("us-gaap:Revenues", "2004-01-04/2004-07-03", ())][0].value == 16575000000


def test_apple_breakdown_rows_inside_the_income_statement_are_dimensional(converted):
    facts = fact_map(read_facts(converted["05_aapl_fy2011q1_ex99-1.htm"]))
    dim = (("ct:IncomeStatementLocationAxis", "us-gaap:CostOfSalesMember"),)
    assert facts[("us-gaap:AllocatedShareBasedCompensationExpense", "2010-09-26/2010-12-25", dim)][0].value == 52000000
    # and the statement's own cost of sales is untouched by it
    assert facts[("us-gaap:CostOfRevenue", "2010-09-26/2010-12-25", ())][0].value == 16443000000


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_harness_recall_and_concept_agreement(converted, name):
    result = grade(read_xbrl_facts(converted[name]), read_expected_csv(EXPECTED / (Path(name).stem + ".csv")))
    assert result.wrong == 0
    assert result.concept_agreement == 1.0
    assert result.recall >= 0.85


@pytest.mark.arelle
def test_every_corpus_release_validates_or_stops_with_a_clear_message(tmp_path, taxonomy, capsys):
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} not found")
    releases = sorted(p for p in CORPUS.iterdir() if p.name != "README.md")
    assert len(releases) >= 10
    for release in releases:
        out = tmp_path / release.stem
        code, _htm = convert(release, out, taxonomy, validate=True)
        captured = capsys.readouterr()
        if code == 2:
            lines = [ln for ln in captured.err.splitlines() if ln.strip()]
            assert len(lines) == 1 and release.name in lines[0] and "Traceback" not in captured.err, captured.err
            assert not out.exists() or not any(out.iterdir())
            continue
        assert code == 0, (release.name, captured.err)
        report = json.loads((out / "report.json").read_text())
        assert report["validation"]["errors"] == 0, (release.name, report["validation"]["messages"][:3])
        assert report["validation"]["inconsistencies"] == 0, release.name
        groups: dict = {}
        for f in read_facts(next(out.glob("*.htm"))):
            groups.setdefault((f.concept, f.period, f.dims, f.unit), []).append(f)
        for key, group in groups.items():  # zero inconsistent duplicates in the filing
            assert consistent(group), (release.name, key)


def test_rows_no_rule_covers_get_ranked_candidates_or_a_proposed_extension(converted):
    """A row no rule maps is tagged by the taxonomy's best candidate only when it is clearly best; the
    report records the candidate and its confidence, or proposes an extension and tags nothing."""
    # (Apple's rows that were candidates here now have rules of their own: issue 13's balance sheet)
    report = json.loads((converted["07_sears_2004q2_ex99.txt"].parent / "report.json").read_text())
    by_row = {f["row"]: f for f in report["facts"]}
    borrowings = by_row["Short-term borrowings"]
    assert borrowings["concept"] == "us-gaap:ShortTermBorrowings"
    assert borrowings["rule"].startswith("candidate us-gaap:ShortTermBorrowings (confidence 1.00")
    proposed = [n for n in report["not_tagged"] if n["code"] == "mapping.extensionProposed"]
    payables = next(n for n in proposed if "Merchandise payables" in n["message"])
    assert "ext:MerchandisePayables" in payables["message"]
    assert "Merchandise payables" not in by_row


def test_a_label_that_inverts_the_concepts_sign_is_refused(tmp_path, taxonomy):
    """'Income tax (expense) benefit' prints expenses in parentheses; IncomeTaxExpenseBenefit holds them
    as positive: reading the row as printed would invert every sign, so it is not tagged."""
    code, htm = convert(corpus_file("19_paltalk_2024q3_newswire.md"), tmp_path / "p", taxonomy)
    assert code == 0
    facts = fact_map(read_facts(htm))
    assert not [k for k in facts if k[0] == "us-gaap:IncomeTaxExpenseBenefit"]
    report = json.loads((htm.parent / "report.json").read_text())
    assert any(n["code"] == "sign.inverted" and "(expense)" in n["message"] for n in report["not_tagged"])
