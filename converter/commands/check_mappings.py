"""``ixconv check-mappings``: lint the mapping rule files against a taxonomy package (for CI and pre-commit).

Exit status: 0 clean, 1 errors (or warnings with ``--strict``), 2 unusable input. Arelle is not
imported: the checks read the cached concept index only.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from pathlib import Path

from ..errors import UserError
from ..mapping.lint import (
    ERROR,
    REFERENCE_ENV,
    LintReport,
    ReferenceData,
    ReferenceDataError,
    finding_dict,
    lint,
    taxonomy_version,
)
from ..model import Finding
from ..taxonomy.index import load_index
from ..taxonomy.package import TAXONOMY_ENV, resolve_taxonomy_path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check-mappings",
        help="check the mapping rule files against the taxonomy",
        description="Check mapping rule files (taxonomy/*.toml) against a us-gaap taxonomy package: concepts exist "
                    "and are not abstract, period and item types fit, balances and calculation weights agree, "
                    "no deprecated concepts, sound extension concepts and axes, valid regexes, unique ids.",
        epilog="Exit status: 0 clean, 1 errors (or warnings with --strict), 2 unusable input. "
               "Codes and the rule format: taxonomy/README.md.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATHS",
                        help="rule files or folders (default: the project's taxonomy/ folder)")
    parser.add_argument("--taxonomy", metavar="PACKAGE.zip",
                        help=f"us-gaap taxonomy package (default: ${TAXONOMY_ENV}, else ../shared/taxonomies/us-gaap-2011.zip)")
    parser.add_argument("--target-year", type=_year, metavar="YYYY",
                        help="year of the filings the rules are for; concepts deprecated by then are errors "
                             "(default: the package's us-gaap year)")
    parser.add_argument("--reference", metavar="DIR", type=Path,
                        help=f"SEC EDGAR reference data folder (default: ${REFERENCE_ENV}, else ../shared/reference/sec-edgar)")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="text: file:line: level: code: message; json: a list of objects; "
                             "github: GitHub Actions annotations")
    parser.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    parser.set_defaults(func=run)


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"not a year: {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    # the versions the rules are read against: the target year's, else the package's newest
    index = load_index(resolve_taxonomy_path(args.taxonomy))
    view = index.as_of(dt.date(args.target_year, 12, 31) if args.target_year is not None else None)
    try:
        report = lint(args.paths or None, view, target_year=args.target_year,
                      reference=ReferenceData(args.reference) if args.reference else None)
    except ReferenceDataError as exc:
        raise UserError(str(exc)) from None
    findings = [_displayed(f) for f in report.findings]
    if args.format == "json":
        print(json.dumps([finding_dict(f) for f in findings], indent=2))
    elif args.format == "github":
        for finding in findings:
            print(github_annotation(finding))
    else:
        for finding in findings:
            file, line = _where(finding)
            print(f"{file}:{line}: {finding.severity}: {finding.code}: {finding.message}")
        print(_summary(report, taxonomy_version(view, "us-gaap")), file=sys.stderr)
    if report.errors or (args.strict and report.warnings):
        return 1
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _summary(report: LintReport, taxonomy: str) -> str:
    head = f"ixconv check-mappings: {_count(len(report.files), 'file')}"
    if report.rules is not None:
        rs = report.rules
        head += (f", {_count(len(rs.rules), 'rule')}, {_count(len(rs.calculations), 'calculation')}, "
                 f"{_count(len(rs.statements), 'statement')}, {_count(len(rs.extensions), 'extension')}")
    head += f" against {taxonomy} (target year {report.target_year})"
    if not report.findings:
        return head + ": clean"
    counts = f"{_count(report.errors, 'error')}, {_count(report.warnings, 'warning')}"
    tail = "" if report.rules is not None else "; fix the errors above, then the taxonomy checks run"
    return f"{head}: {counts}{tail}"


def _where(finding: Finding) -> tuple[str, int]:
    """The rule file and line a finding is about (every lint finding has them; as ``finding_dict`` shows
    one without: no file, line 0)."""
    return (finding.span.file, finding.span.line) if finding.span is not None else ("", 0)


def _displayed(finding: Finding) -> Finding:
    """The finding with its file relative to the working directory when it lies below it."""
    span = finding.span
    if span is None:
        return finding
    path = Path(span.file)
    try:
        shown = os.path.relpath(path.resolve(), Path.cwd()) if path.is_absolute() else span.file
    except ValueError:  # another drive
        shown = span.file
    if shown.startswith(".."):
        shown = str(path)
    return dataclasses.replace(finding, span=dataclasses.replace(span, file=shown))


def _escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_annotation(finding: Finding) -> str:
    """One GitHub Actions workflow command: ``::error file=F,line=N,title=CODE::message``."""
    command = "error" if finding.severity == ERROR else "warning"
    file, line = _where(finding)
    return (f"::{command} file={_escape(file, property_value=True)},line={line},"
            f"title={_escape(finding.code, property_value=True)}::{_escape(finding.message)}")
