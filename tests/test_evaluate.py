"""The evaluation harness: every emitted fact graded against the truth (exact, shifted, scaled, conflict,
unchecked); the truth read from a hand-written CSV, an XBRL instance, iXBRL or SEC companyfacts JSON."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from converter.model import Period, ReportedFact
from converter.tools.evaluate import (
    EvalError,
    grade,
    printed_in,
    printed_numbers,
    read_expected,
    read_xbrl_facts,
)

Q3 = Period(dt.date(2013, 9, 30), dt.date(2013, 7, 1))


def rf(concept, period, value, decimals=None, dims=()):
    return ReportedFact(concept, period, Decimal(value), decimals, dims)


def test_an_ixbrl_filing_as_the_truth_grades_itself_exact(seed_output):
    filing = seed_output / "lpsn-20131106.htm"
    truth = read_expected(filing)  # the company's own iXBRL filing would be read the same way
    assert len(truth) > 200
    result = grade(read_xbrl_facts(filing), truth)
    assert result.wrong == 0 and len(result.unchecked) == 0 and len(result.exact) == len(truth)
    assert result.recall == 1.0 and result.concept_agreement == 1.0


def test_every_grade():
    truth = [rf("Revenues", Q3, "45192000"), rf("NetIncomeLoss", Q3, "-730000"),
             rf("Liabilities", Period(dt.date(2013, 9, 30)), "39002000"),
             rf("GrossProfit", Period(dt.date(2013, 9, 30), dt.date(2013, 7, 2)), "34595000"),
             rf("WeightedAverageNumberOfSharesOutstandingBasic", Q3, "54046161000")]
    emitted = [rf("Revenues", Q3, "45200000", -5),  # "$45.2 million": exact at the coarser decimals
               rf("NetIncomeLoss", Q3, "-731000", -3),  # conflict
               rf("GrossProfit", Q3, "34595000", -3),  # shifted: the company's period starts a day later
               rf("WeightedAverageNumberOfSharesOutstandingBasic", Q3, "54046161", 0),  # scaled
               rf("Assets", Q3, "1", 0)]  # unchecked
    result = grade(emitted, truth)
    assert [len(x) for x in (result.exact, result.conflict, result.shifted, result.scaled, result.unchecked)] == [1, 1, 1, 1, 1]
    assert result.wrong == 3
    assert sorted(e.concept for e in result.missing) == [  # recall: only the exact one was found
        "GrossProfit", "Liabilities", "NetIncomeLoss", "WeightedAverageNumberOfSharesOutstandingBasic"]


def test_concept_agreement_per_value_and_per_fact():
    """The company tags one value under two concepts: the per-value figure counts the second as a miss, the
    per-fact figure does not; a fact under a concept the company did not use for it counts against both."""
    truth = [rf("NetIncomeLoss", Q3, "23662000000"), rf("NetIncomeLossAvailableToCommonStockholdersBasic", Q3, "23662000000"),
             rf("RevenueFromContractWithCustomerExcludingAssessedTax", Q3, "80539000000")]
    emitted = [rf("NetIncomeLoss", Q3, "23662000000", -6), rf("Revenues", Q3, "80539000000", -6)]
    result = grade(emitted, truth)
    assert (result.found, result.same_concept) == (3, 1)
    assert (result.matched, result.matched_same) == (2, 1)
    assert result.fact_concept_agreement == 0.5
    assert [(f.concept, c) for f, c in result.fact_other_concept] == [
        ("Revenues", ("RevenueFromContractWithCustomerExcludingAssessedTax",))]


def test_a_zero_is_not_the_rounding_of_a_small_value():
    """A dividend of 0 (decimals -6) is not the company's EPS of 1.89 rounded to millions."""
    truth = [rf("EarningsPerShareBasic", Q3, "1.89")]
    result = grade([rf("PaymentsOfDividends", Q3, "0", -6)], truth)
    assert (result.found, result.matched) == (0, 0) and len(result.missing) == 1


def test_recall_counts_only_what_the_release_prints():
    printed = printed_numbers(["Revenue $ 45,192 and 1,234.5", "EPS (0.01) 6.11"])
    assert printed(Decimal("45192000")) and printed(Decimal("6.11")) and not printed(Decimal("77379000"))
    assert not printed(Decimal("10000"))  # "10" alone is too short to say it is printed
    truth = [rf("Revenues", Q3, "45192000"), rf("Liabilities", Q3, "77379000"),
             rf("Revenues", Period(dt.date(2013, 6, 30), dt.date(2013, 4, 1)), "45192000")]
    texts = ["Revenue $ 45,192 and 1,234.5"]
    result = grade([rf("Revenues", Q3, "45192000", -3)], truth, printed_in(texts))
    assert (result.expected, result.found) == (2, 1)
    # with the release's column dates: a value for a period the release prints no column for is not counted
    result = grade([rf("Revenues", Q3, "45192000", -3)], truth, printed_in(texts, {dt.date(2013, 9, 30)}, set()))
    assert (result.expected, result.found) == (1, 1)


def test_an_xbrl_instance_is_read_without_a_taxonomy(tmp_path):
    instance = tmp_path / "co-20131106.xml"
    instance.write_text(
        '<?xml version="1.0"?><xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" '
        'xmlns:us-gaap="http://fasb.org/us-gaap/2013-01-31" xmlns:iso4217="http://www.xbrl.org/2003/iso4217">'
        '<xbrli:context id="c1"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>'
        '</xbrli:entity><xbrli:period><xbrli:startDate>2013-07-01</xbrli:startDate><xbrli:endDate>2013-09-30'
        '</xbrli:endDate></xbrli:period></xbrli:context><xbrli:unit id="u"><xbrli:measure>iso4217:USD</xbrli:measure>'
        '</xbrli:unit><us-gaap:Revenues contextRef="c1" unitRef="u" decimals="-3">45192000</us-gaap:Revenues>'
        '</xbrli:xbrl>')
    [fact] = read_expected(instance)
    assert (fact.concept, fact.period, fact.value, fact.decimals, fact.unit, fact.prefix) == (
        "Revenues", Q3, Decimal("45192000"), -3, "USD", "us-gaap")


def test_companyfacts_json_one_filing_by_accession(tmp_path):
    data = {"cik": 1, "entityName": "X", "facts": {"us-gaap": {"Revenues": {"units": {"USD": [
        {"start": "2025-01-01", "end": "2025-03-31", "val": 90234000000, "accn": "A-1", "form": "10-Q", "filed": "2025-04-25"},
        {"start": "2024-01-01", "end": "2024-03-31", "val": 80539000000, "accn": "A-1", "form": "10-Q", "filed": "2025-04-25"},
        {"start": "2024-01-01", "end": "2024-03-31", "val": 80539000000, "accn": "A-0", "form": "10-Q", "filed": "2024-04-26"},
    ]}}}}}
    path = tmp_path / "CIK0000000001.json"
    path.write_text(json.dumps(data))
    assert len(read_expected(path)) == 3
    facts = read_expected(path, "A-1")
    assert {(f.period.start.isoformat(), f.value, f.filed) for f in facts} == {
        ("2025-01-01", Decimal("90234000000"), dt.date(2025, 4, 25)), ("2024-01-01", Decimal("80539000000"), dt.date(2025, 4, 25))}
    with pytest.raises(EvalError, match="no entries with accession"):
        read_expected(path, "A-9")
