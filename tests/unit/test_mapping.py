"""Mapping application on a hand-built table, rule set and concept index: rows to facts, or a reason."""
from __future__ import annotations

from decimal import Decimal

from build import Q3, Q3_PRIOR, extraction, index, row, table

from converter.mapping.apply import map_extraction
from converter.model import QName
from converter.rules import MappingRule, Origin, RuleSet

O = Origin("unit.toml", 1)
INDEX = index({
    "Revenues": ("monetaryItemType", "duration", "credit"),
    "NetIncomeLoss": ("monetaryItemType", "duration", "credit"),
    "EarningsPerShareBasic": ("perShareItemType", "duration", None),
    "Assets": ("monetaryItemType", "instant", "debit"),
})


def rules(*rs: MappingRule) -> RuleSet:
    return RuleSet(rules=rs, calculations=(), statements=(), extensions=())


def rule(rid: str, label: str, concept: str, unit: str = "monetary", **kw) -> MappingRule:
    return MappingRule(rid, "income", label, concept, unit, O, **kw)


def test_a_row_becomes_one_fact_per_column_scaled_with_its_decimals():
    t = table("income", [row("Revenue", 5, "45,192", "38,217")])
    out = map_extraction(extraction(t), rules(rule("rev", "revenues?", "us-gaap:Revenues")), INDEX)
    got = sorted((str(f.concept), f.period, f.unit, f.value, f.decimals, f.reading.span.line, f.rule) for f in out.facts)
    assert got == sorted([
        ("us-gaap:Revenues", Q3, "USD", Decimal("45192000"), -3, 5, "unit.toml#rev"),
        ("us-gaap:Revenues", Q3_PRIOR, "USD", Decimal("38217000"), -3, 5, "unit.toml#rev"),
    ])
    assert out.refusals == [] and out.unmapped == []


def test_per_share_amounts_are_not_scaled():
    t = table("income", [row("Basic net loss per share", 9, "(0.01)", "0.02")])
    out = map_extraction(extraction(t), rules(rule("eps", "basic net (?:income|loss) per share", "us-gaap:EarningsPerShareBasic",
                                                   "perShare")), INDEX)
    assert sorted((f.period, f.unit, f.value, f.decimals) for f in out.facts) == sorted([
        (Q3, "USDPerShare", Decimal("-0.01"), 2), (Q3_PRIOR, "USDPerShare", Decimal("0.02"), 2)])


def test_a_row_no_rule_maps_is_reported_not_guessed():
    t = table("income", [row("Deferred revenue adjustments", 7, "12", "13")])
    out = map_extraction(extraction(t), rules(rule("rev", "revenues?", "us-gaap:Revenues")), INDEX)
    assert out.facts == [] and out.unmapped == [("t1", 7)]
    # the candidate search finds no standard concept certain enough: it proposes an extension, tags nothing
    (finding,) = out.findings
    assert finding.code == "mapping.extensionProposed" and finding.span.line == 7
    assert "ext:DeferredRevenueAdjustments" in finding.message


def test_two_rules_for_different_concepts_make_the_row_ambiguous():
    t = table("income", [row("Net revenue", 5, "45,192", "38,217")])
    out = map_extraction(extraction(t), rules(rule("rev", "net revenues?", "us-gaap:Revenues"),
                                              rule("ni", "net .*", "us-gaap:NetIncomeLoss")), INDEX)
    assert out.facts == [] and [f.code for f in out.findings] == ["mapping.ambiguous"]


def test_a_rule_whose_concept_does_not_fit_maps_nothing():
    t = table("income", [row("Total assets", 5, "100", "90")])
    out = map_extraction(extraction(t), rules(rule("assets", "total assets", "us-gaap:Assets"),  # instant in a duration table
                                              ), INDEX)
    assert out.facts == [] and [(f.code, f.severity) for f in out.findings] == [("mapping.badRule", "error")]
    missing = map_extraction(extraction(t), rules(rule("x", "total assets", "us-gaap:NoSuchConcept")), INDEX)
    assert missing.facts == [] and "not in the loaded taxonomy" in missing.findings[0].message


def test_a_negated_rule_flips_the_printed_sign():
    t = table("income", [row("Loss from discontinued operations", 6, "(5)", "3")])
    out = map_extraction(extraction(t), rules(rule("ni", "loss from discontinued operations", "us-gaap:NetIncomeLoss",
                                                   sign="negated")), INDEX)
    assert sorted((f.period, f.value, f.sign) for f in out.facts) == sorted([
        (Q3, Decimal("5000"), "negated"), (Q3_PRIOR, Decimal("-3000"), "negated")])
    assert {f.concept for f in out.facts} == {QName("us-gaap", "NetIncomeLoss")}
