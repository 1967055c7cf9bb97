"""``ixconv batch INPUTS... --out DIR --jobs N``: many releases at once, each into DIR/<input stem>/."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..errors import UserError
from ..taxonomy.package import resolve_taxonomy_path
from .convert import add_taxonomy_option


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "batch", help="convert and validate many releases in parallel, each into DIR/<input stem>/",
        description="Convert and validate many releases in parallel. Each input gets its own folder DIR/<input stem>/ "
                    "with the files `ixconv convert` writes. Exit 0 when every release converted with no validation "
                    "error; 1 when any was refused, failed or has validation errors; 2 for unusable options.")
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT",
                   help="release files, or folders (their *.txt, *.htm, *.html, *.pdf, *.md)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (one sub-folder per release)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes (default: the number of CPUs)")
    add_taxonomy_option(p)
    p.add_argument("--profile", type=Path, metavar="FILE",
                   help="one company profile for every release (default: <release>.profile.toml beside each)")
    p.add_argument("--engine", choices=("local", "dask", "ray"), default="local",
                   help="local: a process pool (default); dask or ray: a cluster (optional dependencies)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask or ray: an existing cluster's address (its workers must see the same paths); "
                        "default: a local cluster of --jobs worker processes")
    p.add_argument("--no-validate", action="store_true", help="skip the Arelle validation")
    p.add_argument("--viewer", action="store_true",
                   help="also write each release's interactive viewer (as convert does; about 1 s more per release)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..batch import BatchConfig, expand_inputs, plan, run_batch
    from ..batch.progress import Progress, summary_table, totals_line

    if args.jobs < 1:
        raise UserError(f"--jobs {args.jobs}: give at least 1")
    package = resolve_taxonomy_path(args.taxonomy)
    if args.profile is not None and not args.profile.is_file():
        raise UserError(f"profile {args.profile} not found")
    releases = expand_inputs(args.inputs)
    if not releases:
        raise UserError(f"no releases found in {', '.join(map(str, args.inputs))} "
                        f"(folders give their *.txt, *.htm, *.html, *.pdf and *.md files)")
    if args.out.exists() and not args.out.is_dir():
        raise UserError(f"--out {args.out} exists and is not a folder")
    items = plan(releases, args.out)
    config = BatchConfig(taxonomy=str(package.resolve()),
                         profile=str(args.profile.resolve()) if args.profile else None,
                         validate=not args.no_validate, viewer=args.viewer and not args.no_validate)
    progress = Progress(len(items))
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
    print(summary_table(results))
    print(totals_line(results, elapsed))
    if args.no_validate:
        print("validation skipped (--no-validate)")
    sys.stdout.flush()
    return 0 if all(r.ok for r in results) and len(results) == len(items) else 1
