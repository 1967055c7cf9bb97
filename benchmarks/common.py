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


def bench_environment() -> dict[str, str]:
    """The environment every timed command runs in: this one without ``PYTHONDONTWRITEBYTECODE``."""
    return {k: v for k, v in os.environ.items() if k != NO_BYTECODE}


def environment_note() -> str:
    if os.environ.get(NO_BYTECODE):
        return (f"{NO_BYTECODE} is set here; the timed commands run without it (as installed, with bytecode "
                f"written once; the read-only EDGAR plugin folder is compiled on every run either way)")
    return f"{NO_BYTECODE} is not set"


def timed(command: list[str]) -> float:
    """Wall seconds of one run of ``command`` from the project folder (its output discarded)."""
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=PROJECT,
                   env=bench_environment())
    return time.perf_counter() - started
