"""Facts carry their identity and verdicts (issue 20): ``Fact.id`` assigned once, and the footing and sign
verdicts as fields the checks set, on hand-built facts (no files, no Arelle)."""
from __future__ import annotations

import dataclasses

import pytest
from build import Q3, Q3_PRIOR, extraction, fact, index, row, table

from converter.checks.duplicates import check_duplicates
from converter.checks.footings import check_footings
from converter.checks.gates import run_gates
from converter.checks.signs import check_signs
from converter.mapping.apply import map_extraction
from converter.model import Footed, QName, SignVerdict, number_facts
from converter.rules import Calculation, MappingRule, Origin, RuleSet

O = Origin("unit", 1)
GROSS = Calculation("gross", "income", "us-gaap:GrossProfit",
                    (("us-gaap:Revenues", 1), ("us-gaap:CostOfRevenue", -1)), O)
OPERATING = Calculation("operating", "income", "us-gaap:OperatingIncomeLoss",
                        (("us-gaap:GrossProfit", 1), ("us-gaap:OperatingExpenses", -1)), O)


def _footings(facts, calcs=(GROSS,), unmapped=()):
    return check_footings(facts, [], calcs, {"t1": "income"}, QName.parse, list(unmapped))


def _verdicts(kept):
    return {f.concept.local: f.footed for f in kept}


# --------------------------------------------------------------------------- the footing verdict


def test_a_footing_that_holds_sets_the_verdict_on_its_total_and_parts():
    facts = [fact("us-gaap:Revenues", Q3, "45,192", line=3), fact("us-gaap:CostOfRevenue", Q3, "12,470", line=4),
             fact("us-gaap:GrossProfit", Q3, "32,722", line=5)]
    assert {f.footed for f in facts} == {Footed.NO}  # as mapped: no verdict yet
    kept, (footing,), findings = _footings(facts)
    assert footing.ok and findings == []
    assert _verdicts(kept) == {"Revenues": Footed.FOOTING, "CostOfRevenue": Footed.FOOTING,
                               "GrossProfit": Footed.FOOTING}
    # the verdict is a field of a new fact: the id, value and everything else are the fact's own
    assert [dataclasses.replace(f, footed=Footed.NO) for f in kept] == facts


def test_a_footing_that_fails_sets_no_verdict():
    # gross profit holds; operating income's footing fails (by 100, beyond rounding) and no part explains it
    facts = [fact("us-gaap:Revenues", Q3, "45,192", line=3), fact("us-gaap:CostOfRevenue", Q3, "12,470", line=4),
             fact("us-gaap:GrossProfit", Q3, "32,722", line=5), fact("us-gaap:OperatingExpenses", Q3, "20,000", line=6),
             fact("us-gaap:OperatingIncomeLoss", Q3, "12,622", line=7)]
    kept, footings, findings = _footings(facts, (GROSS, OPERATING))
    assert [f.ok for f in footings] == [True, False]
    # the total and the part no passing footing vouches for are refused; gross profit, vouched for by its
    # own footing but a part of the failing one, is kept without the verdict
    assert _verdicts(kept) == {"Revenues": Footed.FOOTING, "CostOfRevenue": Footed.FOOTING, "GrossProfit": Footed.NO}
    refused = {f.raw for f in findings if f.code == "footing.refused"}
    assert refused == {"20,000", "12,622"}


def test_a_footing_that_cannot_be_checked_sets_no_verdict():
    # an unmapped row among the footing's rows: the failing sum may be missing it, so nothing is refused
    facts = [fact("us-gaap:Revenues", Q3, "45,192", line=3), fact("us-gaap:CostOfRevenue", Q3, "12,470", line=5),
             fact("us-gaap:GrossProfit", Q3, "30,000", line=6)]
    kept, (footing,), _findings = _footings(facts, unmapped=[("t1", 4)])
    assert not footing.ok and not footing.checkable
    assert _verdicts(kept) == {"Revenues": Footed.NO, "CostOfRevenue": Footed.NO, "GrossProfit": Footed.NO}


def test_a_figure_tagged_twice_is_vouched_for_by_its_other_fact():
    facts = [fact("us-gaap:Revenues", Q3, "45,192", line=3), fact("us-gaap:CostOfRevenue", Q3, "12,470", line=4),
             fact("us-gaap:GrossProfit", Q3, "32,722", line=5),
             fact("us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax", Q3, "45,192", line=3)]
    kept, _footings_, _findings = _footings(facts)
    assert _verdicts(kept)["RevenueFromContractWithCustomerExcludingAssessedTax"] is Footed.FIGURE
    assert _verdicts(kept)["Revenues"] is Footed.FOOTING


# --------------------------------------------------------------------------- the sign verdict


def _deduction_case(gross: str):
    """A provision for income taxes printed in parentheses, which nothing but a footing explains."""
    tax = Calculation("tax", "income", "us-gaap:NetIncomeLoss",
                      (("us-gaap:IncomeLossFromContinuingOperationsBeforeIncomeTaxes", 1),
                       ("us-gaap:IncomeTaxExpenseBenefit", 1)), O)
    facts = [fact("us-gaap:IncomeLossFromContinuingOperationsBeforeIncomeTaxes", Q3, "100", line=3),
             fact("us-gaap:IncomeTaxExpenseBenefit", Q3, "(32)", line=4, label="Provision for income taxes"),
             fact("us-gaap:NetIncomeLoss", Q3, gross, line=5)]
    kept, _f, _findings = _footings(facts, (tax,))
    return check_signs(kept, {})


def test_a_footing_that_holds_sets_the_sign_verdict():
    kept, findings = _deduction_case("68")
    assert findings == []
    tax = next(f for f in kept if f.concept.local == "IncomeTaxExpenseBenefit")
    assert tax.footed is Footed.FOOTING and tax.sign_verdict is SignVerdict.FOOTING and tax.amount < 0
    # figures printed without a sign have no sign question
    assert {f.sign_verdict for f in kept if f is not tax} == {SignVerdict.UNCHECKED}


def test_a_footing_that_fails_sets_no_sign_verdict_and_the_sign_is_refused():
    kept, findings = _deduction_case("60")  # 100 + (32) is not 60: the footing fails, refusing all three
    assert kept == [] and "sign.ambiguous" not in {f.code for f in findings}
    # the same row with no footing at all: the parentheses are not explained
    alone = fact("us-gaap:IncomeTaxExpenseBenefit", Q3, "(32)", label="Provision for income taxes")
    kept, findings = check_signs([alone], {})
    assert kept == [] and [f.code for f in findings] == ["sign.ambiguous"]


@pytest.mark.parametrize(("label", "sign", "verdict"), [
    ("Net income (loss)", "as-printed", SignVerdict.NEGATIVE_CASE),
    ("Income tax (expense) benefit", "negated", SignVerdict.RULE),
    ("Net loss", "as-printed", SignVerdict.LABEL),
])
def test_the_sign_verdict_says_why_a_negative_figure_is_trusted(label, sign, verdict):
    concept = "us-gaap:IncomeTaxExpenseBenefit" if sign == "negated" else "us-gaap:NetIncomeLoss"
    (kept,), findings = check_signs([fact(concept, Q3, "(730)", label=label, sign=sign)], {})
    assert findings == [] and kept.sign_verdict is verdict


# --------------------------------------------------------------------------- Fact.id


def _mapped():
    t = table("income", [row("Revenue", 5, "45,192", "38,217"), row("Net income", 6, "1,200", "1,100")])
    index_ = index({"Revenues": ("monetaryItemType", "duration", "credit"),
                    "NetIncomeLoss": ("monetaryItemType", "duration", "credit")})
    rules = RuleSet(rules=(MappingRule("rev", "income", "revenues?", "us-gaap:Revenues", "monetary", O),
                           MappingRule("ni", "income", "net income", "us-gaap:NetIncomeLoss", "monetary", O)),
                    calculations=(), statements=(), extensions=())
    return map_extraction(extraction(t), rules, index_).facts


def test_fact_ids_are_unique_and_the_same_on_every_run():
    first, second = number_facts(_mapped(), "m"), number_facts(_mapped(), "m")
    assert [f.id for f in first] == ["m-1", "m-2", "m-3", "m-4"]
    assert [(f.id, f.concept.local, f.period) for f in first] == [(f.id, f.concept.local, f.period) for f in second]
    assert [(f.concept.local, f.period) for f in first] == [
        ("Revenues", Q3), ("Revenues", Q3_PRIOR), ("NetIncomeLoss", Q3), ("NetIncomeLoss", Q3_PRIOR)]


def test_an_id_is_assigned_once_and_kept_through_the_checks():
    facts = number_facts(_mapped(), "m")
    later = number_facts(facts + [dataclasses.replace(facts[0], id="")], "p")  # a row added later
    assert [f.id for f in later] == ["m-1", "m-2", "m-3", "m-4", "p-1"]
    kept, _f, _findings = check_footings(facts, [], (), {"t1": "income"})
    kept, _findings = check_signs(kept, {})
    kept, _findings = run_gates(kept, (), None)
    kept, _findings = check_duplicates(kept)
    assert [f.id for f in kept] == [f.id for f in facts]


def test_facts_without_ids_of_their_own_are_refused_by_the_checks():
    unnumbered = [dataclasses.replace(f, id="") for f in _mapped()]
    with pytest.raises(ValueError, match="has no id"):
        check_duplicates(unnumbered)
    numbered = number_facts(_mapped(), "m")
    with pytest.raises(ValueError, match="two facts have the id 'm-1'"):
        run_gates(numbered + [numbered[0]], (), None)
    with pytest.raises(ValueError, match="two facts have the id"):
        number_facts([numbered[0], dataclasses.replace(numbered[1], id="")], "m")  # m-1 given twice


def test_a_negative_side_printed_without_a_sign_is_trusted_by_its_footing_only():
    used = fact("us-gaap:NetCashProvidedByUsedInInvestingActivities", Q3, "8,564",
                label="Net cash used in investing activities", table="t2")
    assert check_signs([used], {})[0] == []  # a magnitude, or a negative amount? refused
    (kept,), findings = check_signs([dataclasses.replace(used, footed=Footed.FOOTING)], {})
    assert findings == [] and kept.sign_verdict is SignVerdict.FOOTING and kept.amount > 0
