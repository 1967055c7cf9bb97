"""Filing.prior is a typed, frozen PriorSummary; the report's ``prior`` object is its ``as_dict()``."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from converter.model import PriorSummary


def _summary() -> PriorSummary:
    return PriorSummary(files=("a.xml",), facts=1291, ignored_filed_after=3, ignored=("b.htm: filed after",),
                        year_ends=(dt.date(2009, 9, 26), dt.date(2010, 9, 25)), confirmed=40, concept_confirmed=32,
                        retagged=4, rows_added=1, refused=2, restated=0, not_applied=5)


def test_the_report_object_has_json_types_in_the_reports_key_order():
    d = _summary().as_dict()
    assert list(d) == ["files", "facts", "ignored_filed_after", "ignored", "year_ends", "confirmed",
                       "concept_confirmed", "retagged", "rows_added", "refused", "restated", "not_applied",
                       "members_reused", "members_ambiguous", "members_not_applied"]
    assert json.loads(json.dumps(d)) == {
        "files": ["a.xml"], "facts": 1291, "ignored_filed_after": 3, "ignored": ["b.htm: filed after"],
        "year_ends": ["2009-09-26", "2010-09-25"], "confirmed": 40, "concept_confirmed": 32, "retagged": 4,
        "rows_added": 1, "refused": 2, "restated": 0, "not_applied": 5,
        "members_reused": 0, "members_ambiguous": 0, "members_not_applied": 0}


def test_the_summary_is_frozen_and_the_member_counts_are_set_by_replace():
    s = _summary()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.confirmed = 0  # type: ignore[misc]
    t = dataclasses.replace(s, members_reused=9, members_ambiguous=1)
    assert (t.members_reused, t.members_ambiguous, t.members_not_applied) == (9, 1, 0)
    assert s.members_reused == 0
