"""``ixconv mutate``: convert a corpus of hostile and broken releases made from a seed release, and count
what came of them (clean conversions, clear refusals, crashes, hangs, unsupported facts)."""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from ..errors import UserError
from ..taxonomy.package import resolve_taxonomy_path
from .convert import add_taxonomy_option

PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_SEED = PROJECT / "samples" / "000_ea1ead2fdb1745ca.txt"


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "mutate", help="convert hostile and broken variants of a release; count crashes, hangs and unsupported facts",
        description="Derive COUNT mutants from a seed release (deleted lines, truncated numbers, shuffled columns, "
                    "swapped headers, garbage characters, mixed encodings, an empty, binary, UTF-16 or huge file, the release "
                    "as HTML with hidden digits, deep nesting, lines past 65535, an unclosed <embed>, a colspan bomb, "
                    "a row of 100,000 cells, ...), "
                    "deterministically for --rng-seed, and convert each in-process without Arelle under a time limit. "
                    "A fact is unsupported when its printed text is not at the line and column its report entry gives, "
                    "or its value is not that printed number. Exit 0 when there is no crash, hang, unsupported fact, "
                    "unclear refusal or malformed document; 1 otherwise; 2 for unusable options.")
    p.add_argument("--seed-file", type=Path, default=DEFAULT_SEED, metavar="FILE",
                   help=f"the release to mutate (default: {DEFAULT_SEED.relative_to(PROJECT)})")
    p.add_argument("--count", type=int, default=200, metavar="N", help="number of mutants (default 200)")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="write the mutants here and keep them (default: a temporary folder, removed afterwards)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--profile", type=Path, metavar="FILE",
                   help="company profile (default: <seed>.profile.toml beside the seed file)")
    add_taxonomy_option(p)
    p.add_argument("--rng-seed", type=int, default=0, metavar="N", help="seed of the mutations' random choices (default 0)")
    p.add_argument("--time-limit", type=float, default=20.0, metavar="SECONDS",
                   help="a conversion still running after this long counts as a hang (default 20)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..tools.mutations import generate_corpus, run_corpus

    if args.count < 1:
        raise UserError(f"--count {args.count}: give at least 1")
    if args.time_limit <= 0:
        raise UserError(f"--time-limit {args.time_limit:g}: give a number of seconds above 0")
    if not args.seed_file.is_file():
        raise UserError(f"seed release {args.seed_file} not found; give an existing release with --seed-file FILE")
    profile = args.profile or args.seed_file.with_name(args.seed_file.stem + ".profile.toml")
    if not profile.is_file():
        raise UserError(f"company profile {profile} not found; give one with --profile FILE "
                        f"(the mutants' company facts come from it)")
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise UserError(f"--out {args.out} exists and is not a folder; give a folder for the mutants")
    package = resolve_taxonomy_path(args.taxonomy)
    mutants = generate_corpus(args.seed_file.read_bytes(), args.count, rng_seed=args.rng_seed)

    folder = args.out if args.out is not None else Path(tempfile.mkdtemp(prefix="ixconv-mutants-"))
    text = args.format == "text"
    try:
        def progress(outcome) -> None:
            if text and sys.stderr.isatty():
                print(f"\r{outcome.name:<28}", end="", file=sys.stderr, flush=True)

        result = run_corpus(mutants, folder, taxonomy=package, profile=profile, seconds=args.time_limit,
                            progress=progress)
        if text and sys.stderr.isatty():
            print("\r" + " " * 28 + "\r", end="", file=sys.stderr, flush=True)
    finally:
        if args.out is None:
            shutil.rmtree(folder, ignore_errors=True)

    counts = result.counts()
    if args.format == "json":
        print(json.dumps({
            "seed_file": str(args.seed_file), "rng_seed": args.rng_seed, "time_limit": args.time_limit,
            "mutants_kept_in": str(args.out) if args.out is not None else None,
            "counts": counts, "by_kind": result.by_kind(),
            "outcomes": [o.as_dict() for o in result.outcomes],
        }, indent=2, ensure_ascii=False))
        return 0 if result.ok else 1

    print(f"{counts['inputs']} mutants of {args.seed_file} (rng seed {args.rng_seed}, time limit {args.time_limit:g} s)")
    print(f"  inputs:             {counts['inputs']}")
    print(f"  clean conversions:  {counts['clean']}")
    print(f"  clear refusals:     {counts['refused']}")
    print(f"  unclear refusals:   {counts['unclear_refusals']}  (the message does not name the input)")
    print(f"  crashes:            {counts['crashes']}")
    print(f"  hangs:              {counts['hangs']}")
    print(f"  unsupported facts:  {counts['unsupported_facts']}")
    print(f"  malformed documents: {counts['broken_outputs']}")
    print("by kind (inputs / clean / refused / crash / hang / unsupported facts):")
    for kind, row in sorted(result.by_kind().items()):
        print(f"  {kind:<18} {row['inputs']:>4} {row['clean']:>5} {row['refused']:>5} {row['crash']:>3} {row['hang']:>3}"
              f" {row['unsupported']:>5}")
    where = f" (kept in {args.out})" if args.out is not None else " (give --out DIR to keep the mutants)"
    problems = [o for o in result.outcomes if not o.ok]
    if problems:
        print(f"problems{where}:")
    for o in problems:
        print(f"  {o.name}: {o.description[:100]}")
        if o.status in ("crash", "hang"):
            print(f"    {o.status}: {o.message}")
        if o.status == "refused" and not o.names_input:
            print(f"    refusal does not name the input: {o.message}")
        for line in o.unsupported[:5]:
            print(f"    unsupported: {line}")
        if len(o.unsupported) > 5:
            print(f"    ... and {len(o.unsupported) - 5} more unsupported facts")
        if o.output_problem:
            print(f"    {o.output_problem.splitlines()[0]}")
    return 0 if result.ok else 1
