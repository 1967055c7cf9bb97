"""The pipeline, data flowing one way: ingest -> extract -> mapping -> checks -> render -> validate -> export.

``build_filing`` does everything that needs no output folder; ``convert`` writes the files (only
once every earlier stage has succeeded, so bad input leaves no partial output), validates them
with Arelle and writes the review report.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .checks import run_checks
from .company import (
    load_calendar_hint,
    load_prior_paths,
    load_segments,
    profile_beside,
    resolve_company,
)
from .errors import IxconvError
from .evidence.read import EvidenceError
from .evidence.votes import PriorEvidence, apply_prior, load_prior
from .extract import extract
from .extract.company_facts import company_facts
from .extract.cover import filing_guesses, find_report_date, read_cover
from .extract.prose import read_prose
from .ingest import read_document
from .mapping.apply import ConceptResolver, map_extraction
from .mapping.cover import cover_facts
from .mapping.prose import prose_facts
from .mapping.scale import prove_scales
from .model import Fact, Filing, Finding, Period, QName, Reading, Report, Severity, Span, Table, number_facts
from .render import HIDDEN, Rendered, render_filing
from .rules import ExtensionConcept, Origin, RuleSet, load_rules, rule_file
from .rules.cover import load_cover_rules
from .rules.prose import load_prose_rules
from .taxonomy.index import ConceptIndex, TaxonomyView, load_index


class ConversionError(IxconvError):
    """The release cannot be converted; the message says why and what to do."""


@dataclass
class Conversion:
    filing: Filing
    rendered: Rendered
    index: TaxonomyView
    written: list[Path] = field(default_factory=list)
    validation: object | None = None  # validate.ValidationReport when validation ran


def _period_ends(tables: Sequence[Table], statements_only: bool = False) -> frozenset[dt.date]:
    """The period ends of the release's tables' columns (of its statements only: not of a guidance table)."""
    return frozenset(c.period.end for t in tables for c in t.columns
                     if c.period and not (statements_only and t.statement == "other"))


def build_filing(release: Path, *, taxonomy: Path, profile: Path | None = None,
                 overrides: dict[str, str | None] | None = None, rules: RuleSet | None = None,
                 report_date: dt.date | None = None, index: ConceptIndex | TaxonomyView | None = None,
                 rules_dir: Path | None = None,
                 prior: tuple[Path, ...] | list[Path] = ()) -> tuple[Filing, TaxonomyView]:
    """Everything up to the render, in memory. ``rules_dir`` is a user's rules folder merged over the
    defaults file by file (``rules.overlay_files``); ``rules`` (already loaded) wins over it for
    the mapping rules, and the prose and cover rules come from ``rules_dir`` when it has them. ``prior``:
    the company's earlier XBRL filings (with the profile's ``prior``) used as evidence. ``index``: a concept
    index (or a view of one) already loaded, shared by conversions; the stages get its view at the report
    date (``as_of``), which is also returned, for render."""
    document = read_document(release)
    date_given = report_date is not None
    rules = rules or load_rules(overlay=rules_dir)
    profile = profile if profile is not None else profile_beside(release)
    stated = company_facts(document)
    hint = load_calendar_hint(profile, stated)
    found = None
    if report_date is None:
        statement_rules = rules.statements

        def reported_ends() -> frozenset[dt.date]:  # asked only for a dateline without a year
            first = extract(document, statement_rules, hint)
            return _period_ends(first.tables, statements_only=True)
        found = find_report_date(document, reported_ends)
        if found is None:
            raise ConversionError(f"{release}: no report date found (no 'Date of Report' line, no dated dateline, no sentence saying the release's information is as of a date); give --report-date YYYY-MM-DD")
        report_date = found.date
    index = (index if index is not None else load_index(taxonomy)).as_of(report_date)
    prior_paths = list(prior) + load_prior_paths(profile)
    try:
        evidence = load_prior(prior_paths, report_date) if prior_paths else PriorEvidence()
    except EvidenceError as exc:
        raise ConversionError(str(exc)) from None
    extraction = extract(document, rules.statements, evidence.calendar_hint(hint))
    if evidence:  # the company's filing for the release's own period is not prior evidence
        narrowed = evidence.before_period(max((c.end for t in extraction.tables if t.statement != "other"
                                               for c in t.columns if c.end), default=None))
        if narrowed is not evidence:
            evidence = narrowed
            extraction = extract(document, rules.statements, evidence.calendar_hint(hint))
    statements = [t for t in extraction.tables if t.statement != "other"]
    if not statements:
        raise ConversionError(
            f"{release}: found no financial statement table ({len(extraction.tables)} tables, none titled as a statement "
            f"the rules know); nothing to tag"
        )
    period_ends = _period_ends(extraction.tables)
    reported = _period_ends(extraction.tables, statements_only=True)
    if found is not None and found.how in ("first dated line", "date line") and reported \
            and report_date <= max(reported):
        # a date that is not in a dateline and not after the periods the release reports is a period's date
        where = f" (line {found.line.number})" if found.line is not None else ""
        which = ("the end of a period the release reports" if report_date in reported
                 else "before the end of a period the release reports")
        raise ConversionError(
            f"{release}: no release date found (no 'Date of Report' line, no dateline with a date whose year is certain); "
            f"the {found.how}{where} gives {report_date.isoformat()}, {which}, not the release's own date; "
            f"give --report-date YYYY-MM-DD")
    company, guesses = resolve_company(profile, overrides or {}, report_date, stated)
    foreign = evidence.foreign(company.cik) if evidence else None
    if foreign is not None:
        raise ConversionError(f"prior filing {foreign[0]} reports on CIK {foreign[1]}, not on the release's company "
                              f"(CIK {company.cik}); give the company's own filings with --prior")
    guesses += filing_guesses(document, report_date, date_given, {f: v.date[:10] for f, v in index.chosen.items()},
                              {f: [v.date[:10] for v in vs] for f, vs in index.versions.items()},
                              calendar=None if hint.fiscal_calendar else extraction.calendar,
                              period_ends=period_ends, found=found)
    segments = load_segments(profile)
    if segments:
        rules = dataclasses.replace(rules, extensions=rules.extensions + tuple(
            ExtensionConcept(s["member"], "member", "duration", Origin(str(profile), 0), label=s["label"]) for s in segments))
    members = evidence.members() if evidence else ()  # the company's own members, for rows named from labels
    mapping = map_extraction(extraction, rules, index, company.prefix, members)
    proven, scale_findings = prove_scales(extraction, mapping, rules, index, company.prefix)
    if proven is not extraction:  # a scale proven by agreeing rows: the table's rows are mapped at it
        extraction = proven
        mapping = map_extraction(extraction, rules, index, company.prefix, members)
    mapping.findings.extend(scale_findings)
    if mapping.members:  # members named from row labels: declared in the extension schema with their labels
        known = {e.name for e in rules.extensions}
        rules = dataclasses.replace(rules, extensions=rules.extensions + tuple(
            ExtensionConcept(name, "member", "duration", Origin("row label", 0), label=label)
            for name, label in sorted(mapping.members.items()) if name not in known))
    resolver = ConceptResolver(index, rules, company.prefix, members)
    phrases = {s["phrase"]: f"ext:{s['member']}" for s in segments}
    prose_rules = load_prose_rules(rule_file("prose.toml", rules_dir), phrases)
    prose_values = read_prose(document, extraction.tables, prose_rules, company.fiscal_year_end, extraction.calendar)
    prose, prose_findings = prose_facts(prose_values, resolver, phrases)
    mapping.facts.extend(prose)
    mapping.findings.extend(prose_findings)
    cover_values = read_cover(document, load_cover_rules(rule_file("cover.toml", rules_dir)))
    cover, cover_findings = cover_facts(cover_values, index, report_date)
    mapping.facts.extend(cover)
    mapping.facts.extend(hidden_facts(company, cover, index, report_date, profile))
    mapping.findings.extend(cover_findings)
    # the mapping's output is whole: each fact gets its id here, once (m-1, m-2, ... in mapping order)
    mapping.facts = number_facts(mapping.facts, "m")
    facts, footings, findings = run_checks(extraction, mapping, rules, company.prefix, report_date)
    mapped = {(f.table_id, f.row_line) for f in mapping.facts}
    prior_outcome = apply_prior(evidence, extraction.tables, facts,
                                {(t.id, r.line) for t, r in mapping.unmapped_rows} - mapped, index, document,
                                _row_emitter(resolver), company.prefix)
    prior_summary = prior_outcome.summary
    if prior_summary is not None:  # rows given the company's own member (mapping/apply.py _company_members)
        codes = [f.code for f in mapping.findings]
        prior_summary = dataclasses.replace(prior_summary, members_reused=codes.count("prior.member"),
                                            members_ambiguous=codes.count("prior.memberAmbiguous"),
                                            members_not_applied=codes.count("prior.memberNotApplied"))
    if prior_outcome.extensions:  # company concepts the prior filing used, re-declared in our schema
        rules = dataclasses.replace(rules, extensions=rules.extensions + tuple(prior_outcome.extensions))
    # rows tagged because of the prior filing are new facts: ids p-1, p-2, ... (the others keep theirs)
    facts, findings = number_facts(prior_outcome.facts, "p"), list(findings) + prior_outcome.findings
    if prior_outcome.added:  # rows the prior filing tagged pass the same gates
        from .checks.gates import run_gates

        facts, gate_findings = run_gates(facts, rules.gates, report_date,
                                         lambda n: QName(company.prefix, n[4:]) if n.startswith("ext:") else QName.parse(n))
        findings += gate_findings
    read = set(mapping.read_damaged)  # damaged rows a rule read all the same: their damage no longer stands
    extraction_findings = tuple(f for f in extraction.findings
                                if not (f.code == "damage.row" and (f.table_id, f.span) in read))
    refusal_findings = tuple(_refusal_findings(mapping, extraction_findings))
    filing = Filing(
        company=company, document=document, tables=extraction.tables, facts=tuple(facts),
        findings=tuple(guesses) + extraction_findings + tuple(mapping.findings) + refusal_findings + tuple(findings),
        footings=tuple(footings), report_date=report_date, rules=rules, prior=prior_summary,
        concept_aliases=prior_outcome.aliases,
    )
    return filing, index


def _row_emitter(resolver: ConceptResolver):
    """The facts a row would have under a concept the prior filing settled (the mapping's cell checks)."""
    import re

    from .mapping.apply import _emit
    from .model import Mapping
    from .rules import MappingRule

    def emit(table, row, concept, unit, sign, how):
        out = Mapping()
        rule = MappingRule(id=f"prior-{row.line}", statement=table.statement, label=re.escape(row.label),
                           concept=concept, unit=unit, origin=Origin("candidate", 0), sign=sign)
        _emit(table, row, rule, how, resolver, out)
        return out.facts

    return emit


def _refusal_findings(mapping, extraction_findings):
    """Cells a rule matched but that were refused for a reason extract did not already report."""
    reported = {(f.span.line, f.span.col_start, f.span.path) for f in extraction_findings if f.span is not None}
    for refusal in mapping.refusals:
        span = refusal.reading.span
        if (span.line, span.col_start, span.path) in reported:
            continue
        yield Finding("mapping.refused", Severity.WARNING,
                      f"{refusal.reading.raw!r} ({refusal.concept}) is not tagged: {refusal.reason}",
                      span, refusal.reading.raw, refusal.table_id)


def hidden_facts(company, tagged: list[Fact], index: TaxonomyView, report_date: dt.date,
                 profile: Path | None) -> list[Fact]:
    """dei facts the document does not print where they can be tagged: from the company profile, the
    options and the report date; only those the loaded dei declares and the cover did not tag."""
    have = {str(f.concept) for f in tagged}
    source = str(profile) if profile else "command-line options"
    candidates = [
        ("dei:DocumentType", "8-K", "8-K cover (default document type)"),
        ("dei:AmendmentFlag", "false", "not an amendment"),
        ("dei:DocumentPeriodEndDate", report_date.isoformat(), "report date"),
        ("dei:EntityRegistrantName", company.name, "company profile"),
        ("dei:EntityCentralIndexKey", company.cik10, "company profile"),
    ]
    # Not dei:TradingSymbol: EDGAR shows it on an 8-K cover with the title of its security (EFM 6.5.46), so in
    # ix:hidden it is a fact displayed elsewhere (EFM 5.2.5.14), and without dei:Security12bTitle it is reported.
    out = []
    period = Period(end=report_date, start=report_date)
    for concept, value, why in candidates:
        if not value or concept in have or index.get(concept) is None:
            continue
        reading = Reading(value, Span(source, 0, 0, 0), Decimal(0))
        out.append(Fact(QName.parse(concept), period, None, value, None, 0, reading, f"hidden ({why})",
                        HIDDEN, concept.partition(":")[2]))
    return out


def render(filing: Filing, index: TaxonomyView) -> Rendered:
    return render_filing(filing, index)


@dataclass
class Outcome:
    """What ``convert_release`` did: the filing, the files written, the validation (None if skipped), the
    review report written as report.json, report.html and the flat CSV."""

    filing: Filing
    rendered: Rendered
    out_dir: Path
    validation: object | None
    written: list[Path]
    report: Report | None = None

    @property
    def errors(self) -> int:
        return self.validation.errors if self.validation is not None else 0  # type: ignore[attr-defined]


def validate_and_write(entry: Path, package: Path, out_dir: Path, base: str, *, validator=None,
                       export_invalid: bool = False, viewer: bool = False):
    """Validate the written filing ``entry`` (``validator``, else a fresh Arelle session:
    ``validate.validate_and_produce``), then write what that session produced (``export.arelle``): the
    xBRL-JSON/CSV export, which a filing with errors does not get unless ``export_invalid`` (an export Arelle
    could not make is an error of the report), and, with ``viewer`` and a validator that ``builds_viewer``, the
    viewer from the model validation loaded. (report, exported paths, viewer.html's path or why it was not
    written; None when this validator does not build it)."""
    from .export.arelle import write_outputs
    from .validate.arelle_run import Message

    if validator is None:
        from .validate import validate_and_produce

        validator = validate_and_produce
    with_viewer = bool(viewer and getattr(validator, "builds_viewer", False))
    # with the viewer: one DTS load for validation, export and viewer
    extra = {"viewer": True} if with_viewer else {}
    report, produced = validator(entry, package, out_dir, base, export_invalid=export_invalid, **extra)
    exported, viewed, oim_error = write_outputs(produced, out_dir, base, export=not report.errors or export_invalid,
                                                viewer=with_viewer)
    if oim_error is not None:
        report.rule_messages.append(Message("ixconv.export.oim", Severity.ERROR, oim_error, Path(report.entry).name))
    return report, exported, viewed


def convert_release(release: Path, out_dir: Path, *, taxonomy: Path, profile: Path | None = None,
                    overrides: dict[str, str | None] | None = None, report_date: dt.date | None = None,
                    validate: bool = True, validator=None, extra_outputs=None, rules: RuleSet | None = None,
                    index: ConceptIndex | TaxonomyView | None = None, viewer: bool = False,
                    rules_dir: Path | None = None,
                    prior: tuple[Path, ...] | list[Path] = ()) -> Outcome:
    """The whole job for one release: build, render, then (once all of that succeeded) write the filing,
    validate it with Arelle and export (xBRL-JSON/CSV in the same session), the viewer, the report and
    the flat CSV, all into a temporary folder beside ``out_dir`` that replaces ``out_dir`` in one step
    (``outputs.OutputSet``): a failure or a kill leaves the earlier set whole. ``prior``: the company's
    earlier XBRL filings, used as evidence.

    ``validator(entry, package, out_dir, base, export_invalid=...) -> (ValidationReport, model.ModelOutputs)`` replaces the
    fresh Arelle session (a batch passes a warm one); one whose ``builds_viewer`` attribute is true (as
    ``validate_and_produce``, or a ``functools.partial`` of it, does) is called with ``viewer=True`` when the
    viewer is wanted: the viewer then comes from the model validation loaded. Validation writes nothing;
    what it produced is written by the export stage (``export.arelle.write_outputs``).
    ``extra_outputs(outcome)`` may add files."""
    from .export.flat_csv import flat_csv
    from .export.package import package_name, report_package
    from .export.report import build_report, write_report
    from .outputs import OutputSet, write_all

    _check_names(release, overrides)
    out_dir = Path(out_dir)
    staged = OutputSet(out_dir)  # a name that cannot be written is refused before any work
    filing, index = build_filing(release, taxonomy=taxonomy, profile=profile, overrides=overrides,
                                 report_date=report_date, rules=rules, index=index, rules_dir=rules_dir,
                                 prior=prior)
    rendered = render(filing, index)
    # The whole set (filing, exports, viewer, reports, extra outputs) is built in a temporary folder
    # beside out_dir and swapped in at the end: out_dir holds the old set or the new one, never a mix.
    with staged:
        stage = staged.folder
        assert stage is not None
        write_all(stage, dict(rendered.files))
        base = Path(rendered.document_name).stem
        validation = None
        viewed: Path | str | None = None  # viewer.html, or why it was not written
        if validate:
            validation, _exported, viewed = validate_and_write(stage / rendered.document_name, taxonomy, stage, base,
                                                               validator=validator, viewer=viewer)
        viewer_name = None
        if viewer:
            from .validate.viewer import VIEWER_NAME, ViewerError, build_viewer

            if viewed is None:  # not validated, or a validator that does not build it: a session of its own
                try:
                    write_all(stage, build_viewer(stage / rendered.document_name, taxonomy))
                    viewed = stage / VIEWER_NAME
                except ViewerError as exc:
                    viewed = str(exc)
            if isinstance(viewed, Path):
                viewer_name = viewed.name
            else:
                assert rendered.extension is not None  # render() always builds one
                rendered.extension.findings.append(Finding("viewer.notWritten", Severity.WARNING, viewed, None))
        if rendered.extension is not None and rendered.extension.findings:
            filing = dataclasses.replace(filing, findings=filing.findings + tuple(rendered.extension.findings))
        report = build_report(filing, validation.summary() if validation is not None else None,
                              rendered.document_name, rendered.layout, viewer=viewer_name)
        outputs = write_report(stage, report)
        outputs[f"{base}-flat.csv"] = flat_csv(report)
        outputs[package_name(base)] = report_package(base, rendered.document_name, rendered.files)
        write_all(stage, outputs)
        outcome = Outcome(filing, rendered, stage, validation, [], report)
        if extra_outputs is not None:
            extra_outputs(outcome)  # writes into the set being built
        placed = staged.commit()
    outcome.out_dir = out_dir
    outcome.written = [out_dir / p.relative_to(staged.out_dir) for p in placed]
    return outcome


def _check_names(release: Path, overrides: dict[str, str | None] | None) -> None:
    """A release name or option the OS gave with bytes that are not UTF-8 (``\\xff``) is refused up
    front: it cannot be written into the filing, the report or Arelle's URLs."""
    from .outputs import text_problem

    problem = text_problem(str(release))
    if problem:
        raise ConversionError(f"release name {str(release)!r} {problem}; rename the file (UTF-8) and convert again")
    for key, value in (overrides or {}).items():
        if value is not None and (problem := text_problem(value)):
            option = {"name": "--company"}.get(key, f"--{key}")
            raise ConversionError(f"{option} {value!r} {problem}; give it in UTF-8")
