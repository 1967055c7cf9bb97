"""Issue 12: conversions graded against the companies' own XBRL (../shared/corpus/truth/): no wrong facts.

A wrong fact is one the company's XBRL contradicts: the same concept with another period (shifted), off by
a power of ten (scaled), or the same concept and period with another value (conflict). Recall is the share
of the company's values the release prints that we tagged for the same period; it must not fall below
what was measured when these tests were written (README, "Measured: ixconv eval").
"""
from __future__ import annotations

import json

import pytest
from conftest import CORPUS

pytestmark = pytest.mark.corpus
TRUTH = CORPUS / "truth"
APPLE = ["--cik", "320193", "--company", "Apple Inc.", "--ticker", "AAPL", "--prefix", "aapl"]
ALPHABET = ["--cik", "1652044", "--company", "Alphabet Inc.", "--ticker", "GOOGL", "--prefix", "goog"]

# release, truth file, accession (companyfacts), company options, recall floor
CASES = [
    ("14_aapl_fy2022q4_ex99-1.pdf", "aapl-20220924_htm.xml", None, APPLE, 0.92),
    ("05_aapl_fy2011q1_ex99-1.htm", "aapl-20100925.xml", None, APPLE, 0.90),
    ("22_goog_2025q1_release.md", "CIK0001652044.json", "0001652044-25-000043", ALPHABET, 0.98),
    ("23_goog_2025q2_release.md", "CIK0001652044.json", "0001652044-25-000062", ALPHABET, 0.95),
]


@pytest.mark.parametrize("name,truth,accession,company,floor", CASES, ids=[c[0] for c in CASES])
def test_no_wrong_fact_against_the_companys_own_xbrl(capsys, taxonomy, name, truth, accession, company, floor):
    """``ixconv eval`` as a user runs it: --max-wrong 0 holds and recall stays above its floor."""
    from converter.cli import main

    release, truth_file = CORPUS / name, TRUTH / truth
    if not release.is_file() or not truth_file.is_file():
        pytest.skip(f"{release} or {truth_file} not found")
    args = ["eval", str(release), "--expected", str(truth_file), "--taxonomy", str(taxonomy), "--format", "json",
            "--max-wrong", "0", "--min-recall", str(floor), *company] + (["--accession", accession] if accession else [])
    code = main(args)
    result = json.loads(capsys.readouterr().out)[release.name]
    assert result["wrong_facts"] == []
    assert result["exact"] >= 20  # the grade compared real facts, not nothing
    assert result["recall"] >= floor, f"recall {result['recall']:.1%} fell below {floor:.0%}"
    assert code == 0


# issue 15: with the company's earlier filings as --prior, our concepts agree with the company's own (per
# fact, where the company's concept exists in the loaded taxonomy) at 95% or more
PRIOR_CASES = [
    ("05_aapl_fy2011q1_ex99-1.htm", "aapl-20100925.xml", None, APPLE, "aapl-20100925.xml"),
    ("22_goog_2025q1_release.md", "CIK0001652044.json", "0001652044-25-000043", ALPHABET, "CIK0001652044.json"),
    ("23_goog_2025q2_release.md", "CIK0001652044.json", "0001652044-25-000062", ALPHABET, "CIK0001652044.json"),
]


@pytest.mark.parametrize("name,truth,accession,company,prior", PRIOR_CASES, ids=[c[0] for c in PRIOR_CASES])
def test_concepts_agree_with_the_company_given_its_prior_filings(capsys, taxonomy, name, truth, accession, company, prior):
    from converter.cli import main

    release, truth_file, prior_file = CORPUS / name, TRUTH / truth, TRUTH / prior
    if not release.is_file() or not truth_file.is_file():
        pytest.skip(f"{release} or {truth_file} not found")
    args = ["eval", str(release), "--expected", str(truth_file), "--taxonomy", str(taxonomy), "--format", "json",
            "--max-wrong", "0", "--in-taxonomy", "--prior", str(prior_file), *company] + (
                ["--accession", accession] if accession else [])
    assert main(args) == 0
    result = json.loads(capsys.readouterr().out)[f"{release.name} (concepts in the loaded taxonomy)"]
    assert result["wrong_facts"] == [] and result["matched"] >= 30
    assert result["fact_concept_agreement"] >= 0.95, result["fact_other_concept"]
