"""Gates: cross-checks that prove a reading, run on the mapped facts before anything is rendered.

Each gate refuses the cells it implicates, with the reason in the report:

- **report date**: no fact's period ends after the release's date, except guidance (forecasts);
- **period shape**: a duration of about a quarter is 3 calendar months or 13/14 weeks, one of about a
  year is 12 months or 52/53 weeks; anything else is a misread header;
- **per share** (``[[gate]] kind = "per-share"``): earnings per share x the weighted-average share count
  = the net income it is computed from, within the rounding of the printed figures (5% slack for the
  two-class method and preferred dividends); off by a power of ten, the share count's scale is misread
  and the share counts are refused; otherwise the EPS and the share counts are refused;
- **cumulative** (``kind = "cumulative"``): a longer period's value of a cumulative flow is not below a
  shorter period it contains (a year to date below its quarter: the two columns are swapped or misread,
  and both are refused);
- **equal** (``kind = "equal"``): the listed concepts have one value per period (assets = liabilities
  and equity); when they disagree, all of them are refused;
- **scale agreement**: the same concept and period printed in two places (two tables, a table and a
  sentence) a power of ten apart means one scale is misread and nothing says which: every fact of that
  unit in each table involved is refused (a sentence's figure alone).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from ..model import Fact, Finding, Period, QName, Severity, require_ids
from ..rules import Gate

Resolve = Callable[[str], QName]  # a concept name in the rules -> its QName
Refuse = Callable[[Fact, str, str], None]  # (fact, finding code, reason)
Pick = Callable[[str, str, str], Fact | None]  # (concept, period key, table id) -> the fact, that table's first
Plain = dict[tuple[QName, str], list[Fact]]  # (concept, period key) -> its facts without dimensions
Columns = dict[tuple[str, str], list[Fact]]  # (table id, period key) -> the column's facts

QUARTER_DAYS = (89, 90, 91, 92, 98)  # three calendar months, 13 or 14 weeks
YEAR_DAYS = (364, 365, 366, 371)  # 52 weeks, a calendar year, 53 weeks
SLACK = Decimal("0.05")


def _forecast(fact: Fact) -> bool:
    return fact.table_id == "guidance" or any(m.local in ("ForecastMember",) for _a, m in fact.dims)


def _days(fact: Fact) -> int | None:
    p = fact.period
    return None if p.start is None else (p.end - p.start).days + 1


def run_gates(facts: list[Fact], gates: tuple[Gate, ...], report_date: dt.date | None,
              resolve: Resolve = QName.parse) -> tuple[list[Fact], list[Finding]]:
    require_ids(facts)
    refused: dict[str, tuple[str, str]] = {}  # fact id -> (code, reason)

    def refuse(fact: Fact, code: str, reason: str) -> None:
        refused.setdefault(fact.id, (code, reason))

    numeric = [f for f in facts if f.is_numeric]
    for fact in facts:
        if report_date is not None and fact.period.end > report_date and not _forecast(fact):
            refuse(fact, "gate.afterReportDate",
                   f"its period ends {fact.period.end}, after the release's date {report_date}: the header is misread")
    for fact in numeric:
        days = _days(fact)
        if days is None:
            continue
        if (80 <= days <= 100 and days not in QUARTER_DAYS) or (340 <= days <= 380 and days not in YEAR_DAYS):
            refuse(fact, "gate.periodShape",
                   f"{fact.period.describe()} is {days} days: neither calendar months nor whole 13/52/53-week periods")

    plain: Plain = defaultdict(list)
    columns: Columns = defaultdict(list)
    for fact in numeric:
        columns[(fact.table_id, fact.period.key)].append(fact)
        if not fact.dims:
            plain[(fact.concept, fact.period.key)].append(fact)

    def pick(concept: str, key: str, table_id: str) -> Fact | None:
        found = plain.get((resolve(concept), key), [])
        return next((f for f in found if f.table_id == table_id), found[0] if found else None)

    _scale_agreement(plain, columns, refuse)
    for gate in gates:
        if gate.kind == "per-share":
            _per_share(gate, numeric, pick, resolve, refuse, columns)
        elif gate.kind == "cumulative":
            _cumulative(gate, numeric, resolve, refuse, columns)
        elif gate.kind == "equal":
            _equal(gate, plain, resolve, refuse)

    kept: list[Fact] = []
    findings: list[Finding] = []
    for fact in facts:
        if fact.id in refused:
            code, reason = refused[fact.id]
            findings.append(Finding(code, Severity.WARNING,
                                    f"{fact.reading.raw!r} ({fact.concept}, {fact.period.describe()}) is not tagged: {reason}",
                                    fact.reading.span, fact.reading.raw, fact.table_id))
        else:
            kept.append(fact)
    return kept, findings


def _per_share(gate: Gate, numeric: list[Fact], pick: Pick, resolve: Resolve, refuse: Refuse, columns: Columns) -> None:
    eps_concept = resolve(gate.per_share)
    for eps in numeric:
        if eps.concept != eps_concept or eps.dims:
            continue
        shares = pick(gate.shares, eps.period.key, eps.table_id)
        income = next((f for f in (pick(c, eps.period.key, eps.table_id) for c in gate.income) if f is not None), None)
        if shares is None or income is None or income.amount == 0 or shares.amount <= 0:
            continue
        product = eps.amount * shares.amount
        tolerance = eps.half_unit * shares.amount + abs(eps.amount) * shares.half_unit + income.half_unit
        diff = abs(product - income.amount)
        if diff <= tolerance or diff <= SLACK * abs(income.amount):
            continue
        text = (f"gate {gate.id}: {eps.reading.raw} per share x {shares.reading.raw} shares ({shares.amount:f}) = "
                f"{product:f}, but {income.concept.local} is {income.amount:f}")
        power = _power_of_ten(income.amount, product)
        if power:
            reason = f"{text}: off by 10^{power}, the share count's scale is misread"
            for fact in columns[(shares.table_id, shares.period.key)]:
                if fact.unit == "shares":
                    refuse(fact, "gate.perShare", reason)
        else:
            reason = f"{text}: the per-share amount or the share count is misread"
            refuse(eps, "gate.perShare", reason)
            refuse(shares, "gate.perShare", reason)


def _power_of_ten(a: Decimal, b: Decimal) -> int:
    if a == 0 or b == 0 or (a > 0) != (b > 0):
        return 0
    ratio = abs(a / b)
    for k in range(-9, 10):
        if k and abs(ratio / Decimal(10) ** k - 1) < SLACK:
            return k
    return 0


def _contains(longer: Period, shorter: Period) -> bool:
    """``longer`` is a duration other than ``shorter`` that holds it whole."""
    if longer == shorter or longer.start is None or shorter.start is None:
        return False
    return longer.start <= shorter.start and shorter.end <= longer.end


def _cumulative(gate: Gate, numeric: list[Fact], resolve: Resolve, refuse: Refuse, columns: Columns) -> None:
    concepts = {resolve(c) for c in gate.concepts}
    groups: dict[tuple[QName, tuple[tuple[QName, QName], ...]], list[Fact]] = defaultdict(list)
    for fact in numeric:
        if fact.concept in concepts and fact.period.start is not None and fact.amount >= 0:
            groups[(fact.concept, fact.dims)].append(fact)
    bad: dict[tuple[str, str, str, str], tuple[Fact, Fact]] = {}
    for group in groups.values():
        for longer in group:
            for shorter in group:
                lp, sp = longer.period, shorter.period
                if not _contains(lp, sp):
                    continue
                if longer.amount + longer.half_unit + shorter.half_unit < shorter.amount:
                    bad.setdefault((longer.table_id, lp.key, shorter.table_id, sp.key), (longer, shorter))
    for (lt, lk, st, sk), (longer, shorter) in sorted(bad.items(), key=lambda kv: kv[0]):
        reason = (f"gate {gate.id}: {longer.concept.local} for {longer.period.describe()} ({longer.reading.raw}) is below "
                  f"the {shorter.period.describe()} it contains ({shorter.reading.raw}): the columns' periods are misread")
        for fact in columns[(lt, lk)] + columns[(st, sk)]:
            refuse(fact, "gate.cumulative", reason)


def _scale_agreement(plain: Plain, columns: Columns, refuse: Refuse) -> None:
    by_table_unit: dict[tuple[str, str | None], list[Fact]] = defaultdict(list)
    for facts in columns.values():
        for fact in facts:
            by_table_unit[(fact.table_id, fact.unit)].append(fact)
    for (_concept, _key), found in sorted(plain.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        values: dict[tuple[str | None, Decimal], list[Fact]] = defaultdict(list)  # few distinct values per group
        for fact in found:
            values[(fact.unit, fact.amount)].append(fact)
        distinct = sorted(values, key=lambda uv: (str(uv[0]), uv[1]))
        for i, (unit_a, value_a) in enumerate(distinct):
            for unit_b, value_b in distinct[i + 1:]:
                power = _power_of_ten(value_a, value_b) if unit_a == unit_b else 0
                if not power:
                    continue
                a, b = values[(unit_a, value_a)][0], values[(unit_b, value_b)][0]
                reason = (f"{a.concept.local} for {a.period.describe()} is {a.reading.raw} in table {a.table_id} and "
                          f"{b.reading.raw} in {b.table_id}, 10^{abs(power)} apart: a scale is misread")
                for side in values[(unit_a, value_a)] + values[(unit_b, value_b)]:
                    if side.table_id in ("prose", "guidance"):
                        refuse(side, "gate.scale", reason)
                    else:
                        for fact in by_table_unit[(side.table_id, side.unit)]:
                            refuse(fact, "gate.scale", reason)


def _equal(gate: Gate, plain: Plain, resolve: Resolve, refuse: Refuse) -> None:
    concepts = [resolve(c) for c in gate.concepts]
    keys = {k for (c, k) in plain if c in concepts}
    for key in sorted(keys):
        found = [f for c in concepts for f in plain.get((c, key), [])]
        if len({f.concept for f in found}) < 2:
            continue
        base = found[0]
        if all(abs(f.amount - base.amount) <= f.half_unit + base.half_unit for f in found):
            continue
        reason = (f"gate {gate.id}: " + ", ".join(f"{f.concept.local} {f.reading.raw}" for f in found)
                  + f" for {base.period.describe()} must be equal")
        for fact in found:
            refuse(fact, "gate.equal", reason)
