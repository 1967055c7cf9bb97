"""The review report: every fact with its provenance, every number not tagged with its reason,
every footing checked, and the validation's outcome. ``report.json`` for tools, ``report.html`` for people.

Built from the pipeline's models (never reconstructed from the output), deterministic for a given input:
``build_report`` gives the typed ``model.Report``, whose ``as_dict()`` is report.json's object.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import cast

from ..model import (
    AttentionGroup,
    DocumentLayout,
    Filing,
    Report,
    ReportColumn,
    ReportEntry,
    ReportFact,
    ReportFooting,
    ReportSource,
    ReportSummary,
    ReportTable,
    Span,
    ValidationSummary,
)
from ..templating import environment

HIDDEN_GROUP = "cover:hidden"
CANDIDATE = re.compile(r"^candidate \S+ \(confidence (?P<score>[0-9.]+)")  # how mapping/apply.py records a candidate


def confidence(fact) -> str:
    """How sure the mapping is, for the report's filter: ``confirmed by prior filing`` and the other
    words of ``evidence.votes`` when the company's earlier filings were given, ``rule`` (a rule in taxonomy/ mapped it),
    ``candidate`` (the taxonomy's best candidate, above the threshold), ``given`` (not printed: from the
    company profile, the options or a default, in ix:hidden)."""
    if fact.confidence:  # what the company's prior filing says (evidence/votes.py)
        return fact.confidence
    if fact.table_id == HIDDEN_GROUP:
        return "given"
    return "candidate" if CANDIDATE.match(fact.rule) else "rule"


def _statement(table_id: str, statements: dict[str, str]) -> str:
    return statements.get(table_id) or ("cover" if table_id.startswith("cover") else table_id)


def _source_lines(filing: Filing) -> dict[int, str]:
    """Source line -> the text of the document line that holds it (for HTML and PDF the document's
    lines are not the file's lines: a span's line is where its element starts in the file)."""
    out: dict[int, str] = {}
    for line in filing.document.lines:
        text = None  # the line's text, tidied once (not once per cell: a row may hold 100,000 cells)
        for cell in line.cells:
            if cell.span.line not in out:
                if text is None:
                    text = re.sub(r"\s+", " ", line.text).strip()
                out[cell.span.line] = text
    return out


def build_report(filing: Filing, validation: ValidationSummary | None, document_name: str, layout: DocumentLayout,
                 viewer: str | None = None) -> Report:
    """The report of ``filing`` as drawn in ``document_name`` (``layout``: render's element ids and anchors, as
    ``Rendered.layout`` carries them; the report links to the document's elements, never draws it again);
    ``validation``: what the validation said (None: not validated); ``viewer``: the viewer's file name, if written."""
    fact_ids, anchors = layout.elements, layout.anchors
    statements = {t.id: t.statement for t in filing.tables}
    source_text = _source_lines(filing)

    def source(span: Span) -> ReportSource:
        return ReportSource(span.file, span.line, span.col_start + 1, source_text.get(span.line, ""), span.path)

    facts = tuple(ReportFact(
        id=fact_ids[fact.id], concept=str(fact.concept), period=fact.period,
        dimensions=tuple((str(a), str(m)) for a, m in fact.dims), unit=fact.unit, value=fact.value,
        decimals=fact.decimals, printed=fact.reading.raw, source=source(fact.reading.span), row=fact.row_label,
        table=fact.table_id, statement=_statement(fact.table_id, statements), rule=fact.rule,
        confidence=confidence(fact), evidence=fact.evidence, member_evidence=fact.member_evidence,
    ) for fact in sorted(filing.facts, key=lambda f: fact_ids[f.id].zfill(8)))
    not_tagged = tuple(ReportEntry(
        code=finding.code, severity=finding.severity, message=finding.message, printed=finding.raw,
        table=finding.table_id,
        source=source(finding.span) if finding.span is not None else None,
        anchor=(anchors.find(finding.span.line, finding.span.col_start, finding.raw)
                if finding.span is not None and finding.span.line else ""),
    ) for finding in filing.findings)
    row_lines = {(t.id, label): row.line for t in filing.tables for row in reversed(t.rows)
                 for label in (row.label, row.raw_label)}  # a footing names its total by the row's printed label
    footings = tuple(ReportFooting(
        table=f.table_id, rule=f.rule, line=row_lines.get((f.table_id, f.total_label)), period=f.period,
        total=f.total_label, total_value=f.total, parts=f.parts, computed=f.computed,
        result="pass" if f.ok else ("fail" if f.checkable else "not checkable"),
    ) for f in filing.footings)
    tables = tuple(ReportTable(
        id=t.id, statement=t.statement, title=t.title, lines=(t.first_line, t.last_line),
        scale_monetary=t.scale_monetary, scale_shares=t.scale_shares,
        columns=tuple(ReportColumn(c.period, c.header, c.problem) for c in t.columns),
        # how an untitled table's statement was recognised, and a scale not printed: proven (its evidence) or
        # unknown (the kinds of amount not tagged), only for the tables that have them
        statement_evidence=t.statement_evidence, scale_evidence=t.scale_evidence, scale_unknown=t.scale_unknown,
    ) for t in filing.tables)
    summary = ReportSummary(facts=len(facts), contexts=len(layout.contexts), units=len(layout.units),
                            not_tagged=len(not_tagged), footings=len(footings),
                            footings_failed=sum(1 for f in footings if f.result == "fail"))
    return Report(release=filing.document.path, document=document_name, company=filing.company,
                  report_date=filing.report_date, summary=summary, tables=tables, facts=facts,
                  not_tagged=not_tagged, attention=attention_groups(not_tagged), footings=footings,
                  validation=validation, prior=filing.prior, viewer=viewer)


PHASES = (("error", "error"), ("guess", "assumed"), ("refused", "not tagged"), ("missing", "missing value"))


def _phase(entry: ReportEntry) -> str | None:
    if entry.severity == "error":
        return "error"
    if entry.severity != "warning":
        return None  # notes: listed apart
    if entry.code.startswith("guess."):
        return "guess"
    return "missing" if entry.code.startswith("missing.") else "refused"


def attention_groups(not_tagged: tuple[ReportEntry, ...]) -> tuple[AttentionGroup, ...]:
    """The "needs attention" list grouped by reason (the finding's code), in the order errors, assumed
    values, numbers not tagged, missing values, each group with its count and its entries' 1-based
    positions in ``not_tagged``; groups of a phase by count (largest first), then code."""
    groups: dict[tuple[str, str], list[int]] = {}
    for n, entry in enumerate(not_tagged, 1):
        phase = _phase(entry)
        if phase is not None:
            groups.setdefault((phase, entry.code), []).append(n)
    order = {phase: k for k, (phase, _label) in enumerate(PHASES)}
    labels = dict(PHASES)
    ranked = sorted(groups.items(), key=lambda item: (order[item[0][0]], -len(item[1]), item[0][1]))
    return tuple(AttentionGroup(phase, labels[phase], code, tuple(items)) for (phase, code), items in ranked)


def render_report(report: Report) -> tuple[bytes, bytes]:
    """(report.json, report.html) bytes. The page's template reads report.json's object (``Report.as_dict``)."""
    data = report.as_dict()
    as_json = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n"
    # each table's facts and problems grouped once here (a filter per table in the template was
    # tables x facts: quadratic in a long release)
    facts_by_table: dict = {}
    for fact in cast("list[dict]", data["facts"]):
        facts_by_table.setdefault(fact["table"], []).append(fact)
    problems_by_table: dict = {}
    for entry in report.not_tagged:
        if entry.severity != "info":
            problems_by_table[entry.table] = problems_by_table.get(entry.table, 0) + 1
    html = environment().get_template("report.html.j2").render(r=data, facts_by_table=facts_by_table,
                                                                problems_by_table=problems_by_table)
    return as_json, html.encode("utf-8")


def write_report(folder: Path, report: Report) -> dict[str, bytes]:
    as_json, html = render_report(report)
    return {"report.json": as_json, "report.html": html}
