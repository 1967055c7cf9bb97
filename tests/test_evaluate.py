"""The evaluation harness: expected facts from a hand-written CSV or from an XBRL/iXBRL filing."""
from __future__ import annotations

from decimal import Decimal

from converter.evaluate import Expected, read_expected, read_xbrl_facts, score


def test_an_ixbrl_filing_as_the_expected_set_scores_itself_perfectly(seed_output):
    filing = seed_output / "lpsn-20131106.htm"
    expected = read_expected(filing)  # the company's own iXBRL filing would be read the same way
    assert len(expected) > 200
    result = score(expected, read_xbrl_facts(filing))
    assert result.recall == 1.0 and result.concept_agreement == 1.0


def test_values_match_at_the_coarser_decimals_and_concepts_are_compared_by_name(tmp_path):
    expected = [Expected("Revenues", "2013-07-01/2013-09-30", Decimal("45192000")),
                Expected("NetIncomeLoss", "2013-07-01/2013-09-30", Decimal("-730000")),
                Expected("Liabilities", "2013-09-30", Decimal("39002000"))]
    tagged = [Expected("Revenues", "2013-07-01/2013-09-30", Decimal("45200000"), decimals=-5),  # "$45.2 million"
              Expected("ProfitLoss", "2013-07-01/2013-09-30", Decimal("-730000"), decimals=-3)]
    result = score(expected, tagged)
    assert (result.expected, result.found, result.same_concept) == (3, 2, 1)
    assert [e.concept for e in result.missing] == ["Liabilities"]
    assert result.other_concept[0][1] == "ProfitLoss"


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
    facts = read_expected(instance)
    assert facts == [Expected("Revenues", "2013-07-01/2013-09-30", Decimal("45192000"), (), -3)]
