"""``ixconv batch INPUTS... --out DIR``: many releases at once, each into DIR/<input stem>/.

Company facts per release from a manifest (``--manifest``, CSV or TOML: see ``batch.manifest``), else a
profile beside each release (``<release>.profile.toml``), else the batch's ``--profile`` and company
options. Files in a folder that are not releases by their content are skipped with a line saying why.
Each release has a time limit (``--timeout``); one that fails, is refused or runs out of time never
stops the others. ``DIR/summary.json`` holds every release's status, counts, time and, where the manifest
gives the company's own XBRL (``truth``), recall and wrong facts.
"""
from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

from ..errors import UserError
from ..taxonomy.package import resolve_taxonomy_path
from .common import add_output_options, dumps, github_annotation
from .convert import add_company_options, add_taxonomy_option, parse_report_date


def register(subparsers) -> None:
    from ..batch import DEFAULT_TIMEOUT

    p = subparsers.add_parser(
        "batch", help="convert and validate many releases in parallel, each into DIR/<input stem>/",
        description="Convert and validate many releases in parallel. Each input gets its own folder DIR/<input stem>/ "
                    "with the files `ixconv convert` writes, and DIR/summary.json sums them up. Exit 0 when every "
                    "release converted and passes --fail-on; 1 when any was refused, failed, timed out or fails "
                    "--fail-on; 2 for unusable options or manifest.")
    p.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                   help="release files, or folders (their *.txt, *.htm, *.html, *.pdf, *.md that read like a release); "
                        "default with --manifest: the releases it lists")
    p.add_argument("--manifest", type=Path, metavar="FILE",
                   help="CSV or TOML: per release its cik, company, ticker, prefix, profile, report_date, prior, truth, "
                        "accession, timeout (README: Many releases at once)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (one sub-folder per release)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes (default: the number of CPUs)")
    add_taxonomy_option(p)
    p.add_argument("--profile", type=Path, metavar="FILE",
                   help="a company profile for the releases with none of their own (beside them or in the manifest)")
    add_company_options(p)
    p.add_argument("--rules", type=Path, metavar="DIR",
                   help="your rules folder, merged over the default rules file by file (as convert --rules)")
    p.add_argument("--report-date", metavar="YYYY-MM-DD", help="the report date for releases that do not print one")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"time limit per release (default {DEFAULT_TIMEOUT:g}; 0: none); one past it is reported as timeout")
    p.add_argument("--force", action="store_true", help="replace release folders that hold another filing")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: a process pool (default); dask: a dask.distributed cluster (optional dependency)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: an existing cluster's address (its workers must see the same paths); "
                        "default: a local cluster of --jobs worker processes")
    p.add_argument("--no-validate", action="store_true", help="skip the Arelle validation")
    p.add_argument("--viewer", action="store_true",
                   help="also write each release's interactive viewer (as convert does; about 1 s more per release)")
    add_output_options(p)
    p.set_defaults(func=run)


def _items(args, releases: list[Path], entries) -> list:
    """The batch items: each release's folder and what the manifest, else the batch's options, say of it."""
    import dataclasses

    from ..batch import plan
    from ..batch.manifest import match

    matched = match(entries, releases) if entries else {}
    options = {"cik": args.cik, "name": args.name, "ticker": args.ticker, "prefix": args.prefix}
    items = []
    for item in plan(releases, args.out):
        entry = matched.get(item.index)
        overrides = {k: v for k, v in options.items() if v}
        extra: dict = {"force": args.force, "report_date": args.report_date}
        if entry is not None:
            overrides.update(entry.overrides)  # the manifest's line for this release is the more specific
            extra.update(profile=str(entry.profile) if entry.profile else None,
                         report_date=entry.report_date or args.report_date,
                         prior=tuple(str(p) for p in entry.prior), truth=str(entry.truth) if entry.truth else None,
                         accession=entry.accession, timeout=entry.timeout)
        items.append(dataclasses.replace(item, overrides=tuple(sorted(overrides.items())), **extra))
    return items


def run(args) -> int:
    from ..batch import BatchConfig, run_batch, scan_inputs
    from ..batch.manifest import read_manifest
    from ..batch.progress import Progress, summary_data, summary_table, totals_line
    from ..outputs import write_atomic

    if args.jobs < 1:
        raise UserError(f"--jobs {args.jobs}: give at least 1")
    if args.timeout < 0:
        raise UserError(f"--timeout {args.timeout:g}: give a number of seconds (0 for no limit)")
    parse_report_date(args.report_date)
    package = resolve_taxonomy_path(args.taxonomy)
    if args.profile is not None and not args.profile.is_file():
        raise UserError(f"profile {args.profile} not found")
    if args.rules is not None and not args.rules.is_dir():
        raise UserError(f"--rules {args.rules}: not a folder; give your rules folder (see taxonomy/README.md)")
    entries = []
    if args.manifest is not None:
        if not args.manifest.is_file():
            raise UserError(f"manifest {args.manifest} not found")
        entries = read_manifest(args.manifest)
    if not args.inputs and not entries:
        raise UserError("no releases: give release files or folders, or a --manifest that lists them")
    releases, skipped = scan_inputs(list(args.inputs) if args.inputs else [e.release for e in entries])
    if not releases:
        raise UserError(f"no releases found in {', '.join(map(str, args.inputs))} "
                        f"(folders give their *.txt, *.htm, *.html, *.pdf and *.md files that read like a release)")
    if args.out.exists() and not args.out.is_dir():
        raise UserError(f"--out {args.out} exists and is not a folder")
    items = _items(args, releases, entries)
    config = BatchConfig(taxonomy=str(package.resolve()),
                         profile=str(args.profile.resolve()) if args.profile else None,
                         validate=not args.no_validate, viewer=args.viewer and not args.no_validate,
                         timeout=args.timeout, fail_on=tuple(args.fail_on),
                         rules_dir=str(args.rules.resolve()) if args.rules else None)
    for path, reason in skipped:
        if args.format == "github":
            print(github_annotation("notice", f"skipped, not a release: {reason}", file=str(path)))
        elif args.format == "text" and not args.quiet:
            print(f"skipped {path}: not a release: {reason}")
    progress = Progress(len(items), stream=io.StringIO() if args.quiet or args.format != "text" else None)
    started = time.perf_counter()
    results = []
    progress.start()
    try:
        for result in run_batch(items, config, engine=args.engine, jobs=min(args.jobs, len(items)),
                                scheduler=args.scheduler):
            results.append(result)
            progress.update(result)
    finally:
        progress.finish()
    elapsed = time.perf_counter() - started
    code = 0 if all(r.ok for r in results) and len(results) == len(items) else 1
    summary = summary_data(results, [(str(p), r) for p, r in skipped], elapsed, code)
    args.out.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out / "summary.json", (dumps(summary) + "\n").encode("utf-8"))
    if args.format == "json":
        print(dumps(summary))
    elif args.format == "github":
        _annotations(results, args)
        print(totals_line(results, elapsed))
    else:
        if not args.quiet:
            print(summary_table(results))
            if args.verbose:
                for r in sorted(results, key=lambda r: r.index):
                    for message in r.assumed:
                        print(f"  {r.input}: assumed: {message}")
        print(totals_line(results, elapsed) + f"; summary in {args.out / 'summary.json'}",
              file=sys.stderr if args.quiet else sys.stdout)
        if args.no_validate and not args.quiet:
            print("validation skipped (--no-validate)")
    sys.stdout.flush()
    return code


def _annotations(results, args) -> None:
    for r in sorted(results, key=lambda r: r.index):
        if r.status != "converted":
            print(github_annotation("error", f"{r.status}: {r.reason}", file=r.input, title=f"ixconv batch: {r.status}"))
            continue
        if r.errors:
            print(github_annotation("error", f"{r.errors} validation error(s); see {r.out_dir}/report.html",
                                    file=r.input, title="validation"))
        for reason in r.failed:
            print(github_annotation("error", f"fails {reason}", file=r.input, title="--fail-on"))
        if not args.quiet:
            for message in r.assumed:
                print(github_annotation("warning", message, file=r.input, title="assumed"))
            if r.grade and "recall" in r.grade:
                print(github_annotation("notice", f"recall {100 * r.grade['recall']:.1f}%, {r.grade['wrong']} wrong "
                                                  f"against the company's own XBRL", file=r.input, title="truth"))
