"""checks: facts -> facts kept, footings and findings (footings, duplicates, missing statement lines).

Facts are keyed by their ``Fact.id`` (assigned once, when the mapping's output is assembled); the
verdicts are the facts' own fields (``Fact.footed``, ``Fact.sign_verdict``), set with
``dataclasses.replace`` on the facts returned."""
from __future__ import annotations

import datetime as dt

from ..model import Extraction, Fact, Finding, Footing, Mapping, QName, Severity
from ..rules import RuleSet
from .breakdowns import check_breakdowns
from .duplicates import check_duplicates
from .footings import check_footings
from .gates import run_gates
from .periods import reconcile_periods
from .signs import check_signs


def missing_lines(extraction: Extraction, facts: list[Fact], rules: RuleSet) -> list[Finding]:
    """A statement's required lines that are not tagged, per column: reported, never computed."""
    findings = []
    have = {(f.table_id, f.period.key, f.concept) for f in facts if not f.dims}
    for table in extraction.tables:
        for kind in rules.statements:
            if kind.kind != table.statement:
                continue
            for concept in kind.required:
                for column in table.columns:
                    if column.period is None:
                        continue
                    if (table.id, column.period.key, QName.parse(concept)) not in have:
                        findings.append(Finding(
                            "missing.value", Severity.WARNING,
                            f"table {table.id} ({table.statement}): {concept} for {column.period.describe()} is missing "
                            f"(its row is absent, unreadable or refused); it is not computed from other lines",
                            None, table_id=table.id,
                        ))
    return findings


def run_checks(extraction: Extraction, mapping: Mapping, rules: RuleSet,
               ext_prefix: str = "ext", report_date: dt.date | None = None) -> tuple[list[Fact], list[Footing], list[Finding]]:
    statement_of = {t.id: t.statement for t in extraction.tables}

    def resolve(name: str) -> QName:
        q = QName.parse(name)
        return QName(ext_prefix, q.local) if q.prefix == "ext" else q

    facts, period_findings = reconcile_periods(mapping.facts, rules.agreements, resolve)
    # the footing verdict is each fact's own (Fact.footed), read by the sign check
    facts, footings, findings = check_footings(facts, mapping.refusals, rules.calculations, statement_of, resolve,
                                               mapping.unmapped)
    sections = {(t.id, r.line): r.section for t in extraction.tables for r in t.rows}
    facts, sign_findings = check_signs(facts, sections)
    findings += sign_findings
    findings = period_findings + findings
    facts, gate_findings = run_gates(facts, rules.gates, report_date, resolve)  # before duplicates: every reading
    findings += gate_findings
    facts, breakdown_findings = check_breakdowns(facts)
    findings += breakdown_findings
    facts, dup_findings = check_duplicates(facts)
    findings += dup_findings
    findings += missing_lines(extraction, facts, rules)
    return facts, footings, findings
