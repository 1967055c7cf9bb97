"""Signs on hand-built facts: parentheses are a negative value only when something says so."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from build import Q3, Q3_PRIOR, fact

from converter.checks.signs import check_signs, inverted_convention, negative_side
from converter.model import Footed


@pytest.mark.parametrize(("label", "concept", "marked"), [
    ("Income tax (expense) benefit", "IncomeTaxExpenseBenefit", "(expense)"),
    ("(Benefit from) provision for income taxes", "IncomeTaxExpenseBenefit", None),
    ("Net income (loss)", "NetIncomeLoss", None),
])
def test_inverted_convention(label, concept, marked):
    assert inverted_convention(label, concept) == marked


@pytest.mark.parametrize(("label", "concept", "side"), [
    ("Net cash used in investing activities", "NetCashProvidedByUsedInInvestingActivities", "used"),
    ("Net cash provided by (used in) investing activities", "NetCashProvidedByUsedInInvestingActivities", None),
    ("Net loss", "NetIncomeLoss", "loss"),
    ("Revenue", "Revenues", None),
])
def test_negative_side(label, concept, side):
    assert negative_side(label, concept) == side


def _kept(*facts, footed=False):
    """(concept, value) of the facts kept and the findings' codes; ``footed``: a footing vouches for them."""
    if footed:
        facts = tuple(dataclasses.replace(f, footed=Footed.FOOTING) for f in facts)
    kept, findings = check_signs(list(facts), {})
    return [(f.concept.local, f.value) for f in kept], [f.code for f in findings]


def test_a_label_naming_the_negative_case_keeps_the_negative_value():
    assert _kept(fact("us-gaap:NetIncomeLoss", Q3, "(730)", label="Net income (loss)")) == (
        [("NetIncomeLoss", Decimal("-730000"))], [])


def test_parentheses_nothing_explains_are_refused_unless_a_footing_verifies():
    deduction = fact("us-gaap:IncomeTaxExpenseBenefit", Q3, "(32)", label="Provision for income taxes")
    kept, codes = _kept(deduction)
    assert kept == [] and codes == ["sign.ambiguous"]
    assert _kept(deduction, footed=True) == ([("IncomeTaxExpenseBenefit", Decimal("-32000"))], [])


def test_an_inverted_row_is_refused_and_a_negated_rule_is_trusted():
    inverted = fact("us-gaap:IncomeTaxExpenseBenefit", Q3, "(32)", label="Income tax (expense) benefit")
    assert _kept(inverted) == ([], ["sign.inverted"])
    negated = fact("us-gaap:IncomeTaxExpenseBenefit", Q3, "(32)", label="Income tax (expense) benefit", sign="negated")
    assert _kept(negated)[0] == [("IncomeTaxExpenseBenefit", Decimal("-32000"))]


def test_a_negative_side_printed_without_a_sign_is_ambiguous():
    used = fact("us-gaap:NetCashProvidedByUsedInInvestingActivities", Q3, "8,564",
                label="Net cash used in investing activities", table="t2")
    assert _kept(used) == ([], ["sign.ambiguous"])
    assert _kept(used, footed=True)[0] == [("NetCashProvidedByUsedInInvestingActivities", Decimal("8564000"))]


def test_a_row_with_a_cell_refused_for_its_sign_is_refused_whole():
    # "Income taxes 96 (93)": the parenthesised cell is ambiguous, so is the unsigned one (a benefit added?)
    benefit = fact("us-gaap:IncomeTaxExpenseBenefit", Q3, "96", label="Income taxes", line=7)
    expense = fact("us-gaap:IncomeTaxExpenseBenefit", Q3_PRIOR, "(93)", label="Income taxes", line=7)
    assert _kept(benefit, expense) == ([], ["sign.ambiguous", "sign.row"])
    # a cell a footing vouches for keeps its sign; another row's cells are not touched
    footed = dataclasses.replace(benefit, footed=Footed.FOOTING)
    other = fact("us-gaap:Revenues", Q3, "4,686", label="Revenues", line=3)
    assert _kept(footed, expense, other) == (
        [("IncomeTaxExpenseBenefit", Decimal("96000")), ("Revenues", Decimal("4686000"))], ["sign.ambiguous"])


def test_a_reading_contradicted_by_a_refused_one_is_refused():
    # the statement's "(96)" is refused; the reconciliation's "96" for the same fact says the other sign
    statement = fact("us-gaap:IncomeTaxExpenseBenefit", Q3, "(96)", label="Income taxes", line=7)
    reconciliation = fact("us-gaap:IncomeTaxExpenseBenefit", Q3, "96", label="Income tax expense", table="t5", line=40)
    assert _kept(statement, reconciliation) == ([], ["sign.ambiguous", "sign.contradicted"])
    agreeing = fact("us-gaap:IncomeTaxExpenseBenefit", Q3, "(96)", label="Income tax expense", table="t5", line=40)
    assert _kept(statement, agreeing)[1] == ["sign.ambiguous", "sign.ambiguous"]
