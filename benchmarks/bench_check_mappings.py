"""Timings of ``ixconv check-mappings`` (a benchmark to run by hand, not a test).

    .venv/bin/python benchmarks/bench_check_mappings.py [--taxonomy PACKAGE.zip] [--repeat N]

Prints the concept index build time with the cache disabled (``load_index(use_cache=False)``), the
cached index load time, the check time on the project's taxonomy/ with a warm index, and the wall
time of the whole command in a fresh process (Python start-up included).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from common import PROJECT, bench_environment, environment_note  # noqa: E402  (benchmarks/common.py)

from converter.mapping.lint import lint
from converter.taxonomy.index import load_index
from converter.taxonomy.package import resolve_taxonomy_path


def timed(function, repeat: int) -> tuple[float, float]:
    """(best, median) seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxonomy", help="taxonomy package (default: as ixconv finds it)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    package = resolve_taxonomy_path(args.taxonomy)
    print(environment_note())
    print(f"taxonomy package: {package} ({package.stat().st_size / 1e6:.1f} MB)")

    best, median = timed(lambda: load_index(package, use_cache=False), max(1, args.repeat // 2))
    print(f"index build, cold (no cache):   best {best * 1000:7.1f} ms   median {median * 1000:7.1f} ms")

    load_index(package)  # fill the cache
    best, median = timed(lambda: load_index(package), args.repeat)
    print(f"index load, cached:             best {best * 1000:7.1f} ms   median {median * 1000:7.1f} ms")

    index = load_index(package)
    report = lint(None, index)
    best, median = timed(lambda: lint(None, index), args.repeat)
    print(f"checks of taxonomy/, warm:      best {best * 1000:7.1f} ms   median {median * 1000:7.1f} ms"
          f"   ({len(report.rules.rules) if report.rules else 0} rules, {len(report.findings)} findings)")

    command = [sys.executable, "-c", "import sys; from converter.cli import main; sys.exit(main(sys.argv[1:]))",
               "check-mappings", "--taxonomy", str(package)]
    best, median = timed(lambda: subprocess.run(command, cwd=PROJECT, capture_output=True, check=False,
                                                      env=bench_environment()), args.repeat)
    print(f"whole command, warm (process):  best {best * 1000:7.1f} ms   median {median * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
