"""What the benchmark scripts share: the project's folders, the reference release, timing a command."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SEED = PROJECT / "samples" / "000_ea1ead2fdb1745ca.txt"
# Python writes no bytecode with this set, so every run compiles every module that has no .pyc yet (the
# project's own, when run from a checkout): an installed ixconv has its .pyc written by pip. The timed
# commands (ixconv's and Arelle's alike) run without it; ``environment_note`` says whether it was set.
NO_BYTECODE = "PYTHONDONTWRITEBYTECODE"


# Where the timed commands keep their bytecode: one folder of the benchmark's own (``PYTHONPYCACHEPREFIX``),
# so that no run writes a __pycache__ into a folder it does not own (the shared EDGAR plugin's folder is
# read-only to its users; run as root, Python would write into it), and ixconv and Arelle's command line
# alike read every module's bytecode, the EDGAR plugin's included, compiled once. Each script runs every
# timed command once before timing (the warm-up fills this folder).
PYCACHE_ENV = "PYTHONPYCACHEPREFIX"


def pycache_prefix() -> Path:
    import sys

    sys.path.insert(0, str(PROJECT))
    from converter.locations import cache_dir

    return cache_dir() / "bench-pycache"


def bench_environment() -> dict[str, str]:
    """The environment every timed command runs in: this one without ``PYTHONDONTWRITEBYTECODE``, with the
    benchmark's bytecode folder (``pycache_prefix``)."""
    env = {k: v for k, v in os.environ.items() if k != NO_BYTECODE}
    env.setdefault(PYCACHE_ENV, str(pycache_prefix()))
    return env


def environment_note() -> str:
    prefix = bench_environment()[PYCACHE_ENV]
    note = (f"{NO_BYTECODE} is set here; the timed commands run without it" if os.environ.get(NO_BYTECODE)
            else f"{NO_BYTECODE} is not set")
    return (f"{note}; every timed command (ixconv's and Arelle's) keeps its bytecode in {PYCACHE_ENV}={prefix}, "
            f"compiled once by the warm-up runs, the EDGAR plugin's included")


def timed(command: list[str]) -> float:
    """Wall seconds of one run of ``command`` from the project folder (its output discarded)."""
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=PROJECT,
                   env=bench_environment())
    return time.perf_counter() - started
