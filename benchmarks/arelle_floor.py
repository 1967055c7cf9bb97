"""What Arelle's own work costs a batch, the floor under ``bench_batch.py``'s ratio (run by it, or by hand):

    .venv/bin/python benchmarks/arelle_floor.py FILING.htm [--taxonomy ZIP] [--runs 5]

Prints one JSON object: ``startup``, the wall seconds from the script's first line to a warm validator ready
for the filing (ixconv's and Arelle's imports, the controller with the EDGAR plugin, the template of
base schemas: what a batch's parent pays before its first validation), and ``validation_cpu``, the median CPU
seconds of validating the filing in a fork of that template (load, Arelle's checks, the EDGAR plugin; no
export, no viewer, no conversion): the least any release of a batch costs on a core.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    begun = time.perf_counter()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from converter.taxonomy.package import resolve_taxonomy_path
    from converter.validate.warm import WarmValidator

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("filing", type=Path)
    parser.add_argument("--taxonomy")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    package = resolve_taxonomy_path(args.taxonomy)
    validator = WarmValidator(package)
    validator.start()
    validator.prepare(args.filing)
    startup = time.perf_counter() - begun
    costs = []
    for _ in range(args.runs + 1):  # the first run imports what the validation imports on first use: not counted
        before = os.times()
        validator.validate(args.filing)
        after = os.times()
        costs.append(after.children_user + after.children_system - before.children_user - before.children_system)
    validator.close()
    print(json.dumps({"startup": round(startup, 3), "validation_cpu": round(statistics.median(costs[1:]), 3)}))


if __name__ == "__main__":
    main()
