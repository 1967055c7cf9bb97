"""Footings: each calculation of the rules checked per table and period before anything is rendered.

A footing passes when total and parts agree within rounding (Calculations 1.1 interval arithmetic:
each value v with decimals d stands for [v - 0.5*10^-d, v + 0.5*10^-d]). A failing footing refuses
its total and every part that no passing footing vouches for; when verified parts alone prove the
total wrong, only the total is refused. A footing with a part that is present but unreadable cannot
be checked, except that a ``nonnegative`` total below the sum of its known parts is proven wrong.
"""
from __future__ import annotations

from decimal import Decimal

from ..mapping.apply import Refusal
from ..mapping.rules import Calculation
from ..model import Fact, Finding, Footing, QName


def _half_unit(fact: Fact) -> Decimal:
    return Decimal(5).scaleb(-fact.decimals - 1)


def check_footings(facts: list[Fact], refusals: list[Refusal], calculations: tuple[Calculation, ...],
                   statement_of: dict[str, str]) -> tuple[list[Fact], list[Footing], list[Finding]]:
    """(facts kept, footings checked, findings) for the calculations of each table's statement."""
    by_key: dict[tuple[str, str, QName], Fact] = {}
    for fact in facts:
        if not fact.dims:
            by_key.setdefault((fact.table_id, fact.period.key, fact.concept), fact)
    unreadable = {(r.table_id, r.period.key if r.period else "", r.concept) for r in refusals}
    tables_periods = sorted({(f.table_id, f.period.key, f.period) for f in facts if not f.dims}, key=lambda x: (x[0], x[1]))

    footings: list[Footing] = []
    failing: list[tuple[Footing, Fact, list[Fact], bool]] = []
    verified: set[int] = set()
    for table_id, pkey, period in tables_periods:
        statement = statement_of.get(table_id)
        for calc in calculations:
            if calc.statement != statement:
                continue
            total = by_key.get((table_id, pkey, QName.parse(calc.total)))
            if total is None:
                continue
            parts, missing = [], []
            for concept, weight in calc.parts:
                q = QName.parse(concept)
                fact = by_key.get((table_id, pkey, q))
                if fact is not None:
                    parts.append((fact, weight))
                elif (table_id, pkey, q) in unreadable:
                    missing.append(concept)
            if not parts:
                continue
            computed = sum((Decimal(w) * f.value for f, w in parts), Decimal(0))
            tolerance = _half_unit(total) + sum((_half_unit(f) for f, _w in parts), Decimal(0))
            part_list = tuple((f.concept.local, w, f.value) for f, w in parts)
            if missing:
                if calc.nonnegative and all(w > 0 for _f, w in parts) and total.value + tolerance < computed:
                    footing = Footing(table_id, period, total.row_label, total.value, part_list, computed, False,
                                      f"{calc.id} (known parts exceed the total; unreadable: {', '.join(missing)})")
                    footings.append(footing)
                    failing.append((footing, total, [f for f, _w in parts], True))
                else:
                    footings.append(Footing(table_id, period, total.row_label, total.value, part_list, computed, False,
                                            f"{calc.id} (not checkable: unreadable {', '.join(missing)})"))
                continue
            ok = abs(computed - total.value) <= tolerance
            footing = Footing(table_id, period, total.row_label, total.value, part_list, computed, ok, calc.id)
            footings.append(footing)
            if ok:
                verified.add(id(total))
                verified.update(id(f) for f, _w in parts)
            else:
                failing.append((footing, total, [f for f, _w in parts], False))

    refused: dict[int, str] = {}
    for footing, total, parts, bound in failing:
        reason = (f"footing {footing.rule} fails for {footing.period.describe()}: {footing.total_label} is "
                  f"{footing.total:f}, its parts add up to {footing.computed:f}")
        verified_sum = sum((f.value for f in parts if id(f) in verified), Decimal(0))
        total_proven_wrong = bound and total.value < verified_sum
        if id(total) not in verified:
            refused[id(total)] = reason
        if not total_proven_wrong:
            for part in parts:
                if id(part) not in verified:
                    refused[id(part)] = reason
    kept, findings = [], []
    for fact in facts:
        if id(fact) in refused:
            findings.append(Finding("footing.refused", "warning",
                                    f"{fact.reading.raw!r} ({fact.concept}) is not tagged: {refused[id(fact)]}",
                                    fact.reading.span, fact.reading.raw, fact.table_id))
        else:
            kept.append(fact)
    for footing in footings:
        if not footing.ok and "not checkable" not in footing.rule:
            findings.append(Finding("footing.mismatch", "warning",
                                    f"table {footing.table_id}: {footing.rule}: {footing.total_label!r} = {footing.total:f} "
                                    f"but parts give {footing.computed:f} ({footing.period.describe()})",
                                    None, table_id=footing.table_id))
    return kept, footings, findings
