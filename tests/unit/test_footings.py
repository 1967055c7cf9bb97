"""Footings on hand-built facts: a sum that holds verifies its cells; one that fails refuses the culprit."""
from __future__ import annotations

from decimal import Decimal

from build import Q3, fact

from converter.checks.footings import check_footings
from converter.model import QName, Refusal
from converter.rules import Calculation, Origin

GROSS = Calculation("gross", "income", "us-gaap:GrossProfit",
                    (("us-gaap:Revenues", 1), ("us-gaap:CostOfRevenue", -1)), Origin("unit", 1))


def _run(facts, refusals=(), calcs=(GROSS,)):
    """(kept, footings, findings, the ids of the facts kept that a footing vouches for)."""
    kept, footings, findings = check_footings(facts, list(refusals), calcs, {"t1": "income"}, QName.parse, [])
    return kept, footings, findings, {f.id for f in kept if f.footed}


def test_a_sum_that_holds_is_ok_and_verifies_every_cell():
    facts = [fact("us-gaap:Revenues", Q3, "45,192", line=3), fact("us-gaap:CostOfRevenue", Q3, "12,470", line=4),
             fact("us-gaap:GrossProfit", Q3, "32,722", line=5)]
    kept, footings, findings, verified = _run(facts)
    assert len(kept) == 3 and findings == []
    (footing,) = footings
    assert footing.ok and footing.checkable and footing.period == Q3
    assert footing.total == Decimal("32722000") and footing.computed == Decimal("32722000")
    assert verified == {f.id for f in facts}


def test_within_rounding_is_ok_beyond_it_fails():
    ok = [fact("us-gaap:Revenues", Q3, "100.4", -2), fact("us-gaap:CostOfRevenue", Q3, "40.2", -2),
          fact("us-gaap:GrossProfit", Q3, "60.3", -2)]  # thousands: 60.2 computed, 150 of printed rounding
    assert _run(ok)[1][0].ok
    bad = ok[:2] + [fact("us-gaap:GrossProfit", Q3, "61.2", -2)]
    kept, footings, findings, _ = _run(bad)
    assert not footings[0].ok and footings[0].computed == Decimal("60200") and footings[0].total == Decimal("61200")
    # one sum cannot tell which of its three cells is wrong: none of them is tagged
    assert kept == []
    assert sorted(f.code for f in findings) == ["footing.mismatch"] + ["footing.refused"] * 3


def test_an_unreadable_part_makes_the_footing_uncheckable_not_failed():
    facts = [fact("us-gaap:Revenues", Q3, "45,192"), fact("us-gaap:GrossProfit", Q3, "32,722")]
    refusal = Refusal(QName.parse("us-gaap:CostOfRevenue"), Q3, "t1", facts[0].reading, "smudged")
    kept, footings, _findings, verified = _run(facts, [refusal])
    assert [f.checkable for f in footings] == [False] and not footings[0].ok
    assert len(kept) == 2 and verified == set()


def test_a_table_without_a_required_part_is_not_this_calculation():
    facts = [fact("us-gaap:Revenues", Q3, "45,192"), fact("us-gaap:GrossProfit", Q3, "32,722")]
    _kept, footings, findings, _ = _run(facts)
    assert footings == [] and findings == []


NET = Calculation("net", "income", "us-gaap:NetIncomeLoss",
                  (("us-gaap:IncomeLossBeforeIncomeTaxes", 1), ("us-gaap:IncomeTaxExpenseBenefit", -1)), Origin("unit", 2))
AFTER = Calculation("after", "income", "us-gaap:ProfitLoss",
                    (("us-gaap:IncomeLossBeforeIncomeTaxes", 1), ("us-gaap:IncomeTaxExpenseBenefit", -1)), Origin("unit", 3))


def test_a_footing_that_balances_only_with_a_row_turned_negates_the_row():
    # -300 + 96 = -204: "Income taxes 96" is printed as added, a benefit
    facts = [fact("us-gaap:IncomeLossBeforeIncomeTaxes", Q3, "(300)", line=3),
             fact("us-gaap:IncomeTaxExpenseBenefit", Q3, "96", line=4),
             fact("us-gaap:NetIncomeLoss", Q3, "(204)", line=5)]
    kept, footings, findings, verified = _run(facts, calcs=(NET,))
    assert [(f.concept.local, f.value, f.sign) for f in kept] == [
        ("IncomeLossBeforeIncomeTaxes", Decimal("-300000"), "as-printed"),
        ("IncomeTaxExpenseBenefit", Decimal("-96000"), "negated"), ("NetIncomeLoss", Decimal("-204000"), "as-printed")]
    assert footings[0].ok and footings[0].computed == Decimal("-204000") and "opposite sign" in footings[0].rule
    assert [f.code for f in findings] == ["sign.rowTurned"] and verified == {f.id for f in facts}


def test_a_row_turned_by_one_footing_and_balanced_as_printed_by_another_is_refused():
    facts = [fact("us-gaap:IncomeLossBeforeIncomeTaxes", Q3, "(300)", line=3),
             fact("us-gaap:IncomeTaxExpenseBenefit", Q3, "96", line=4),
             fact("us-gaap:NetIncomeLoss", Q3, "(204)", line=5),
             fact("us-gaap:ProfitLoss", Q3, "(396)", line=6)]
    kept, _footings, findings, _verified = _run(facts, calcs=(NET, AFTER))
    assert "IncomeTaxExpenseBenefit" not in [f.concept.local for f in kept]
    assert any(f.code == "footing.refused" and "sign convention is not established" in f.message for f in findings)
