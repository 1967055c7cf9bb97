"""``ixconv eval RELEASE --expected FILE``: convert a release and score it against the company's own figures."""
from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import UserError
from ..evaluate import EvalError, as_json, format_score, score, read_expected, read_xbrl_facts


def register(subparsers) -> None:
    p = subparsers.add_parser("eval", help="score a conversion against expected facts (recall, concept agreement)")
    p.add_argument("release", type=Path, help="a release, or an iXBRL document this tool already made (.htm)")
    p.add_argument("--expected", type=Path, required=True, metavar="FILE",
                   help="expected facts: a CSV (concept, period, value[, dimensions]) or the company's XBRL/iXBRL filing")
    p.add_argument("--taxonomy", metavar="ZIP")
    p.add_argument("--profile", type=Path, metavar="FILE")
    p.add_argument("--cik"); p.add_argument("--company", dest="name"); p.add_argument("--ticker"); p.add_argument("--prefix")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        expected = read_expected(args.expected)
    except EvalError as exc:
        raise UserError(str(exc)) from None
    if not expected:
        raise UserError(f"{args.expected}: holds no expected numeric facts")
    release = args.release
    if release.suffix.lower() in (".htm", ".html", ".xhtml") and b"inlineXBRL" in release.read_bytes()[:4096]:
        tagged = read_xbrl_facts(release)
    else:
        from ..pipeline import ConversionError, build_filing, render
        from ..taxonomy.package import resolve_taxonomy_path

        package = resolve_taxonomy_path(args.taxonomy)
        try:
            overrides = {"cik": args.cik, "name": args.name, "ticker": args.ticker, "prefix": args.prefix}
            filing, index = build_filing(release, taxonomy=package, profile=args.profile, overrides=overrides)
        except ConversionError as exc:
            raise UserError(str(exc)) from None
        rendered = render(filing, index)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / rendered.document_name
            path.write_bytes(rendered.files[rendered.document_name])
            tagged = read_xbrl_facts(path)
    result = score(expected, tagged)
    print(as_json({release.name: result}) if args.format == "json" else format_score(release.name, result))
    return 0
