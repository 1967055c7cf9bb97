"""Column periods checked against the tables that agree with them.

A table's column is compared, fact by fact, with the same amounts elsewhere in the release (the same
concept, or concepts the rule data declares to measure the same thing, with the same dimensions):
- a fact equal to another table's fact for the column's own period confirms the column;
- a fact that differs there but equals another table's fact for another period of the same length is
  evidence that the header printed the wrong period.
A column with such evidence and no confirmation is moved to the period the agreeing tables give, and
the report says so; a column with evidence both ways is refused. Nothing here ever moves a fact into
a period that the column's own table already has.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict

from ..model import Fact, Finding, Period, QName, Severity


def _length(period: Period) -> tuple:
    if period.start is None:
        return ("instant",)
    return ((period.end - period.start).days // 28, period.start.month, period.start.day, period.end.month, period.end.day)


def reconcile_periods(facts: list[Fact], agreements: tuple[tuple[str, ...], ...],
                      resolve=QName.parse) -> tuple[list[Fact], list[Finding]]:
    family: dict[QName, frozenset[QName]] = {}
    for group in agreements:
        members = frozenset(resolve(c) for c in group)
        for member in members:
            family[member] = family.get(member, frozenset()) | members

    def same_measure(concept: QName) -> frozenset[QName]:
        return family.get(concept, frozenset({concept}))

    numeric = [f for f in facts if f.is_numeric]
    by_measure: dict[tuple, list[Fact]] = defaultdict(list)
    for fact in numeric:
        for concept in same_measure(fact.concept):
            by_measure[(concept, fact.dims)].append(fact)

    columns: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in numeric:
        columns[(fact.table_id, fact.period.key)].append(fact)
    table_periods: dict[str, set[str]] = defaultdict(set)
    for table_id, pkey in columns:
        table_periods[table_id].add(pkey)

    moves: dict[tuple[str, str], Period] = {}
    refused: dict[tuple[str, str], str] = {}
    findings: list[Finding] = []
    for (table_id, pkey), col_facts in sorted(columns.items(), key=lambda kv: kv[0]):
        confirm, against = 0, 0
        votes: dict[str, list[tuple[Fact, Fact]]] = defaultdict(list)
        for fact in col_facts:
            others = [o for o in by_measure[(fact.concept, fact.dims)] if o.table_id != table_id]
            here = [o for o in others if o.period.key == pkey]
            if any(o.value == fact.value for o in here):
                confirm += 1
                continue
            if here:
                against += 1
            for other in others:
                if other.period.key != pkey and other.value == fact.value and _length(other.period) == _length(fact.period):
                    votes[other.period.key].append((fact, other))
        if not votes:
            continue
        target_key, evidence = max(votes.items(), key=lambda kv: (len(kv[1]), kv[0]))
        target = evidence[0][1].period
        example, other = evidence[0]
        if confirm == 0 and len(votes) == 1 and target_key not in table_periods[table_id]:
            moves[(table_id, pkey)] = target
            findings.append(Finding(
                "period.corrected", Severity.WARNING,
                f"table {table_id}: the column headed {example.period.describe()} holds the amounts of "
                f"{target.describe()} ({len(evidence)} agreeing, e.g. {example.reading.raw} = {other.concept} in table "
                f"{other.table_id} line {other.reading.span.line}); its facts are tagged for {target.describe()}",
                example.reading.span, example.reading.raw, table_id))
        elif confirm and against == 0:
            continue
        else:
            reason = (f"the column headed {example.period.describe()} agrees with other tables for "
                      f"{target.describe()} ({len(evidence)} amounts) but {confirm} amount(s) confirm its header")
            refused[(table_id, pkey)] = reason

    out = []
    for fact in facts:
        key = (fact.table_id, fact.period.key) if fact.is_numeric else None
        if key in refused:
            findings.append(Finding("period.conflict", Severity.WARNING,
                                    f"{fact.reading.raw!r} ({fact.concept}) is not tagged: {refused[key]}",
                                    fact.reading.span, fact.reading.raw, fact.table_id))
            continue
        if key in moves:
            fact = dataclasses.replace(fact, period=moves[key],
                                       rule=fact.rule + " (period from agreeing tables)")
        out.append(fact)
    return out, findings
