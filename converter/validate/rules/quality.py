"""Data-quality checks a data vendor runs, in the spirit of XBRL US's DQC rules.

EDGAR runs DQC rules only for us-gaap 2020 and later, and only with the XULE plugin: on a filing of an
older taxonomy nothing checks these. Each rule is coded with its DQC number where one exists
(``ixconv.DQC.0004``), else ``ixconv.DQ.<name>``. Which concepts must be equal, which are cumulative flows
and the per-share triples are the pipeline's gates' (``taxonomy/gates.toml``: the same lists check a
conversion before rendering and any filing here); which cannot be negative and the percentage limit are
``quality.toml`` beside this module (not a mapping rule, so ``check-mappings`` does not read it); a concept the filing's
taxonomy lacks is skipped. Values are compared at the accuracy their ``decimals`` state (a difference
within the two facts' half-units is no difference), as Calculations 1.1 does.
"""
from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from .dts import Filing, source_of
from .registry import error, rule, warning

PERCENT_TYPE = "percentItemType"
SCALE_FACTOR = Decimal(10)  # EPS x shares this many times off its numerator (either way) is a wrong scale


@functools.lru_cache(maxsize=1)
def quality_data() -> dict:
    """``quality.toml`` (non-negative concepts, the percentage limit), with the concept lists the pipeline's
    gates already hold taken from ``taxonomy/gates.toml`` (one list for one rule: equal values, cumulative
    flows, per-share triples), so the gate before rendering and this check of the filing never disagree."""
    from ...locations import default_rules

    data = tomllib.loads(Path(__file__).with_name("quality.toml").read_text(encoding="utf-8"))
    gates = tomllib.loads((default_rules() / "gates.toml").read_text(encoding="utf-8")).get("gate", [])
    data["equal"] = [{"left": g["concepts"][0], "right": other} for g in gates if g.get("kind") == "equal"
                     for other in g["concepts"][1:]]
    data["cumulative"] = {"concepts": sorted({c for g in gates if g.get("kind") == "cumulative" for c in g["concepts"]})}
    data["per_share"] = [{"per_share": g["per_share"], "shares": g["shares"], "numerators": list(g["income"])}
                         for g in gates if g.get("kind") == "per-share"]
    return data


def half_unit(fact) -> Decimal:
    decimals = fact.decimals
    if decimals in (None, "", "INF"):
        return Decimal(0)
    try:
        return Decimal("0.5") * Decimal(10) ** -int(decimals)
    except (TypeError, ValueError):
        return Decimal(0)


def _prefixed(qname) -> str:
    return f"{qname.prefix}:{qname.localName}" if qname.prefix else qname.localName


def _numbers(filing: Filing) -> list:
    """The filing's non-nil numeric facts with a decimal value."""
    out = []
    for fact in filing.facts:
        if fact.concept is None or not fact.isNumeric or fact.isNil or fact.context is None:
            continue
        if isinstance(fact.xValue, (Decimal, int)):
            out.append(fact)
    return out


def _period(context) -> tuple:
    if context.isInstantPeriod:
        return ("instant", context.instantDatetime, context.instantDatetime)
    return ("duration", context.startDatetime, context.endDatetime)


def _dims(context) -> frozenset:
    return frozenset((dim, getattr(member, "memberQname", None)) for dim, member in context.qnameDims.items())


def _unit(fact) -> Any:
    return fact.unit.measures if fact.unit is not None else None


def _key(fact) -> tuple:
    """Concept aside, what makes two facts comparable: period, dimensions and unit."""
    return (_period(fact.context), _dims(fact.context), _unit(fact))


def _by_concept(filing: Filing) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for fact in _numbers(filing):
        out[_prefixed(fact.qname)].append(fact)
    return out


def _describe(fact) -> str:
    kind, start, end = _period(fact.context)
    last = end - dt.timedelta(days=1)  # Arelle's end of a date is the next midnight
    when = f"{last:%Y-%m-%d}" if kind == "instant" else f"{start:%Y-%m-%d} to {last:%Y-%m-%d}"
    dims = ", ".join(f"{d}={m}" for d, m in sorted((str(d), str(m)) for d, m in _dims(fact.context)))
    return f"{_prefixed(fact.qname)} = {fact.xValue} ({when}{'; ' + dims if dims else ''})"


@rule("DQC.0004")
def values_equal(filing: Filing) -> Iterator:
    """Element values are equal: the values of two elements that are equal by definition (Assets and
    Liabilities and Stockholders' Equity) must be equal, within their rounding, in every context and unit
    both are reported in."""
    facts = _by_concept(filing)
    for pair in quality_data().get("equal", []):
        rights: dict[tuple, Any] = {}
        for fact in facts.get(pair["right"], []):
            rights.setdefault(_key(fact), fact)
        for left in facts.get(pair["left"], []):
            right = rights.get(_key(left))
            if right is None:
                continue
            if abs(left.xValue - right.xValue) > half_unit(left) + half_unit(right):
                yield error(f"{_describe(left)} is not equal to {_describe(right)}; these values must be equal",
                            source_of(left))


@rule("DQC.0015")
def non_negative(filing: Filing) -> Iterator:
    """Negative values: an element that cannot be negative (an asset, a revenue, an expense, a share
    count, ...) must not be reported with a negative value (a sign taken from a parenthesis or a label
    that should not have been)."""
    names = set(quality_data().get("non_negative", {}).get("concepts", []))
    for fact in _numbers(filing):
        if _prefixed(fact.qname) in names and fact.xValue < 0 and not _dims(fact.context):
            yield error(f"{_describe(fact)} is negative; this element cannot be negative", source_of(fact))


def _contains(longer, shorter) -> bool:
    _k1, start_l, end_l = _period(longer.context)
    _k2, start_s, end_s = _period(shorter.context)
    return start_l <= start_s and end_s <= end_l and (start_l, end_l) != (start_s, end_s)


@rule("DQC.0108")
def shorter_period_not_above_longer(filing: Filing) -> Iterator:
    """Fact value consistency over time: an element that can only accumulate over a period (a
    non-negative flow, such as revenues or an expense; not an average or a balance) must not be reported for a
    period with a larger value than for a longer period containing it (a quarter above its
    year-to-date is a wrong period or a wrong column)."""
    names = set(quality_data().get("cumulative", {}).get("concepts", []))
    for name, facts in sorted(_by_concept(filing).items()):
        if name not in names:
            continue
        # negative values of these flows are DQC 0015's (and the gate compares non-negative values only)
        durations = [f for f in facts if not f.context.isInstantPeriod and f.xValue >= 0]
        for shorter in durations:
            for longer in durations:
                if shorter is longer or _dims(shorter.context) != _dims(longer.context) or _unit(shorter) != _unit(longer):
                    continue
                if _contains(longer, shorter) and shorter.xValue > longer.xValue + half_unit(shorter) + half_unit(longer):
                    yield error(f"{_describe(shorter)} is larger than the value for the longer period "
                                f"{_describe(longer)}", source_of(shorter))
                    break  # each shorter period's fact is reported once, against the first longer one


@rule("DQC.0128")
def member_not_above_total(filing: Filing) -> Iterator:
    """Dimensional values larger than the default: for an element that cannot be negative, the value
    reported for one member of one axis must not be larger than the element's total (the value with
    no dimensions) for the same period and unit."""
    names = set(quality_data().get("non_negative", {}).get("concepts", []))
    for name, facts in sorted(_by_concept(filing).items()):
        if name not in names:
            continue
        totals = {(_period(f.context), _unit(f)): f for f in facts if not _dims(f.context)}
        for fact in facts:
            if len(_dims(fact.context)) != 1:
                continue
            total = totals.get((_period(fact.context), _unit(fact)))
            if total is not None and fact.xValue > total.xValue + half_unit(fact) + half_unit(total):
                yield error(f"{_describe(fact)} is larger than its total {_describe(total)}", source_of(fact))


STRUCTURAL_ENDINGS = ("Abstract", "Axis", "Domain", "Member", "Table", "LineItems")
TOTAL_WORDS = ("Total",)


def _equivalent_name(name: str) -> str:
    """A name as compared with standard names: case ignored, a leading or trailing 'Total' dropped."""
    for word in TOTAL_WORDS:
        if name.startswith(word) and name[len(word):][:1].isupper():
            name = name[len(word):]
        if name.endswith(word) and len(name) > len(word):
            name = name[: -len(word)]
    return name.lower()


@rule("DQ.extensionHasStandardEquivalent")
def extension_with_standard_equivalent(filing: Filing) -> Iterator:
    """Extension elements with a standard equivalent: an extension element must not be created when the
    standard taxonomy has an element for the same thing (here: a standard element whose name is the
    extension's, letter case and a 'Total' aside); use the standard element."""
    used = {f.qname for f in filing.facts}
    candidates = [(concept, concept.get("name") or "") for concept in filing.extension_concepts]
    candidates = [(c, name) for c, name in candidates if not name.endswith(STRUCTURAL_ENDINGS) and c.qname in used]
    if not candidates:
        return
    # The standard names whose equivalent name is a candidate's: such a name is the candidate's equivalent
    # with a 'Total' before and/or after it, so its lower case is one of these (the exact test follows).
    wanted = {_equivalent_name(name) for _c, name in candidates}
    spellings = {f"{a}{w}{b}" for w in wanted for a in ("", "total") for b in ("", "total")}
    standard: dict[str, Any] = {}
    for qname, concept in filing.model.qnameConcepts.items():
        if qname.localName.lower() not in spellings:
            continue
        document = getattr(concept, "modelDocument", None)
        if document is None or filing.is_extension(document) or not qname.localName[:1].isupper():
            continue
        standard.setdefault(_equivalent_name(qname.localName), concept)
    for concept, name in candidates:
        other = standard.get(_equivalent_name(name))
        if other is not None and other.qname.localName != name:  # the very same name is EFM 6.7.16 (the plugin's)
            yield warning(f"extension element {concept.qname} has the standard equivalent {other.qname}: use it",
                          source_of(concept))


@rule("DQ.perShareScale")
def per_share_scale(filing: Filing) -> Iterator:
    """Per-share and share-count scale plausibility: earnings per share times the weighted share count
    must be of the order of the net income it divides (within a factor of ten either way); otherwise the
    per-share amount, the share count or the income carries a wrong scale (thousands read as units)."""
    facts = _by_concept(filing)
    for triple in quality_data().get("per_share", []):
        shares = {(_period(f.context), _dims(f.context)): f for f in facts.get(triple["shares"], [])}
        numerators: dict[tuple, Any] = {}
        for name in triple["numerators"]:
            for fact in facts.get(name, []):
                numerators.setdefault((_period(fact.context), _dims(fact.context)), fact)
        for eps in facts.get(triple["per_share"], []):
            where = (_period(eps.context), _dims(eps.context))
            count, income = shares.get(where), numerators.get(where)
            if count is None or income is None or not eps.xValue or not income.xValue or not count.xValue:
                continue
            implied = abs(eps.xValue * count.xValue)
            ratio = implied / abs(income.xValue)
            if ratio > SCALE_FACTOR or ratio < 1 / SCALE_FACTOR:
                yield error(f"{_describe(eps)} times {_describe(count)} is {implied}, but {_describe(income)}: "
                            f"a factor of {ratio:.3g}; one of them has a wrong scale", source_of(eps))


@rule("DQC.0091")
def percent_not_above_limit(filing: Filing) -> Iterator:
    """Invalid value for percentage items: a percent-typed value is a ratio (0.25 for 25%); a value of 10
    (1000%) or more is a percentage tagged as a number of percent, a wrong scale (rates that can be
    that large, such as effective income tax rates, are excepted)."""
    data = quality_data().get("percent", {})
    limit = Decimal(str(data.get("limit", 10)))
    excepted = tuple(data.get("except_names", ()))
    for fact in _numbers(filing):
        type_name = getattr(fact.concept.typeQname, "localName", "")
        if type_name != PERCENT_TYPE or any(e in fact.qname.localName for e in excepted):
            continue
        if abs(fact.xValue) >= limit:
            yield error(f"{_describe(fact)} is {fact.xValue * 100}% as a percentage: a percentage of {limit * 100}% "
                        f"or more is a wrong scale (write 0.25 for 25%)", source_of(fact))
