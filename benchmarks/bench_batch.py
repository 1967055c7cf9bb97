"""``ixconv batch`` against sequential Arelle command-line runs on the same filings (a benchmark to run by
hand, not a test).

    .venv/bin/python benchmarks/bench_batch.py [--taxonomy ZIP] [--release FILE] [--counts 4,32]
                                               [--jobs 2] [--cli-runs 3]

For each count N: N copies of the release in a folder, ``ixconv batch FOLDER --out OUT --jobs J`` as one
process (wall time, start-up included: Arelle imported and started once in the parent, the workers forked
from it), then the sequential Arelle CLI cost of validating those N outputs, N x the median of
``--cli-runs`` runs of ``arelleCmdLine --workOffline --packages ZIP -f FILE --validate --calc c11r`` with the
EDGAR plugin and disclosure system the batch uses (every copy is the same filing, so one run stands for
each). Prints the ratio batch / sequential CLI and the load average before and after, and the floor
under that ratio: Arelle's start-up and its validation of the filing alone (``arelle_floor.py``: a warm
fork, no conversion, export or viewer), the validations spread evenly over the jobs.
"""
from __future__ import annotations

import argparse
import json
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


def main() -> None:
    sys.path.insert(0, str(PROJECT))
    from converter.taxonomy.package import resolve_taxonomy_path
    from converter.validate.edgar import resolve_edgar

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxonomy")
    parser.add_argument("--release", type=Path, default=SEED)
    parser.add_argument("--counts", default="4,32")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cli-runs", type=int, default=3)
    args = parser.parse_args()
    package = resolve_taxonomy_path(args.taxonomy)
    edgar = resolve_edgar()
    ixconv = [sys.executable, "-c", "import sys; from converter.cli import main; sys.exit(main(sys.argv[1:]))"]
    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(environment_note())
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        scratch = Path(scratch)
        single = scratch / "single"
        subprocess.run(ixconv + ["convert", str(args.release), "--out", str(single), "--taxonomy", str(package)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=PROJECT,
                       env=bench_environment())
        document = next(single.glob("*.htm"))
        arelle = [str(Path(sys.executable).with_name("arelleCmdLine")), "--workOffline", "--packages", str(package),
                  "-f", str(document), "--validate", "--calc", "c11r"]
        if edgar.active:
            arelle += ["--plugins", edgar.plugins(), "--disclosureSystem", edgar.disclosure_system]
        timed(arelle)  # warm-up (not counted): its bytecode, as the conversion above did for ixconv's
        cli = statistics.median(timed(arelle) for _ in range(args.cli_runs))
        print(f"Arelle CLI, one filing: {cli:.2f} s (median of {args.cli_runs}): {' '.join(arelle[1:])}")
        floor_command = [sys.executable, str(PROJECT / "benchmarks" / "arelle_floor.py"), str(document),
                         "--taxonomy", str(package)]
        floor = json.loads(subprocess.run(floor_command, capture_output=True, text=True, check=True, cwd=PROJECT,
                                          env=bench_environment()).stdout)
        print(f"Arelle's own work in a batch (benchmarks/arelle_floor.py): start-up {floor['startup']:.2f} s once, "
              f"validation {floor['validation_cpu']:.2f} s of CPU per filing in a warm fork")
        for count in (int(c) for c in args.counts.split(",")):
            inputs = scratch / f"in-{count}"
            inputs.mkdir()
            profile = args.release.with_name(args.release.stem + ".profile.toml")
            for n in range(count):
                copy = inputs / f"r{n:03d}{args.release.suffix}"
                shutil.copyfile(args.release, copy)
                if profile.is_file():  # the company's profile, beside each copy
                    shutil.copyfile(profile, copy.with_name(copy.stem + ".profile.toml"))
            command = ixconv + ["batch", str(inputs), "--out", str(scratch / f"out-{count}"), "--jobs", str(args.jobs),
                                "--taxonomy", str(package), "-q"]
            wall = timed(command)
            totals = json.loads((scratch / f"out-{count}" / "summary.json").read_text())["totals"]
            if totals.get("converted") != count:
                raise SystemExit(f"the batch of {count} did not convert every release: {totals}")
            print(f"batch of {count}, --jobs {args.jobs}: {wall:.2f} s; sequential Arelle CLI {count} x {cli:.2f} = "
                  f"{count * cli:.2f} s; ratio {wall / (count * cli):.3f}   (ixconv {' '.join(command[3:])})")
            # Arelle's start-up and validations alone, the validations spread evenly over the jobs (no
            # conversion, export or viewer): no batch that validates every release can go below it
            least = floor["startup"] + -(-count // args.jobs) * floor["validation_cpu"]
            print(f"  floor of Arelle's own work: {least:.2f} s, ratio {least / (count * cli):.3f}")
    print("load average after:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
