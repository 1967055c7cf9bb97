"""Breakdowns: dimensional facts whose members split a total (revenue by segment, by product line, by
geography; an expense by income-statement line) must add up to that total before any is tagged.

The members of one breakdown are the facts of one group (a table and the heading its rows stand under)
with the same concept, axis and column; the total is the fact of the same concept and period without
dimensions in the same table (the default member). When both are there and the members' sum differs
from the total beyond rounding (Calculations 1.1 intervals), every member of that breakdown and column
is refused: one of them, or the heading that binds them, was read wrong, and which one cannot be told.
A breakdown whose table prints no total is kept and reported as unchecked.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..model import Fact, Finding, QName, Severity, require_ids


def check_breakdowns(facts: list[Fact]) -> tuple[list[Fact], list[Finding]]:
    require_ids(facts)
    totals: dict[tuple[str, str, QName], list[Fact]] = defaultdict(list)
    groups: dict[tuple[str, str, QName, QName], list[Fact]] = defaultdict(list)
    for fact in facts:
        if not fact.is_numeric:
            continue
        if not fact.dims:
            totals[(fact.table_id, fact.period.key, fact.concept)].append(fact)
        elif fact.group and len(fact.dims) == 1:
            groups[(fact.group, fact.period.key, fact.concept, fact.dims[0][0])].append(fact)
    refused: dict[str, str] = {}  # fact id -> why
    findings: list[Finding] = []
    for (group, _pkey, concept, axis), members in sorted(groups.items(), key=lambda kv: kv[0][:2] + (str(kv[0][2]), str(kv[0][3]))):
        first = members[0]
        heading = group.partition(":")[2]
        where = f"under {heading!r}" if heading else f"in table {first.table_id}"
        candidates = totals.get((first.table_id, first.period.key, concept), [])
        values = {t.amount for t in candidates}
        if len(values) != 1:
            if not candidates:
                findings.append(Finding(
                    "breakdown.unchecked", Severity.INFO,
                    f"the {len(members)} members of {concept} on {axis} {where} "
                    f"({first.period.describe()}) are tagged without a check: the table prints no total for them",
                    first.reading.span, first.reading.raw, first.table_id))
            continue  # totals that disagree are refused as duplicates
        total = candidates[0]
        computed = sum((m.amount for m in members), Decimal(0))
        tolerance = total.half_unit + sum((m.half_unit for m in members), Decimal(0))
        if abs(computed - total.amount) <= tolerance:
            continue
        why = (f"the members of {concept} on {axis} {where} add up to {computed:f}, "
               f"not to the total {total.amount:f} ({total.row_label!r}, {total.period.describe()})")
        for member in members:
            refused[member.id] = why
        findings.append(Finding("breakdown.mismatch", Severity.WARNING, f"table {first.table_id}: {why}; none is tagged",
                                first.reading.span, first.reading.raw, first.table_id))
    kept: list[Fact] = []
    for fact in facts:
        refusal = refused.get(fact.id)
        if refusal is None:
            kept.append(fact)
            continue
        member_name = next(str(m) for _a, m in fact.dims)
        findings.append(Finding("breakdown.refused", Severity.WARNING,
                                f"{fact.reading.raw!r} ({fact.concept}, {member_name}, {fact.period.describe()}) is not "
                                f"tagged: {refusal}", fact.reading.span, fact.reading.raw, fact.table_id))
    return kept, findings
