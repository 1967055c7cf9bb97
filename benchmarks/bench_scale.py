"""How convert's time grows with the input (a benchmark to run by hand, not a test).

    .venv/bin/python benchmarks/bench_scale.py [--taxonomy ZIP] [--factors 1,10,50] [--cells 100000]
                                               [--no-validate]

Converts (``pipeline.convert_release``, as ``ixconv convert`` does, into a temporary folder) the
reference release at 1x, 10x and 50x its size (its statements and text repeated, so there are 10x and
50x as many lines, cells and facts), then a release whose statement of operations is one table of
``--cells`` cells (rows of ten columns). It prints the seconds of each and the growth exponent (the
slope of log time over log size between the smallest and the largest input: 1.0 is linear, 2.0
quadratic). Validation is off by default (``--validate`` to include Arelle, whose own time is not
the converter's); the concept index is loaded once before timing, as a batch worker does.

Targets (issue 18): growth exponent <= 1.2; the 100,000-cell table under 30 s.
"""
from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

SEED = PROJECT / "samples" / "000_ea1ead2fdb1745ca.txt"
PROFILE = SEED.with_name(SEED.stem + ".profile.toml")
BODY_START = "LivePerson Announces"  # the press release proper, after the 8-K cover


def scaled_seed(factor: int) -> str:
    """The seed with its press release (statements, text) repeated ``factor`` times in all."""
    text = SEED.read_text(encoding="utf-8")
    at = text.find(BODY_START)
    at = at if at > 0 else 0
    return text + ("\n\n" + text[at:]) * (factor - 1)


def wide_table(cells: int = 100_000, columns: int = 10) -> str:
    """A release whose statement of operations has ``cells`` number cells (rows of ``columns``)."""
    header = SEED.read_text(encoding="utf-8")
    cover = header[: max(header.find(BODY_START), 0)]
    rows = []
    for n in range(cells // columns):
        values = "\t".join(f"{(n * 7 + c * 13) % 9000 + 100:,}" for c in range(columns))
        rows.append(f"Operating item {n}\t{values}")
    years = "\t".join(str(2013 - (c % 2)) for c in range(columns))
    months = "\t".join("September 30," for _ in range(columns))
    return (cover + "LivePerson Announces Results\n\nLIVEPERSON, INC.\n\nCONDENSED CONSOLIDATED STATEMENTS OF "
            "OPERATIONS\n(In thousands)\n\n\tThree Months Ended\n\t" + months + "\n\t" + years + "\n"
            + "\n".join(rows) + "\n")


def time_convert(text: str, folder: Path, name: str, *, taxonomy: Path, index, rules, validate: bool) -> float:
    from converter import pipeline

    release = folder / f"{name}.txt"
    release.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    pipeline.convert_release(release, folder / f"{name}-out", taxonomy=taxonomy, profile=PROFILE,
                             validate=validate, rules=rules, index=index)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    from converter.rules import load_rules
    from converter.taxonomy.index import load_index
    from converter.taxonomy.package import resolve_taxonomy_path

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--taxonomy")
    parser.add_argument("--factors", default="1,10,50")
    parser.add_argument("--cells", type=int, default=100_000)
    parser.add_argument("--validate", action="store_true")
    args = parser.parse_args(argv)
    taxonomy = resolve_taxonomy_path(args.taxonomy)
    index, rules = load_index(taxonomy), load_rules()
    factors = [int(f) for f in args.factors.split(",")]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"1-minute load average {load:.2f}; validation {'on' if args.validate else 'off'}")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = Path(tmp)
        times = {}
        for factor in factors:
            text = scaled_seed(factor)
            seconds = time_convert(text, folder, f"x{factor}", taxonomy=taxonomy, index=index, rules=rules,
                                   validate=args.validate)
            times[factor] = seconds
            print(f"{factor:>4}x the seed ({len(text.encode()):>10,} bytes): {seconds:8.2f} s")
        low, high = min(factors), max(factors)
        if high > low:
            exponent = math.log(times[high] / times[low]) / math.log(high / low)
            print(f"growth exponent {low}x -> {high}x: {exponent:.2f} (target <= 1.2)")
            steps = sorted(factors)
            for a, b in zip(steps, steps[1:]):  # the fixed costs of a conversion flatter the first step
                print(f"  {a}x -> {b}x: {math.log(times[b] / times[a]) / math.log(b / a):.2f}")
        seconds = time_convert(wide_table(args.cells), folder, "wide", taxonomy=taxonomy, index=index, rules=rules,
                               validate=args.validate)
        print(f"a table of {args.cells:,} cells: {seconds:.2f} s (target < 30 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
