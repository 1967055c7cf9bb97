"""``ixconv eval RELEASE --expected FILE``: convert a release and grade every fact against the company's XBRL."""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import UserError
from ..model import ReportedFact
from ..tools.evaluate import (
    EvalError,
    as_json,
    format_grade,
    grade,
    printed_in,
    read_expected,
    read_xbrl_facts,
    release_prints,
)


def register(subparsers) -> None:
    p = subparsers.add_parser("eval", help="grade a conversion against the company's own XBRL (wrong facts, recall)")
    p.add_argument("release", type=Path, help="a release, or an iXBRL document this tool already made (.htm)")
    p.add_argument("--expected", type=Path, required=True, metavar="FILE",
                   help="the company's XBRL instance, iXBRL filing or SEC companyfacts JSON (or a hand-written CSV: "
                        "concept, period, value[, dimensions])")
    p.add_argument("--accession", metavar="NUMBER", help="with companyfacts JSON: use only this filing's entries")
    p.add_argument("--max-wrong", type=int, metavar="N", help="exit 1 when more than N facts are wrong")
    p.add_argument("--min-recall", type=float, metavar="R", help="exit 1 when recall is below R (0..1)")
    p.add_argument("--taxonomy", metavar="ZIP")
    p.add_argument("--profile", type=Path, metavar="FILE")
    p.add_argument("--report-date", metavar="YYYY-MM-DD")
    p.add_argument("--cik"); p.add_argument("--company", dest="name"); p.add_argument("--ticker"); p.add_argument("--prefix")
    p.add_argument("--format", choices=("text", "json"), default="text")
    from .convert import add_prior_option

    add_prior_option(p)
    p.add_argument("--in-taxonomy", action="store_true",
                   help="also score recall and concept agreement on the company's facts whose concept the loaded "
                        "taxonomy declares (a newer or company concept cannot be chosen)")
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        expected = read_expected(args.expected, args.accession)
    except EvalError as exc:
        raise UserError(str(exc)) from None
    if not expected:
        raise UserError(f"{args.expected}: holds no expected numeric facts")
    release = args.release
    index = None
    printed: Callable[[ReportedFact], bool] | None  # which of the truth's facts the release prints (recall)
    if release.suffix.lower() in (".htm", ".html", ".xhtml") and b"inlineXBRL" in release.read_bytes()[:4096]:
        tagged = read_xbrl_facts(release)
        from ..ingest import read_document

        printed = printed_in([line.text for line in read_document(release).lines],
                             {f.period.end for f in tagged if f.period.start is not None},
                             {f.period.end for f in tagged if f.period.start is None})
    else:
        import datetime as dt

        from ..pipeline import ConversionError, build_filing, render
        from ..taxonomy.package import resolve_taxonomy_path

        package = resolve_taxonomy_path(args.taxonomy)
        try:
            report_date = dt.date.fromisoformat(args.report_date) if args.report_date else None
        except ValueError:
            raise UserError(f"--report-date {args.report_date!r} is not a date (YYYY-MM-DD)") from None
        try:
            overrides = {"cik": args.cik, "name": args.name, "ticker": args.ticker, "prefix": args.prefix}
            filing, index = build_filing(release, taxonomy=package, profile=args.profile, overrides=overrides,
                                         report_date=report_date, prior=args.prior)
        except ConversionError as exc:
            raise UserError(str(exc)) from None
        rendered = render(filing, index)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / rendered.document_name
            path.write_bytes(rendered.files[rendered.document_name])
            tagged = read_xbrl_facts(path)
        printed = release_prints(filing)
    # a hand-written CSV holds printed values only; a company's XBRL holds more than the release prints
    if args.expected.suffix.lower() == ".csv":
        printed = None
    result = grade(tagged, expected, printed)
    results = {release.name: result}
    if args.in_taxonomy:
        if index is None:
            from ..taxonomy.index import load_index
            from ..taxonomy.package import resolve_taxonomy_path

            index = load_index(resolve_taxonomy_path(args.taxonomy)).as_of(None)  # the newest versions
        declared = [t for t in expected if index.get(f"{t.prefix or 'us-gaap'}:{t.concept}") is not None]
        results[f"{release.name} (concepts in the loaded taxonomy)"] = grade(tagged, declared, printed)
    print(as_json(results) if args.format == "json" else "\n".join(format_grade(k, v) for k, v in results.items()))
    failed = (args.max_wrong is not None and result.wrong > args.max_wrong) or (
        args.min_recall is not None and result.recall < args.min_recall)
    return 1 if failed else 0
