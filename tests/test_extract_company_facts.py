"""Issue 6: the company facts a release states (name, CIK, ticker, fiscal year end) and nothing else, read by
extract from the Document ingest produced."""
from __future__ import annotations

import pytest
from conftest import CORPUS, SEED

from converter.extract.company_facts import company_facts
from converter.ingest import read_document
from converter.ingest.edgar_text import read_edgar_text
from converter.ingest.html import read_html


def test_stated_facts():
    doc = read_html("""<html><body>
<p>LivePerson, Inc.</p><p>(Exact name of registrant as specified in its charter)</p>
<p>Central Index Key: 0001102993</p>
<p>NEW YORK -- LivePerson, Inc. (NASDAQ: LPSN) today announced results for its fiscal year ending December 31.</p>
</body></html>""", "x.htm")
    assert company_facts(doc) == {
        "name": "LivePerson, Inc.", "cik": "0001102993", "ticker": "LPSN", "exchange": "NASDAQ",
        "fiscal_year_end": "--12-31",
    }


def test_nothing_stated_nothing_returned():
    doc = read_edgar_text("Results were good.\n\nRevenue grew 5 percent in the quarter.\n", "x.txt")
    assert company_facts(doc) == {}


def test_commission_file_number_is_not_a_cik_and_defined_terms_are_skipped():
    doc = read_edgar_text(
        "Commission File Number 0-30141\n\n"
        "JERICHO, N.Y. - Paltalk, Inc. (\u201cPaltalk,\u201d the \u201cCompany\u201d) (Nasdaq: PALT), a software "
        "innovator, today announced results for its fiscal 2024 fourth quarter ended December 28, 2024.\n", "x.txt")
    facts = company_facts(doc)
    assert "cik" not in facts
    assert facts["name"] == "Paltalk, Inc." and facts["ticker"] == "PALT"
    assert facts["fiscal_year_end"] == "--12-28"


def test_seed_cover_page():
    facts = company_facts(read_document(SEED))
    assert facts["name"] == "LivePerson, Inc."
    assert facts["ticker"] == "LPSN"
    assert "cik" not in facts  # the seed prints its Commission File Number, not its CIK


@pytest.mark.corpus
@pytest.mark.parametrize("name, expected", [
    ("02_orcl_fy2014q4_ex99-1.htm", {"name": "Oracle Corporation", "ticker": "ORCL", "exchange": "NYSE"}),
    ("05_aapl_fy2011q1_ex99-1.htm", {"name": "Apple Inc.", "fiscal_year_end": "--09-25"}),
    ("06_aapl_fy2004q3_ex99-1.htm", {}),  # says "Apple" only: no registrant name, ticker or year end  # "10-K for the fiscal year ended September 25, 2010"
    ("07_sears_2004q2_ex99.txt", {"name": "Sears, Roebuck and Co.", "ticker": "S", "exchange": "NYSE"}),
    ("08_so_2004q4_ex99-01_release.txt", {"name": "Southern Company", "ticker": "SO", "exchange": "NYSE",
                                          "fiscal_year_end": "--12-31"}),
    ("12_twx_2003q3_ex99-1.txt", {"name": "Time Warner Inc.", "ticker": "TWX", "exchange": "NYSE",
                                  "fiscal_year_end": "--12-31"}),
    ("13_bke_fy2024q3_ex99-1.html", {"name": "The Buckle, Inc.", "ticker": "BKE", "exchange": "NYSE"}),
    ("14_aapl_fy2022q4_ex99-1.pdf", {"name": "Apple Inc.", "fiscal_year_end": "--09-24"}),  # "fiscal 2022 fourth quarter ended September 24, 2022"
    ("19_paltalk_2024q3_newswire.md", {"name": "Paltalk, Inc.", "ticker": "PALT", "exchange": "Nasdaq"}),
    ("20_forian_2024q3_newswire.md", {"name": "Forian Inc.", "ticker": "FORA", "exchange": "Nasdaq",
                                      "fiscal_year_end": "--12-31"}),
])
def test_corpus_company_facts(name, expected):
    assert company_facts(read_document(CORPUS / name)) == expected
