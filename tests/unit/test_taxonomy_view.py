"""The taxonomy service is immutable per conversion: ``index.as_of(date)`` gives a view; views of one
index at different dates do not affect each other, and the index itself has no version in use."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from converter.taxonomy.index import ConceptIndex, TaxonomyView

OLD, NEW = "http://fasb.org/us-gaap/2011-01-31", "http://fasb.org/us-gaap/2012-01-31"
DEI = "http://xbrl.sec.gov/dei/2011-01-31"


def _index() -> ConceptIndex:
    """Two us-gaap versions (2011 and 2012) and one dei: a concept only in 2012, one renamed."""
    item = ["monetaryItemType", "duration", "credit", False, "item", None]
    return ConceptIndex({
        "sha256": "1" * 64,
        "versions": {
            "us-gaap": [
                {"family": "us-gaap", "namespace": NEW, "date": "2012-01-31", "url": "http://x/us-gaap-2012-01-31.xsd"},
                {"family": "us-gaap", "namespace": OLD, "date": "2011-01-31", "url": "http://x/us-gaap-2011-01-31.xsd"},
            ],
            "dei": [{"family": "dei", "namespace": DEI, "date": "2011-01-31", "url": "http://x/dei-2011-01-31.xsd"}],
        },
        "concepts": {
            OLD: {"Revenues": item, "SalesRevenueNet": item},
            NEW: {"Revenues": item, "RevenueFromContractWithCustomer": item},
            DEI: {"EntityRegistrantName": ["stringItemType", "duration", None, False, "item", None]},
        },
        "calculations": [], "replacements": {},
    }, Path("unit.zip"))


def test_two_views_of_one_index_at_different_dates_do_not_affect_each_other():
    index = _index()
    old = index.as_of(dt.date(2011, 6, 30))
    new = index.as_of(dt.date(2012, 6, 30))
    assert (old.namespace("us-gaap"), old.year) == (OLD, "2011")
    assert (new.namespace("us-gaap"), new.year) == (NEW, "2012")
    # the later view did not move the earlier one
    assert old.namespace("us-gaap") == OLD and old.get("us-gaap:SalesRevenueNet") is not None
    assert old.get("us-gaap:RevenueFromContractWithCustomer") is None
    assert new.get("us-gaap:SalesRevenueNet") is None
    got = new.get("us-gaap:RevenueFromContractWithCustomer")
    assert got is not None and (got.namespace, got.type, got.period_type, got.balance) == (NEW, "monetaryItemType", "duration", "credit")
    assert sorted(old.names("us-gaap")) == ["Revenues", "SalesRevenueNet"]
    assert sorted(new.names("us-gaap")) == ["RevenueFromContractWithCustomer", "Revenues"]
    assert old.schema_url("us-gaap") == "http://x/us-gaap-2011-01-31.xsd"
    # families with one version are the same in both
    assert old.namespace("dei") == new.namespace("dei") == DEI


def test_a_date_before_every_version_takes_the_oldest_and_none_the_newest():
    index = _index()
    assert index.as_of(dt.date(2009, 1, 1)).namespace("us-gaap") == OLD
    assert index.as_of(None).namespace("us-gaap") == NEW
    assert index.as_of(dt.date(2012, 1, 31)).namespace("us-gaap") == NEW  # released on the day counts


def test_a_view_is_frozen_and_its_versions_are_read_only():
    view = _index().as_of(dt.date(2011, 6, 30))
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.date = dt.date(2012, 6, 30)  # type: ignore[misc]
    with pytest.raises(TypeError):
        view.chosen["us-gaap"] = view.chosen["dei"]  # type: ignore[index]
    assert view.namespace("us-gaap") == OLD
    assert not hasattr(ConceptIndex, "choose_versions") and not hasattr(_index(), "chosen")


def test_views_with_the_same_versions_are_equal_so_caches_keyed_by_them_are_shared():
    index = _index()
    a, b = index.as_of(dt.date(2011, 3, 31)), index.as_of(dt.date(2011, 9, 30))
    c = index.as_of(dt.date(2012, 3, 31))
    assert a == b and hash(a) == hash(b) and a.date != b.date
    assert a != c
    assert a != _index().as_of(dt.date(2011, 3, 31))  # another index (even of the same data) is another view
    assert isinstance(a.as_of(dt.date(2012, 3, 31)), TaxonomyView) and a.as_of(dt.date(2012, 3, 31)) == c
    assert a.namespace("us-gaap") == OLD  # asking a view for another date leaves it as it was
