"""One concept index shared by conversions of releases of different dates (as a batch worker shares
it): each conversion reads its own view (``index.as_of(report_date)``), and a later conversion does
not change the versions an earlier one's view, and so its rendered schema, uses. The shared package
has dei 2013-01-31 and 2014-01-31: the seed (November 2013) uses dei 2013, Alphabet's Q1 2025 release dei 2014."""
from __future__ import annotations

from conftest import CORPUS, SEED

from converter.pipeline import build_filing, render
from converter.taxonomy.index import load_index

DEI_2013, DEI_2014 = "http://xbrl.sec.gov/dei/2013-01-31", "http://xbrl.sec.gov/dei/2014-01-31"
ALPHABET = {"cik": "1652044", "name": "Alphabet Inc.", "ticker": "GOOGL", "prefix": "goog"}


def _schema(filing, view) -> str:
    rendered = render(filing, view)
    return next(data for name, data in rendered.files.items() if name.endswith(".xsd")).decode("utf-8")


def test_a_later_conversion_does_not_change_the_taxonomy_an_earlier_one_reads(taxonomy):
    index = load_index(taxonomy)
    alphabet, alphabet_view = build_filing(CORPUS / "22_goog_2025q1_release.md", taxonomy=taxonomy,
                                           overrides=ALPHABET, index=index)
    seed, seed_view = build_filing(SEED, taxonomy=taxonomy, profile=SEED.with_name(SEED.stem + ".profile.toml"),
                                   index=index)
    assert (alphabet.report_date.year, seed.report_date.year) == (2025, 2013)
    assert alphabet_view.namespace("dei") == DEI_2014 and seed_view.namespace("dei") == DEI_2013
    # the Alphabet filing is rendered after the seed was built from the same index: still dei 2014
    alphabet_xsd, seed_xsd = _schema(alphabet, alphabet_view), _schema(seed, seed_view)
    assert f'namespace="{DEI_2014}"' in alphabet_xsd and DEI_2013 not in alphabet_xsd
    assert f'namespace="{DEI_2013}"' in seed_xsd and DEI_2014 not in seed_xsd
    # a view handed back in reads its own date's versions, not the view's
    again, again_view = build_filing(SEED, taxonomy=taxonomy, profile=SEED.with_name(SEED.stem + ".profile.toml"),
                                     index=alphabet_view)
    assert again_view.namespace("dei") == DEI_2013 and alphabet_view.namespace("dei") == DEI_2014
    assert [(f.concept, f.period, f.value) for f in again.facts] == [(f.concept, f.period, f.value) for f in seed.facts]
