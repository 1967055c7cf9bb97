"""Issue 12: conversions graded against the companies' own XBRL (../shared/corpus/truth/): no wrong facts.

A wrong fact is one the company's XBRL contradicts: the same concept with another period (shifted), off by
a power of ten (scaled), or the same concept and period with another value (conflict). Recall is the share
of the company's values the release prints that we tagged for the same period; it must not fall below
what was measured when these tests were written (README, "Measured: ixconv eval").
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS
from converter.evaluate import grade, printed_numbers, read_expected, read_xbrl_facts

pytestmark = pytest.mark.corpus
TRUTH = CORPUS / "truth"
APPLE = ["--cik", "320193", "--company", "Apple Inc.", "--ticker", "AAPL", "--prefix", "aapl"]
ALPHABET = ["--cik", "1652044", "--company", "Alphabet Inc.", "--ticker", "GOOGL", "--prefix", "goog"]

# release, truth file, accession (companyfacts), company options, recall floor
CASES = [
    ("14_aapl_fy2022q4_ex99-1.pdf", "aapl-20220924_htm.xml", None, APPLE, 0.38),
    ("05_aapl_fy2011q1_ex99-1.htm", "aapl-20100925.xml", None, APPLE, 0.54),
    ("22_goog_2025q1_release.md", "CIK0001652044.json", "0001652044-25-000043", ALPHABET, 0.49),
    ("23_goog_2025q2_release.md", "CIK0001652044.json", "0001652044-25-000062", ALPHABET, 0.32),
]


def _convert(release: Path, out: Path, taxonomy: Path, company: list[str]) -> tuple[Path, list[str]]:
    from converter.cli import main
    from converter.ingest import read_document

    code = main(["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate", *company])
    assert code == 0, release.name
    return next(out.glob("*.htm")), [line.text for line in read_document(release).lines]


@pytest.mark.parametrize("name,truth,accession,company,floor", CASES, ids=[c[0] for c in CASES])
def test_no_wrong_fact_against_the_companys_own_xbrl(tmp_path, taxonomy, name, truth, accession, company, floor):
    release, truth_file = CORPUS / name, TRUTH / truth
    if not release.is_file() or not truth_file.is_file():
        pytest.skip(f"{release} or {truth_file} not found")
    htm, texts = _convert(release, tmp_path / "out", taxonomy, company)
    result = grade(read_xbrl_facts(htm), read_expected(truth_file, accession), printed_numbers(texts))
    wrong = [f"{kind}: {a.concept} {a.period.describe()} {a.value} vs the company's {b.period.describe()} {b.value}"
             for kind, a, b in result.wrong_facts()]
    assert wrong == []
    assert len(result.exact) >= 20  # the grade compared real facts, not nothing
    assert result.recall >= floor, f"recall {result.recall:.1%} fell below {floor:.0%}"
