"""The pipeline, data flowing one way: ingest -> extract -> mapping -> checks -> render -> validate -> export.

``build_filing`` does everything that needs no output folder; ``convert`` writes the files (only
once every earlier stage has succeeded, so bad input leaves no partial output), validates them
with Arelle and writes the review report.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .checks import run_checks
from .company import load_company, profile_beside
from .extract import extract
from .extract.cover import find_report_date
from .ingest import read_document
from .mapping.apply import map_extraction
from .mapping.rules import RuleSet, load_rules
from .model import Filing
from .render import Rendered, render_filing
from .taxonomy.index import ConceptIndex, load_index


class ConversionError(Exception):
    """The release cannot be converted; the message says why and what to do."""


@dataclass
class Conversion:
    filing: Filing
    rendered: Rendered
    index: ConceptIndex
    written: list[Path] = field(default_factory=list)
    validation: object | None = None  # validate.ValidationReport when validation ran


def build_filing(release: Path, *, taxonomy: Path, profile: Path | None = None,
                 overrides: dict[str, str | None] | None = None, rules: RuleSet | None = None,
                 report_date: dt.date | None = None) -> tuple[Filing, ConceptIndex]:
    document = read_document(release)
    report_date = report_date or find_report_date(document)
    if report_date is None:
        raise ConversionError(f"{release}: no report date found (no 'Date of Report' line nor dated dateline); give --report-date YYYY-MM-DD")
    rules = rules or load_rules()
    index = load_index(taxonomy)
    index.choose_versions(report_date)
    extraction = extract(document, rules.statements)
    statements = [t for t in extraction.tables if t.statement != "other"]
    if not statements:
        raise ConversionError(
            f"{release}: found no financial statement table ({len(extraction.tables)} tables, none titled as a statement "
            f"the rules know); nothing to tag"
        )
    mapping = map_extraction(extraction, rules, index)
    facts, footings, findings = run_checks(extraction, mapping, rules)
    company = load_company(profile if profile is not None else profile_beside(release), overrides or {}, report_date)
    refusal_findings = tuple(_refusal_findings(mapping, extraction))
    filing = Filing(
        company=company, document=document, tables=extraction.tables, facts=tuple(facts),
        findings=tuple(extraction.findings) + tuple(mapping.findings) + refusal_findings + tuple(findings),
        footings=tuple(footings), report_date=report_date,
    )
    return filing, index


def _refusal_findings(mapping, extraction):
    """Cells a rule matched but that were refused for a reason extract did not already report."""
    reported = {(f.span.line, f.span.col_start) for f in extraction.findings if f.span is not None}
    for refusal in mapping.refusals:
        span = refusal.reading.span
        if (span.line, span.col_start) in reported:
            continue
        from .model import Finding

        yield Finding("mapping.refused", "warning",
                      f"{refusal.reading.raw!r} ({refusal.concept}) is not tagged: {refusal.reason}",
                      span, refusal.reading.raw, refusal.table_id)


def render(filing: Filing, index: ConceptIndex) -> Rendered:
    return render_filing(filing, index)
