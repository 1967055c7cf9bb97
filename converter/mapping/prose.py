"""Figures stated in sentences and in guidance lists (``ProseValue``s, read by ``extract.prose.read_prose``
where the ``[[prose]]`` entries of ``taxonomy/prose.toml`` match), tagged as the concept each entry names.

A figure whose period is not of its concept's period type is reported, not tagged. A ``member`` phrase is
tagged as the member the company profile names for it (a phrase it does not name: not tagged). Guidance
figures (entries with ``section = "guidance"``) are forecasts (StatementScenarioAxis =
ScenarioForecastMember) and ranges use RangeAxis Minimum/Maximum. An entry with ``sign = "negated"`` tags
the figure with its sign flipped.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Fact, Finding, ProseValue, Severity
from .apply import UNIT_OF_KIND, ConceptResolver

RANGE_DIMS = {"low": "srt:MinimumMember|us-gaap:MinimumMember", "high": "srt:MaximumMember|us-gaap:MaximumMember"}
RANGE_AXIS = "srt:RangeAxis|us-gaap:RangeAxis"
SCENARIO_AXIS = "srt:StatementScenarioAxis|us-gaap:StatementScenarioAxis"
FORECAST = "srt:ScenarioForecastMember|us-gaap:ScenarioForecastMember"


def prose_facts(values: Iterable[ProseValue | Finding], resolver: ConceptResolver,
                members: dict[str, str]) -> tuple[list[Fact], list[Finding]]:
    """The facts of what extract read in sentences, and the findings: extract's (passed on in order) and the
    mapping's own (a period not of the concept's period type, a number that could not be read)."""
    facts: list[Fact] = []
    findings: list[Finding] = []
    for value in values:
        if isinstance(value, Finding):
            findings.append(value)
            continue
        facts.extend(_facts_of(value, resolver, members, findings))
    return facts, findings


def _period_type(resolver: ConceptResolver, name: str) -> str | None:
    """The period type (instant, duration) of a rule's concept, None when unknown."""
    options = [n.strip() for n in name.split("|")]
    chosen = next((n for n in options if resolver.exists(n)), options[-1])
    prefix, _, local = chosen.partition(":")
    if prefix == "ext":
        ext = resolver.extensions.get(local)
        return ext.period if ext is not None else None
    concept = resolver.index.get(chosen)
    return concept.period_type if concept is not None else None


def _facts_of(value: ProseValue, resolver: ConceptResolver, members: dict[str, str],
              findings: list[Finding]) -> list[Fact]:
    period = value.period
    want = _period_type(resolver, value.concept)
    if want is not None and want != ("instant" if period.is_instant else "duration"):
        findings.append(Finding("prose.periodType", Severity.INFO,
                                f"{value.text!r} ({value.origin}) is not tagged: {value.concept} is an {want} concept "
                                f"and the sentence's period is {'a date' if period.is_instant else 'a duration'}",
                                value.span, value.text, "prose"))
        return []
    dims = [(resolver.qname(a), resolver.qname(m)) for a, m in value.dims if "{member}" not in m]
    if any("{member}" in m for _a, m in value.dims):
        phrase = value.member or ""
        member = next((name for pat, name in members.items() if re.fullmatch(pat, phrase.strip(), re.IGNORECASE)), None)
        if member is None:
            return []
        axis = next(a for a, m in value.dims if "{member}" in m)
        dims.append((resolver.qname(axis), resolver.qname(member)))
    if value.guidance:
        dims.append((resolver.qname(SCENARIO_AXIS), resolver.qname(FORECAST)))
    if value.unreadable is not None:
        findings.append(value.unreadable)
        return []
    concept = resolver.qname(value.concept)
    out: list[Fact] = []
    for fig in value.figures:
        fact_dims = list(dims)
        if fig.group in RANGE_DIMS:
            fact_dims.append((resolver.qname(RANGE_AXIS), resolver.qname(RANGE_DIMS[fig.group])))
        out.append(Fact(
            concept=concept, period=period, unit=UNIT_OF_KIND[value.unit],
            value=-fig.value if value.sign == "negated" else fig.value, decimals=fig.decimals,
            scale=fig.scale, reading=fig.reading, rule=value.origin, table_id="guidance" if value.guidance else "prose",
            row_label=re.sub(r"\s+", " ", value.text)[:80], dims=tuple(sorted(fact_dims)), row_line=value.line,
        ))
    return out
