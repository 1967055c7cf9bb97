"""``ixconv convert RELEASE --out DIR``: the whole pipeline on one release."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..errors import UserError
from ..model import Severity
from ..pipeline import convert_release
from ..taxonomy.package import TAXONOMY_ENV, resolve_taxonomy_path


def add_taxonomy_option(parser) -> None:
    parser.add_argument("--taxonomy", metavar="ZIP",
                        help=f"FASB us-gaap taxonomy package (zip); default ${TAXONOMY_ENV} or ../shared/taxonomies/us-gaap-2011.zip")


def register(subparsers) -> None:
    p = subparsers.add_parser("convert", help="convert a release into a validated Inline XBRL filing")
    p.add_argument("release", type=Path, help="the release: .txt (PDF-extracted or newswire text)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    add_taxonomy_option(p)
    p.add_argument("--profile", type=Path, metavar="FILE", help="company profile (default: <release>.profile.toml beside it)")
    p.add_argument("--cik"); p.add_argument("--company", dest="name"); p.add_argument("--ticker"); p.add_argument("--prefix")
    p.add_argument("--rules", type=Path, metavar="DIR",
                   help="your rules folder, merged over the default rules file by file (same relative path: yours replaces the default)")
    p.add_argument("--report-date", metavar="YYYY-MM-DD", help="the 8-K's report date when the release does not print it")
    p.add_argument("--no-validate", action="store_true", help="skip the Arelle validation gate")
    p.add_argument("--no-viewer", action="store_true", help="do not write the interactive viewer (viewer.html)")
    p.set_defaults(func=run)


def run(args) -> int:
    package = resolve_taxonomy_path(args.taxonomy)
    report_date = None
    if args.report_date:
        try:
            report_date = dt.date.fromisoformat(args.report_date)
        except ValueError:
            raise UserError(f"--report-date {args.report_date!r} is not a date like 2013-11-06") from None
    if args.profile is not None and not args.profile.is_file():
        raise UserError(f"profile {args.profile} not found; give an existing company profile with --profile FILE "
                        f"(see samples/*.profile.toml) or the company options --cik, --company, --prefix")
    overrides = {"cik": args.cik, "name": args.name, "ticker": args.ticker, "prefix": args.prefix}
    outcome = convert_release(args.release, args.out, taxonomy=package, profile=args.profile, overrides=overrides,
                              report_date=report_date, validate=not args.no_validate,
                              viewer=not args.no_viewer and not args.no_validate, rules_dir=args.rules)
    filing, validation = outcome.filing, outcome.validation
    refused = sum(1 for f in filing.findings if f.severity is Severity.WARNING)
    names = sorted(p.name if p.parent == args.out else f"{p.parent.name}/" for p in outcome.written)
    print(f"wrote {args.out}/: {', '.join(dict.fromkeys(names))}")
    print(f"tagged {len(filing.facts)} facts; {refused} cells, rows or values not tagged (reasons in report.html)")
    if validation is None:
        print("validation skipped (--no-validate)")
        return 0
    print(validation.summary_line())
    for message in validation.messages:
        if message.is_error:
            print(f"  {message.level}: {message.code}: {message.text[:200]}", file=sys.stderr)
    return 1 if validation.errors else 0
