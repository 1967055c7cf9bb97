"""What the benchmark scripts share: the project's folders, the reference release, timing a command."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SEED = PROJECT / "samples" / "000_ea1ead2fdb1745ca.txt"


def timed(command: list[str]) -> float:
    """Wall seconds of one run of ``command`` from the project folder (its output discarded)."""
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=PROJECT)
    return time.perf_counter() - started
