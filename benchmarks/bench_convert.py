"""``ixconv convert`` (validation, export and viewer) against Arelle's own command line validating the same
file, measured in pairs (a benchmark to run by hand, not a test).

    .venv/bin/python benchmarks/bench_convert.py [--taxonomy ZIP] [--release FILE] [--pairs N]

Each pair runs, one right after the other, ``ixconv convert RELEASE --out DIR`` (a fresh process) and
``arelleCmdLine --workOffline --packages ZIP -f DIR/<document>.htm --validate --calc c11r`` with the same
EDGAR plugin and disclosure system convert uses (``validate.edgar.resolve_edgar``), so both meet the same
load on a shared machine. Prints each pair, the median of the ratios, and the load average before and
after. One conversion and one Arelle run are made first (not counted) so the disk caches (concept index,
compiled templates, the base-taxonomy messages, both sides' bytecode: ``common.bench_environment``) are
filled, as on any machine after its first conversion.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import (  # noqa: E402  (benchmarks/common.py, beside this script)
    PROJECT,
    SEED,
    bench_environment,
    environment_note,
    timed,
)


def ixconv() -> list[str]:
    return [sys.executable, "-c", "import sys; from converter.cli import main; sys.exit(main(sys.argv[1:]))"]


def main() -> None:
    sys.path.insert(0, str(PROJECT))
    from converter.taxonomy.package import resolve_taxonomy_path
    from converter.validate.edgar import resolve_edgar

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxonomy", help="taxonomy package (default: as ixconv finds it)")
    parser.add_argument("--release", type=Path, default=SEED)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    package = resolve_taxonomy_path(args.taxonomy)
    edgar = resolve_edgar()
    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(environment_note())
    with tempfile.TemporaryDirectory(prefix="bench-convert-") as scratch:
        out = Path(scratch) / "out"
        convert = ixconv() + ["convert", str(args.release), "--out", str(out), "--taxonomy", str(package), "--force"]
        subprocess.run(convert, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=PROJECT,
                       env=bench_environment())
        document = next(p for p in out.glob("*.htm"))
        copy = Path(scratch) / "copy"
        shutil.copytree(out, copy)  # Arelle validates a copy: convert replaces out/ meanwhile
        arelle = [str(Path(sys.executable).with_name("arelleCmdLine")), "--workOffline", "--packages", str(package),
                  "-f", str(copy / document.name), "--validate", "--calc", "c11r"]
        if edgar.active:
            arelle += ["--plugins", edgar.plugins(), "--disclosureSystem", edgar.disclosure_system]
        subprocess.run(arelle, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=PROJECT,
                       env=bench_environment())  # warm-up of Arelle's command line too (its bytecode)
        print("convert:", " ".join(convert[3:]))
        print("arelle: ", " ".join(arelle))
        ratios = []
        for n in range(args.pairs):
            mine, theirs = timed(convert), timed(arelle)
            ratios.append(mine / theirs)
            print(f"pair {n + 1}: convert {mine:.2f} s, Arelle's CLI {theirs:.2f} s, ratio {mine / theirs:.2f}")
    print(f"convert / Arelle CLI, median of {args.pairs} pairs: {statistics.median(ratios):.2f}")
    print("load average after:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
