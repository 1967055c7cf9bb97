"""mapping: table rows -> facts, by the rules in ``taxonomy/``, each checked against the loaded taxonomy.

A rule whose concept the taxonomy does not have, or whose concept is abstract, of the wrong period
type or of an item type that does not fit the row's unit, maps nothing and is reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Extraction, Fact, Finding, Period, QName, Reading, Row, Table
from ..taxonomy.index import ConceptIndex
from .rules import PERIOD_OF_STATEMENT, MappingRule, RuleSet

UNIT_OF_KIND = {"monetary": "USD", "perShare": "USDPerShare", "shares": "shares", "pure": "pure",
                "percent": "pure", "count": "pure"}


@dataclass(frozen=True)
class Refusal:
    """A cell a rule would have mapped but that is not tagged (for footings: 'present but unreadable')."""

    concept: QName
    period: Period | None
    table_id: str
    reading: Reading
    reason: str


@dataclass
class Mapping:
    facts: list[Fact] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def rule_problem(rule: MappingRule, index: ConceptIndex) -> str | None:
    """Why the loaded taxonomy does not allow this rule, or None."""
    concept = index.get(rule.concept)
    if concept is None:
        if rule.concept.partition(":")[0] in index.chosen:
            return f"{rule.concept} is not in the loaded taxonomy (us-gaap {index.year})"
        return None  # an extension concept: checked against its definition elsewhere
    if concept.abstract:
        return f"{rule.concept} is abstract"
    want = rule.period or PERIOD_OF_STATEMENT.get(rule.statement)
    if want and concept.period_type != want:
        return f"{rule.concept} has period type {concept.period_type}, the row needs {want}"
    if not concept.fits_unit_kind(rule.unit):
        return f"{rule.concept} is a {concept.type}, which does not fit a {rule.unit} row"
    return None


def choose_rule(row: Row, rules: list[MappingRule]) -> tuple[MappingRule | None, str, str | None]:
    """(rule, how it matched, problem) for a row; several rules for different concepts is a problem."""
    exact, squashed = [], []
    for rule in rules:
        how = rule.match(row.label, row.section)
        if how == "label":
            exact.append(rule)
        elif how == "squashed":
            squashed.append(rule)
    candidates = exact or squashed
    if not candidates:
        return None, "", None
    concepts = {(r.concept, r.dims) for r in candidates}
    if len(concepts) > 1:
        ids = ", ".join(r.id for r in candidates)
        return None, "", f"label {row.label!r} matches rules for different concepts ({ids})"
    return candidates[0], ("label" if exact else "label without spaces"), None


def map_extraction(extraction: Extraction, rules: RuleSet, index: ConceptIndex) -> Mapping:
    out = Mapping()
    bad_rules: dict[str, str | None] = {}
    for table in extraction.tables:
        statement_rules = rules.rules_for(table.statement)
        if not statement_rules:
            count = sum(1 for r in table.rows for c in r.cells if c is not None and c.readable)
            if count:
                out.findings.append(Finding(
                    "mapping.tableNotMapped", "info",
                    f"table {table.id} ({table.title[:60]!r}, lines {table.first_line}-{table.last_line}) is not a "
                    f"statement the mapping rules cover ({table.statement}); its {count} numbers are not tagged",
                    None, table_id=table.id,
                ))
            continue
        for row in table.rows:
            _map_row(table, row, statement_rules, index, bad_rules, out)
    return out


def _map_row(table: Table, row: Row, rules: list[MappingRule], index: ConceptIndex,
             bad_rules: dict[str, str | None], out: Mapping) -> None:
    readable = [c for c in row.cells if c is not None and c.readable]
    rule, how, problem = choose_rule(row, rules) if row.label else (None, "", None)
    first_span = next((c.span for c in row.cells if c is not None), None)
    if problem:
        out.findings.append(Finding("mapping.ambiguous", "warning", f"row not tagged: {problem}", first_span,
                                    table_id=table.id))
        return
    if rule is None:
        if readable and row.problem is None:
            out.findings.append(Finding(
                "mapping.noRule", "info",
                f"row {row.raw_label or '(no label)'!r} of the {table.statement} statement matches no mapping rule; "
                f"{len(readable)} numbers not tagged",
                first_span, " ".join(c.raw for c in readable), table.id,
            ))
        return
    if rule.id not in bad_rules:
        bad_rules[rule.id] = rule_problem(rule, index)
        if bad_rules[rule.id]:
            out.findings.append(Finding("mapping.badRule", "error", f"rule {rule.ref} maps nothing: {bad_rules[rule.id]}",
                                        None, table_id=table.id))
    if bad_rules[rule.id]:
        return
    concept = QName.parse(rule.concept)
    dims = tuple((QName.parse(a), QName.parse(m)) for a, m in rule.dims)
    for column, reading in zip(table.columns, row.cells):
        if reading is None:
            continue
        reason = reading.problem or row.problem
        if reason is None and column.period is None:
            reason = f"the column's period is unknown ({column.problem})"
        scale = {"monetary": table.scale_monetary, "shares": table.scale_shares}.get(rule.unit, 0)
        if reason is None and rule.unit in ("monetary", "shares") and scale >= 3 and reading.decimals_printed > 0:
            reason = f"a fraction ({reading.raw}) in a row of whole {'thousands' if scale == 3 else 'millions'}"
        if reason is None and rule.unit == "perShare" and reading.decimals_printed == 0 and not reading.dash:
            reason = f"a whole number ({reading.raw}) in a per-share row"
        if reason is not None:
            out.refusals.append(Refusal(concept, column.period, table.id, reading, reason))
            continue
        value = reading.value if rule.sign == "as-printed" else -reading.value  # type: ignore[operator]
        value = value.scaleb(scale) if scale else value
        decimals = reading.decimals_printed - scale
        if reading.dash:
            decimals = -scale if rule.unit in ("monetary", "shares") else 0
        out.facts.append(Fact(
            concept=concept, period=column.period, unit=UNIT_OF_KIND[rule.unit], value=Decimal(value),
            decimals=decimals, scale=scale, reading=reading,
            rule=f"{rule.ref}" + ("" if how == "label" else f" ({how})"),
            table_id=table.id, row_label=row.raw_label, dims=dims,
        ))
