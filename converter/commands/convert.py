"""``ixconv convert RELEASE --out DIR``: the whole pipeline on one release.

Prints what was written, the warnings (assumed values one by one, numbers not tagged counted by
reason, every one with ``-v``), the footings and the validation; ``--format json`` prints the same as one
object, ``--format github`` as GitHub Actions annotations. Exit codes: see ``commands.common``.
"""
from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

from ..errors import UserError
from ..model import Severity
from ..taxonomy.package import TAXONOMY_ENV, resolve_taxonomy_path
from .common import (
    Counts,
    add_output_options,
    dumps,
    failures,
    finish_output,
    github_annotation,
    output_target,
)


def add_taxonomy_option(parser) -> None:
    parser.add_argument("--taxonomy", metavar="ZIP",
                        help=f"FASB us-gaap taxonomy package (zip); default ${TAXONOMY_ENV} or ../shared/taxonomies/us-gaap-2011.zip")


def add_company_options(parser) -> None:
    parser.add_argument("--cik", help="the company's SEC Central Index Key")
    parser.add_argument("--company", dest="name", metavar="NAME", help="the registrant's name")
    parser.add_argument("--ticker", help="trading symbol; its lower case is the default --prefix (EDGAR convention)")
    parser.add_argument("--prefix", help="extension taxonomy prefix (default: the lower-cased ticker)")


def add_prior_option(parser) -> None:
    parser.add_argument("--prior", type=Path, action="append", default=[], metavar="FILE",
                        help="the company's earlier XBRL instance, Inline XBRL filing or SEC companyfacts JSON, as "
                             "evidence (repeatable; only facts filed before the release's date are used)")


def register(subparsers) -> None:
    p = subparsers.add_parser("convert", help="convert a release into a validated Inline XBRL filing")
    p.add_argument("release", type=Path, help="the release: EDGAR HTML, old EDGAR or newswire text, PDF, Markdown")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    add_taxonomy_option(p)
    p.add_argument("--profile", type=Path, metavar="FILE", help="company profile (default: <release>.profile.toml beside it)")
    add_company_options(p)
    p.add_argument("--rules", type=Path, metavar="DIR",
                   help="your rules folder, merged over the default rules file by file (same relative path: yours replaces the default)")
    p.add_argument("--report-date", metavar="YYYY-MM-DD", help="the 8-K's report date when the release does not print it")
    p.add_argument("--no-validate", action="store_true", help="skip the Arelle validation gate")
    add_prior_option(p)
    p.add_argument("--no-viewer", action="store_true", help="do not write the interactive viewer (viewer.html)")
    p.add_argument("--force", action="store_true",
                   help="replace an --out folder that holds another filing (the old set is swapped out whole)")
    from .validate import add_edgar_options

    add_edgar_options(p)
    add_output_options(p)
    p.set_defaults(func=run)


def parse_report_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--report-date {text!r} is not a date like 2013-11-06") from None


def is_guess(finding) -> bool:
    return finding.code.startswith("guess.")


def counts_of(filing, validation) -> Counts:
    """What ``--fail-on`` looks at, from a conversion's filing and its validation (None: not run)."""
    warnings = [f for f in filing.findings if f.severity is Severity.WARNING]
    return Counts(
        errors=validation.errors if validation is not None else 0,
        warnings=(validation.warnings if validation is not None else 0) + len(warnings),
        footings_failed=sum(1 for f in filing.footings if not f.ok and f.checkable),
        untagged=sum(1 for f in warnings if not is_guess(f)),
    )


def run(args) -> int:
    package = resolve_taxonomy_path(args.taxonomy)
    report_date = parse_report_date(args.report_date)
    if args.profile is not None and not args.profile.is_file():
        raise UserError(f"profile {args.profile} not found; give an existing company profile with --profile FILE "
                        f"(see samples/*.profile.toml) or the company options --cik, --company, --ticker, --prefix")
    target = output_target(args.out, args.release, args.force)
    overrides = {"cik": args.cik, "name": args.name, "ticker": args.ticker, "prefix": args.prefix}
    validator = None
    warm = None
    if not args.no_validate:
        from ..validate.background import BackgroundValidator
        from .validate import edgar_options

        # One Arelle pass, started now in a process of its own while the pipeline runs: the base taxonomy
        # loaded once, the filing validated without re-checking the base-taxonomy elements (their messages
        # replayed from the cache, as a batch does), the xBRL-JSON/CSV export and the viewer built from the
        # model validation loaded (validate.background, validate.warm).
        warm = BackgroundValidator(package, edgar=edgar_options(args))
        validator = warm.validate_and_produce
    from ..pipeline import (
        convert_release,  # imported once Arelle's process is started, which meanwhile imports Arelle
    )

    done = False
    try:
        outcome = convert_release(args.release, target, taxonomy=package, profile=args.profile, overrides=overrides,
                                  report_date=report_date, validate=not args.no_validate, validator=validator,
                                  viewer=not args.no_viewer and not args.no_validate, rules_dir=args.rules,
                                  prior=args.prior)
        done = True
    finally:
        if warm is not None:
            warm.close()
        finish_output(args.out, target, done)
    written = [args.out / p.relative_to(target) for p in outcome.written]
    summary = conversion_summary(args.release, args.out, outcome, written)
    failed = failures(args.fail_on, counts_of(outcome.filing, outcome.validation))
    summary["failed"] = failed
    summary["exit"] = 1 if failed else 0
    print_conversion(summary, outcome, args)
    return summary["exit"]


def conversion_summary(release: Path, out: Path, outcome, written: list[Path]) -> dict:
    """The machine-readable result of one conversion (``--format json``; the batch summary's entries)."""
    filing, validation = outcome.filing, outcome.validation
    warnings = [f for f in filing.findings if f.severity is Severity.WARNING]
    counts = counts_of(filing, validation)
    return {
        "release": str(release),
        "out": str(out),
        "document": outcome.rendered.document_name,
        "files": sorted(dict.fromkeys(p.name if p.parent == out else f"{p.relative_to(out).parts[0]}/"
                                      for p in written)),
        "company": {"name": filing.company.name, "cik": filing.company.cik10, "ticker": filing.company.ticker,
                    "prefix": filing.company.prefix, "namespace": filing.company.namespace},
        "report_date": filing.report_date.isoformat(),
        "facts": len(filing.facts),
        "not_tagged": counts.untagged,
        "not_tagged_by_reason": dict(sorted(Counter(f.code for f in warnings if not is_guess(f)).items())),
        "assumed": [{"code": f.code, "message": f.message} for f in warnings if is_guess(f)],
        "footings": {"checked": len(filing.footings), "failed": counts.footings_failed},
        "validation": None if validation is None else {
            "errors": validation.errors, "warnings": validation.warnings, "facts": validation.arelle.facts,
            "edgar": validation.edgar,
            "messages": [{"level": m.level, "code": m.code, "text": m.text, "source": m.source}
                         for m in validation.messages if m.level != "info"]},
    }


def _where(span) -> tuple[str | None, int | None]:
    return (span.file, span.line or None) if span is not None else (None, None)


def print_conversion(summary: dict, outcome, args) -> None:
    filing, validation = outcome.filing, outcome.validation
    if args.format == "json":
        print(dumps(summary))
        return
    warnings = [f for f in filing.findings if f.severity is Severity.WARNING]
    messages = list(validation.messages) if validation is not None else []
    if args.format == "github":
        for f in warnings:
            if is_guess(f) or args.verbose:
                file, line = _where(f.span)
                print(github_annotation("warning", f.message, file=file or summary["release"], line=line, title=f.code))
        if not args.verbose:
            for code, n in summary["not_tagged_by_reason"].items():
                print(github_annotation("notice", f"{n} not tagged: {code} (each with its reason in report.html; -v lists them)",
                                        file=summary["release"], title=code))
        for m in messages:
            if m.is_error or (m.severity is Severity.WARNING and not args.quiet):
                print(github_annotation(m.level, f"{m.code}: {m.text}", file=str(args.out / summary["document"]),
                                        title=m.code))
        for reason in summary["failed"]:
            print(github_annotation("error", f"ixconv convert failed: {reason}", file=summary["release"]))
        print(f"{summary['release']}: {summary['facts']} facts, {summary['not_tagged']} not tagged, "
              f"{summary['footings']['failed']} failed footings, "
              + (f"{validation.errors} validation errors" if validation is not None else "not validated"))
        return
    if not args.quiet:
        print(f"wrote {summary['out']}/: {', '.join(summary['files'])}")
        print(f"tagged {summary['facts']} facts; {summary['not_tagged']} cells, rows or values not tagged "
              f"(reasons in report.html)")
        for f in warnings:
            if is_guess(f):
                print(f"  assumed: {f.message}")
        if summary["not_tagged_by_reason"] and not args.verbose:
            print("  not tagged, by reason: " + ", ".join(f"{code} {n}" for code, n in
                                                      sorted(summary["not_tagged_by_reason"].items(), key=lambda kv: (-kv[1], kv[0]))))
        if args.verbose:
            for f in warnings:
                if not is_guess(f):
                    print(f"  {f.span if f.span is not None else summary['release']}: warning: {f.code}: {f.message}")
        print(f"footings: {summary['footings']['checked']} checked, {summary['footings']['failed']} failed")
        if validation is None:
            print("validation skipped (--no-validate)")
        else:
            print(validation.summary_line())
            for m in messages:
                if m.severity is Severity.WARNING or (args.verbose and not m.is_error):
                    print(f"  {m.level}: {m.code}: {m.text[:300]}")
    if validation is not None and not validation.edgar.startswith("EDGAR plugin"):
        print(validation.edgar, file=sys.stderr)  # never a silent pass: the EDGAR checks did not run
    for m in messages:
        if m.is_error:
            print(f"  {m.level}: {m.code}: {m.text[:300]}", file=sys.stderr)
    for reason in summary["failed"]:
        print(f"ixconv convert: failed: {reason}", file=sys.stderr)
