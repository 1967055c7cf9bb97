"""Footings: each calculation of the rules checked per table and period before anything is rendered.

A footing passes when total and parts agree within rounding (Calculations 1.1 interval arithmetic:
each value v with decimals d stands for [v - 0.5*10^-d, v + 0.5*10^-d]).

When a footing fails:
- if it passes with exactly one part taken as zero, that part is proven wrong: it is refused, and so
  is every other cell of its row (a row with a cell proven wrong is not trusted for the others); the
  total and the other parts are verified by the corrected footing;
- otherwise its total and every part that no passing footing vouches for are refused; when verified
  parts alone prove the total wrong, only the total is refused.
A footing with a part that is present but unreadable cannot be checked, except that a ``nonnegative``
total below the sum of its known parts is proven wrong.

Each fact kept carries the footing verdict (``Fact.footed``): ``FOOTING`` when every footing it takes
part in balances (or balances once its culprit is refused), ``FIGURE`` when its printed figure is
vouched for under another concept (a figure tagged twice, an equity line and its component). Refusals
and verdicts are keyed by ``Fact.id``.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model import Fact, Finding, Footed, Footing, Period, QName, Refusal, Severity, require_ids
from ..rules import Calculation


def _at(fact: Fact) -> QName:
    """The concept, marked ``@start`` for an instant at the day before its column starts (a cash-flow
    column's opening balance), which calculations name as ``concept@start``."""
    column = fact.column
    if column is not None and column.start is not None and fact.period.is_instant and fact.period.end < column.start:
        return QName(fact.concept.prefix, fact.concept.local + "@start")
    return fact.concept


def _column(fact: Fact) -> Period:
    """The period of the column a fact was read from: a footing binds the facts of one column (a cash-flow
    column's opening and closing balances are instants at its start and end)."""
    return fact.column or fact.period


@dataclass
class _Check:
    n: int  # its place among the failing footings: what keys it
    footing: Footing
    total: Fact
    parts: list[tuple[Fact, int]]
    bound: bool  # failed by the non-negative bound, with unreadable parts
    tolerance: Decimal


def _implied(check: _Check, cell: Fact) -> Decimal | None:
    """The value ``cell`` would need for ``check``'s footing to balance."""
    if cell.id == check.total.id:
        return check.footing.computed
    for part, weight in check.parts:
        if part.id == cell.id:
            rest = check.footing.computed - weight * part.amount
            return (check.total.amount - rest) / weight
    return None


def _cells(check: _Check) -> list[Fact]:
    return [check.total] + [p for p, _w in check.parts]


def _row(fact: Fact) -> tuple[str, int, QName]:
    return (fact.table_id, fact.row_line, fact.concept)


def _turned_rows(turned: dict[tuple[str, int, QName], list[_Check]], as_printed: set[tuple[tuple[str, int, QName], str]],
                 footings: list[Footing], verified: set[str],
                 distrusted_rows: dict[tuple[str, int], str]) -> tuple[dict[tuple[str, int, QName], str], set[int]]:
    """A row's sign convention is the row's, for all its cells: when a footing balances only with one row's
    sign turned (pre-tax income + "Income taxes" = net income: the row prints a benefit as added) and no
    footing balances with that row as printed, every cell of the row is negated for the concept's
    convention, and those footings balance; when another footing balances with the row as printed, its
    convention is not established and no cell of it is tagged. Returns (row -> the footing that turned it;
    the ``n`` of the checks resolved)."""
    negated: dict[tuple[str, int, QName], str] = {}
    resolved: set[int] = set()
    for row, checks in turned.items():
        printed = sorted(rule for r, rule in as_printed if r == row)
        first = checks[0].footing
        if printed:
            distrusted_rows[(row[0], row[1])] = (
                f"the row's sign convention is not established: footing {first.rule} for {first.period.describe()} "
                f"balances only with its sign turned, footing {printed[0]} as printed")
            continue
        negated[row] = f"footing {first.rule} for {first.period.describe()}"
        for check in checks:
            resolved.add(check.n)
            verified.update(f.id for f in _cells(check))
            footing = check.footing
            parts = tuple((c, w, -v if (check.parts[i][0].row_line, check.parts[i][0].concept) == (row[1], row[2]) else v)
                          for i, (c, w, v) in enumerate(footing.parts))
            computed = sum((Decimal(w) * v for _c, w, v in parts), Decimal(0))
            footings[footings.index(footing)] = dataclasses.replace(
                footing, parts=parts, computed=computed, ok=True,
                rule=f"{footing.rule} (the row {_row_label(check, row)!r} printed with the opposite sign)")
    return negated, resolved


def _row_label(check: _Check, row: tuple[str, int, QName]) -> str:
    return next(f.row_label for f, _w in check.parts if _row(f) == row)


def _shared_culprits(failing: list[_Check], verified: set[str], refused: dict[str, str]) -> set[int]:
    """A cell that two or more failing footings share, no passing footing vouches for, and that all of
    them would balance with at one same value, is the culprit: it is refused and its footings are
    resolved (their other cells verified by the corrected sums). Returns the resolved checks' ``n``."""
    by_cell: dict[str, tuple[Fact, list[_Check]]] = {}
    for check in failing:
        if check.bound:
            continue
        for cell in _cells(check):
            by_cell.setdefault(cell.id, (cell, []))[1].append(check)
    resolved: set[int] = set()
    for cell_id, (cell, checks) in by_cell.items():
        if len(checks) < 2 or cell_id in verified or any(c.n in resolved for c in checks):
            continue
        maybe = [_implied(c, cell) for c in checks]
        implied = [v for v in maybe if v is not None]
        if len(implied) < len(maybe):
            continue
        tolerance = max(c.tolerance for c in checks)
        if max(implied) - min(implied) > 2 * tolerance:
            continue
        value = implied[0]
        refused[cell_id] = (f"footings {', '.join(c.footing.rule for c in checks)} for {cell.period.describe()} all "
                            f"balance only if {cell.row_label!r} is {value:f}, not {cell.reading.raw}: the printed "
                            f"figure is wrong")
        for check in checks:
            resolved.add(check.n)
            verified.update(f.id for f in _cells(check) if f.id != cell_id)
    return resolved


def check_footings(facts: list[Fact], refusals: list[Refusal], calculations: tuple[Calculation, ...],
                   statement_of: dict[str, str], resolve: Callable[[str], QName] = QName.parse,
                   unmapped: Sequence[tuple[str, int]] = ()) -> tuple[list[Fact], list[Footing], list[Finding]]:
    """(facts kept, each with its footing verdict ``Fact.footed``; footings checked; findings) for the
    calculations of each table's statement. Every fact needs an id of its own (``model.number_facts``).

    A failing footing with a row no rule maps among its parts' rows may be missing that row: unless a
    single culprit explains it, it is reported as not checkable and refuses nothing."""
    require_ids(facts)
    unmapped_lines: dict[str, list[int]] = {}
    for table_id, line in unmapped:
        unmapped_lines.setdefault(table_id, []).append(line)
    by_key: dict[tuple[str, str, QName], Fact] = {}
    for fact in facts:
        if not fact.dims and fact.is_numeric:
            by_key.setdefault((fact.table_id, _column(fact).key, _at(fact)), fact)
    unreadable = {(r.table_id, r.period.key if r.period else "", r.concept) for r in refusals}
    tables_periods = sorted({(f.table_id, _column(f).key, _column(f)) for f in facts if not f.dims and f.is_numeric},
                            key=lambda x: (x[0], x[1]))

    footings: list[Footing] = []
    failing: list[_Check] = []
    as_printed: set[tuple[tuple[str, int, QName], str]] = set()  # (row, footing): a footing balances with it as printed
    turned: dict[tuple[str, int, QName], list[_Check]] = {}  # row -> footings that balance only with its sign turned
    total_lines: dict[str, set[int]] = {}  # lines of the totals footed, per table
    verified: set[str] = set()  # ids of the facts a footing vouches for
    for table_id, pkey, period in tables_periods:
        statement = statement_of.get(table_id)
        for calc in calculations:
            if calc.statement != statement:
                continue
            total = by_key.get((table_id, pkey, resolve(calc.total)))
            if total is None:
                continue
            total_lines.setdefault(table_id, set()).add(total.row_line)
            parts: list[tuple[Fact, int]] = []
            missing: list[str] = []
            absent: list[str] = []
            for concept, weight in calc.parts:
                q = resolve(concept)
                if concept in calc.at_start:
                    q = QName(q.prefix, q.local + "@start")
                part = by_key.get((table_id, pkey, q))
                if part is not None:
                    parts.append((part, weight))
                elif (table_id, pkey, q) in unreadable:
                    missing.append(concept)
                elif concept not in calc.optional:
                    absent.append(concept)
            if not parts or absent:
                continue  # the table is not laid out as this calculation (a required line is not printed)
            computed = sum((Decimal(w) * f.amount for f, w in parts), Decimal(0))
            tolerance = total.half_unit + sum((f.half_unit for f, _w in parts), Decimal(0))
            part_list = tuple((f.concept.local, w, f.amount) for f, w in parts)
            if missing:
                if calc.nonnegative and all(w > 0 for _f, w in parts) and total.amount + tolerance < computed:
                    footing = Footing(table_id, period, total.row_label, total.amount, part_list, computed, False,
                                      f"{calc.id} (known parts exceed the total; unreadable: {', '.join(missing)})")
                    footings.append(footing)
                    failing.append(_Check(len(failing), footing, total, parts, True, tolerance))
                else:
                    footings.append(Footing(table_id, period, total.row_label, total.amount, part_list, computed, False,
                                            f"{calc.id} (not checkable: unreadable {', '.join(missing)})",
                                            checkable=False))
                continue
            ok = abs(computed - total.amount) <= tolerance
            footing = Footing(table_id, period, total.row_label, total.amount, part_list, computed, ok, calc.id)
            footings.append(footing)
            if ok:
                verified.add(total.id)
                verified.update(f.id for f, _w in parts)
                as_printed.update((_row(f), f"{calc.id} ({period.describe()})") for f, _w in parts
                                  if abs(f.amount) > tolerance)
            else:
                check = _Check(len(failing), footing, total, parts, False, tolerance)
                failing.append(check)
                # balances only with one part's sign turned: that row prints the part added where the
                # calculation subtracts it (or the other way round), in this column
                flips = [f for f, w in parts if abs(f.amount) > tolerance
                         and abs(computed - 2 * w * f.amount - total.amount) <= tolerance]
                if len(flips) == 1 and sum(abs(f.amount) > tolerance for f, _w in parts) >= 2:
                    turned.setdefault(_row(flips[0]), []).append(check)

    refused: dict[str, str] = {}  # fact id -> why
    distrusted_rows: dict[tuple[str, int], str] = {}
    negated, resolved = _turned_rows(turned, as_printed, footings, verified, distrusted_rows)
    resolved |= _shared_culprits([c for c in failing if c.n not in resolved], verified, refused)
    for check in failing:
        if check.n in resolved:
            continue
        footing, total = check.footing, check.total
        reason = (f"footing {footing.rule} fails for {footing.period.describe()}: {footing.total_label} is "
                  f"{footing.total:f}, its parts add up to {footing.computed:f}")
        others_failing = {f.id for c in failing if c.n != check.n and c.n not in resolved for f in _cells(c)}
        culprits = [] if check.bound else [
            (f, w) for f, w in check.parts
            if f.id not in verified and abs(footing.computed - w * f.amount - total.amount) <= check.tolerance
        ]
        if any(f.id in others_failing for f in _cells(check)):
            culprits = []  # a cell of this footing fails another one too: zeroing a neighbour explains nothing
        if len(culprits) == 1:
            culprit, _w = culprits[0]
            why = (f"footing {footing.rule} for {footing.period.describe()} balances only if "
                   f"{culprit.row_label!r} is zero, not {culprit.reading.raw}: the row is not trusted")
            refused[culprit.id] = why
            distrusted_rows[(culprit.table_id, culprit.row_line)] = why
            verified.add(total.id)
            verified.update(f.id for f, _w in check.parts if f.id != culprit.id)
            resolved.add(check.n)
            continue
        lines = [f.row_line for f, _w in check.parts] + [total.row_line]
        # the rows a footing spans start after the total above its first part ("Paid-in capital" unmapped
        # above the equity lines that are mapped is still one of the equity total's rows)
        above = max((ln for ln in total_lines.get(total.table_id, ()) if ln < min(lines)), default=0)
        gaps = [ln for ln in unmapped_lines.get(total.table_id, []) if above < ln < max(lines)]
        if gaps and not check.bound:
            footings[footings.index(footing)] = dataclasses.replace(
                footing, rule=f"{footing.rule} (not checkable: line {gaps[0]} among its rows matches no rule)",
                checkable=False)
            continue
        verified_sum = sum((f.amount for f, _w in check.parts if f.id in verified), Decimal(0))
        total_proven_wrong = check.bound and total.amount < verified_sum
        if total.id not in verified:
            refused[total.id] = reason
        if not total_proven_wrong:
            for part, _w in check.parts:
                if part.id not in verified:
                    refused[part.id] = reason
    # trusted: every footing the cell takes part in balances (or balances once its culprit is refused)
    implicated = {f.id for c in failing if c.n not in resolved for f in _cells(c)}
    trusted = verified - implicated
    kept: list[Fact] = []
    findings: list[Finding] = []
    for fact in facts:
        refusal = refused.get(fact.id) or distrusted_rows.get((fact.table_id, fact.row_line))
        if refusal:
            findings.append(Finding("footing.refused", Severity.WARNING,
                                    f"{fact.reading.raw!r} ({fact.concept}, {fact.period.describe()}) is not tagged: {refusal}",
                                    fact.reading.span, fact.reading.raw, fact.table_id))
        else:
            if fact.is_numeric and not fact.dims and _row(fact) in negated:
                rule = negated[_row(fact)]
                fact = dataclasses.replace(fact, value=-fact.amount, sign="negated")
                findings.append(Finding(
                    "sign.rowTurned", Severity.INFO,
                    f"{fact.reading.raw!r} ({fact.concept}, {fact.period.describe()}) is tagged as {fact.amount:f}: the "
                    f"row {fact.row_label!r} prints {fact.concept} with the opposite sign ({rule} balances only with "
                    f"the row's sign turned, and no footing balances with it as printed)",
                    fact.reading.span, fact.reading.raw, fact.table_id))
            kept.append(dataclasses.replace(fact, footed=Footed.FOOTING) if fact.id in trusted else fact)
    # a figure tagged twice (an equity line and its component) is vouched for when either fact of it is
    vouched = {f.reading.span for f in kept if f.footed}
    kept = [dataclasses.replace(f, footed=Footed.FIGURE) if not f.footed and f.reading.span in vouched else f
            for f in kept]
    for footing in footings:
        if not footing.ok and footing.checkable:
            findings.append(Finding("footing.mismatch", Severity.WARNING,
                                    f"table {footing.table_id}: {footing.rule}: {footing.total_label!r} = {footing.total:f} "
                                    f"but parts give {footing.computed:f} ({footing.period.describe()})",
                                    None, table_id=footing.table_id))
    return kept, footings, findings
