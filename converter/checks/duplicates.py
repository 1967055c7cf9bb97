"""Duplicate facts: the same concept, period, dimensions and unit tagged more than once.

Duplicates that agree (same value at their decimals) are all kept, each where it was printed;
duplicates that disagree are all refused: one of them is wrong and nothing says which.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..model import Fact, Finding, QName, Severity, require_ids

# concept, period key, dimensions, unit: what makes two facts the same fact
FactKey = tuple[QName, str, tuple[tuple[QName, QName], ...], str | None]


def check_duplicates(facts: list[Fact]) -> tuple[list[Fact], list[Finding]]:
    require_ids(facts)
    groups: dict[FactKey, list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[(fact.concept, fact.period.key, fact.dims, fact.unit)].append(fact)
    refused: set[str] = set()  # fact ids
    findings: list[Finding] = []
    for (concept, pkey, _dims, _unit), group in groups.items():
        if len(group) < 2:
            continue
        values: set[str | Decimal]
        if not group[0].is_numeric:
            values = {str(f.value) for f in group}
        else:
            low = min(group, key=lambda f: f.decimals or 0)
            values = {f.amount.quantize(Decimal(1).scaleb(-(low.decimals or 0))) for f in group}
        if len(values) > 1:
            shown = ", ".join(f"{f.reading.raw} (line {f.reading.span.line})" for f in group)
            for fact in group:
                refused.add(fact.id)
                findings.append(Finding(
                    "duplicate.inconsistent", Severity.WARNING,
                    f"{fact.reading.raw!r} ({concept}, {fact.period.describe()}) is not tagged: the same fact is printed "
                    f"with different values: {shown}", fact.reading.span, fact.reading.raw, fact.table_id,
                ))
    return [f for f in facts if f.id not in refused], findings
