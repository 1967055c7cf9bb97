"""EFM 6.5: contexts, units and facts of the instance."""
from __future__ import annotations

from arelle.ValidateDuplicateFacts import DuplicateType, getDuplicateFactSetsWithType
from arelle.ValidateXbrlCalcs import insignificantDigits

from .dts import Filing, source_of
from .registry import error, rule, warning


@rule("EFM.6.5.7")
def contexts_distinct(filing: Filing):
    """An instance must not have two contexts with the same entity identifier, period and segment
    (or scenario): each such pair is one context written twice."""
    first_of: dict[int, list] = {}
    for context in filing.model.contexts.values():
        candidates = first_of.setdefault(context.contextDimAwareHash, [])
        twin = next((c for c in candidates if context.isEqualTo(c)), None)
        if twin is None:
            candidates.append(context)
        else:
            yield error(f"context {context.id} is equivalent to context {twin.id} (same entity, period and "
                        f"dimensions): remove one", source_of(context))


@rule("EFM.6.5.8")
def contexts_used(filing: Filing):
    """Every context of an instance must be referenced by at least one fact."""
    used = {fact.contextID for fact in filing.facts}
    used |= {fact.get("contextRef") for fact in getattr(filing.model, "undefinedFacts", ())}
    for context_id, context in filing.all_contexts():
        if context_id not in used:
            yield error(f"context {context_id} is not used by any fact: remove it", source_of(context))


@rule("EFM.6.5.11")
def units_distinct(filing: Filing):
    """An instance must not have two units with the same measures (numerator and denominator)."""
    first_of: dict[int, list] = {}
    for unit in filing.model.units.values():
        candidates = first_of.setdefault(unit.hash, [])
        twin = next((u for u in candidates if unit.isEqualTo(u)), None)
        if twin is None:
            candidates.append(unit)
        else:
            yield error(f"unit {unit.id} is equivalent to unit {twin.id} (same measures): remove one", source_of(unit))


@rule("EFM.6.5.11.unused")
def units_used(filing: Filing):
    """Every unit of an instance should be referenced by at least one numeric fact (an unused unit is
    harmless to XBRL but is noise a reviewer has to rule out)."""
    used = {fact.unitID for fact in filing.facts if fact.unitID}
    for unit_id, unit in filing.all_units():
        if unit_id not in used:
            yield warning(f"unit {unit_id} is not used by any fact: remove it", source_of(unit))


@rule("EFM.6.5.17")
def decimals_not_precision(filing: Filing):
    """A numeric fact must state its accuracy with the decimals attribute, never with precision."""
    for fact in filing.facts:
        concept = fact.concept
        if concept is None or not concept.isNumeric:
            continue
        if fact.get("precision") is not None:
            yield error(f"numeric fact {fact.qname} (context {fact.contextID}) uses precision="
                        f"{fact.get('precision')!r}: use decimals instead", source_of(fact))
        elif not fact.isNil and fact.get("decimals") is None:
            yield error(f"numeric fact {fact.qname} (context {fact.contextID}) has no decimals attribute",
                        source_of(fact))


@rule("EFM.6.5.12")
def duplicate_facts_consistent(filing: Filing):
    """Facts with the same concept, context, unit (and language) must agree: numeric duplicates
    within their rounding, other duplicates equal."""
    for duplicates in getDuplicateFactSetsWithType(filing.facts, DuplicateType.INCONSISTENT):
        facts = list(duplicates)
        first = facts[0]
        values = ", ".join(f"{f.value!r} (decimals {f.decimals})" if f.isNumeric else repr(f.value)[:80]
                           for f in facts)
        yield error(f"{len(facts)} facts {first.qname} in context {first.contextID} disagree: {values}",
                    source_of(first))


@rule("EFM.6.5.37")
def no_digits_beyond_decimals(filing: Filing):
    """A numeric fact's value must not have non-zero digits beyond the accuracy its decimals
    attribute states (1234.5 with decimals="0" claims an accuracy its own value contradicts)."""
    for fact in filing.facts:
        if fact.concept is None or not fact.isNumeric or fact.isNil or fact.decimals in (None, "INF"):
            continue
        try:
            beyond = insignificantDigits(fact.xValue, decimals=fact.decimals)
        except (TypeError, ValueError):
            beyond = None
        if beyond:
            yield error(f"fact {fact.qname} (context {fact.contextID}) value {fact.xValue} has non-zero digits "
                        f"beyond decimals={fact.decimals} ({beyond[1]})", source_of(fact))
