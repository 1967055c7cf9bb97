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
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal

from ..model import Fact, Finding, Period, QName, Severity

Measure = tuple[QName, tuple[tuple[QName, QName], ...]]  # a concept with its dimensions


def _length(period: Period) -> tuple[str | int, ...]:
    if period.start is None:
        return ("instant",)
    return ((period.end - period.start).days // 28, period.start.month, period.start.day, period.end.month, period.end.day)


def _elsewhere(per_table: Counter[str] | None, table_id: str) -> bool:
    """Some of the counted facts are in another table than ``table_id``."""
    return per_table is not None and sum(per_table.values()) > per_table.get(table_id, 0)


class _Others:
    """The facts of one measure, value and period: how many outside a table, and the first of them."""

    __slots__ = ("length", "total", "per_table", "firsts")

    def __init__(self, period: Period):
        self.length = _length(period)
        self.total = 0
        self.per_table: Counter[str] = Counter()
        self.firsts: list[Fact] = []  # the first fact of each of the first two tables, in order

    def add(self, fact: Fact) -> None:
        self.total += 1
        self.per_table[fact.table_id] += 1
        if len(self.firsts) < 2 and all(f.table_id != fact.table_id for f in self.firsts):
            self.firsts.append(fact)

    def count_outside(self, table_id: str) -> int:
        return self.total - self.per_table.get(table_id, 0)

    def first_outside(self, table_id: str) -> Fact:
        return next(f for f in self.firsts if f.table_id != table_id)


def reconcile_periods(facts: list[Fact], agreements: tuple[tuple[str, ...], ...],
                      resolve: Callable[[str], QName] = QName.parse) -> tuple[list[Fact], list[Finding]]:
    family: dict[QName, frozenset[QName]] = {}
    for group in agreements:
        members = frozenset(resolve(c) for c in group)
        for member in members:
            family[member] = family.get(member, frozenset()) | members

    def same_measure(concept: QName) -> frozenset[QName]:
        return family.get(concept, frozenset({concept}))

    # each numeric fact with its period's key (Period.key formats a string: once per fact)
    numeric = [(f, f.period.key) for f in facts if f.is_numeric]
    # Indexes of the facts of each measure (each concept of a fact's family, with its dimensions), so that
    # each column's facts are compared in time linear in the facts, never each with every other.
    tables_at: dict[tuple[Measure, str], Counter[str]] = defaultdict(Counter)  # (measure, period key) -> facts per table
    values_at: dict[tuple[Measure, str, Decimal], Counter[str]] = defaultdict(Counter)  # (measure, period key, value) -> facts per table
    same_value: dict[tuple[Measure, Decimal], dict[str, _Others]] = defaultdict(dict)  # (measure, value) -> period key -> facts
    for fact, pkey in numeric:
        for concept in same_measure(fact.concept):
            measure: Measure = (concept, fact.dims)
            tables_at[(measure, pkey)][fact.table_id] += 1
            values_at[(measure, pkey, fact.amount)][fact.table_id] += 1
            by_period = same_value[(measure, fact.amount)]
            if pkey not in by_period:
                by_period[pkey] = _Others(fact.period)
            by_period[pkey].add(fact)

    columns: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact, pkey in numeric:
        columns[(fact.table_id, pkey)].append(fact)
    table_periods: dict[str, set[str]] = defaultdict(set)
    for table_id, pkey in columns:
        table_periods[table_id].add(pkey)

    moves: dict[tuple[str, str], Period] = {}
    refused: dict[tuple[str, str], str] = {}
    findings: list[Finding] = []
    for (table_id, pkey), col_facts in sorted(columns.items(), key=lambda kv: kv[0]):
        confirm, against = 0, 0
        votes: dict[str, int] = defaultdict(int)
        first: dict[str, tuple[Fact, Fact]] = {}
        for fact in col_facts:
            measure = (fact.concept, fact.dims)
            if _elsewhere(values_at.get((measure, pkey, fact.amount)), table_id):
                confirm += 1
                continue
            if _elsewhere(tables_at.get((measure, pkey)), table_id):
                against += 1
            length = _length(fact.period)
            for other_key, others in same_value.get((measure, fact.amount), {}).items():
                if other_key == pkey or others.length != length:
                    continue
                count = others.count_outside(table_id)
                if count:
                    votes[other_key] += count
                    first.setdefault(other_key, (fact, others.first_outside(table_id)))
        if not votes:
            continue
        target_key = max(votes, key=lambda k: (votes[k], k))
        example, other = first[target_key]
        target = other.period
        agreeing = votes[target_key]
        if confirm == 0 and len(votes) == 1 and target_key not in table_periods[table_id]:
            moves[(table_id, pkey)] = target
            findings.append(Finding(
                "period.corrected", Severity.WARNING,
                f"table {table_id}: the column headed {example.period.describe()} holds the amounts of "
                f"{target.describe()} ({agreeing} agreeing, e.g. {example.reading.raw} = {other.concept} in table "
                f"{other.table_id} line {other.reading.span.line}); its facts are tagged for {target.describe()}",
                example.reading.span, example.reading.raw, table_id))
        elif confirm and against == 0:
            continue
        else:
            reason = (f"the column headed {example.period.describe()} agrees with other tables for "
                      f"{target.describe()} ({agreeing} amounts) but {confirm} amount(s) confirm its header")
            refused[(table_id, pkey)] = reason

    out: list[Fact] = []
    keyed = iter(numeric)  # the numeric facts come in the same order, each with its key
    for fact in facts:
        if not fact.is_numeric:
            out.append(fact)
            continue
        _same, pkey = next(keyed)
        key = (fact.table_id, pkey)
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
