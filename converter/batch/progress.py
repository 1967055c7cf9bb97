"""The batch's progress bar (stderr) and summary table (stdout). No dependency."""
from __future__ import annotations

import sys
import time
from typing import TextIO

from . import CONVERTED, FAILED, REFUSED, ItemResult


class Progress:
    """``[#######.......]  7/15  converted 6  refused 1  failed 0  0:12`` redrawn in place on a terminal;
    elsewhere (CI logs, pipes) one line per finished release."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 30):
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.done = 0
        self.counts = {CONVERTED: 0, REFUSED: 0, FAILED: 0}
        self.started = time.monotonic()
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())

    def _elapsed(self) -> str:
        seconds = int(time.monotonic() - self.started)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def _bar(self) -> str:
        filled = self.width * self.done // self.total if self.total else self.width
        counts = "  ".join(f"{k} {v}" for k, v in self.counts.items())
        return f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done:>{len(str(self.total))}}/{self.total}  {counts}  {self._elapsed()}"

    def start(self) -> None:
        if self.interactive:
            self.stream.write("\r" + self._bar())
            self.stream.flush()

    def update(self, result: ItemResult) -> None:
        self.done += 1
        self.counts[result.status] = self.counts.get(result.status, 0) + 1
        if self.interactive:
            self.stream.write("\r" + self._bar())
        else:
            self.stream.write(f"[{self.done}/{self.total}] {result.status} {result.input}\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.interactive:
            self.stream.write("\n")
            self.stream.flush()


def _cell(value) -> str:
    return "-" if value is None else str(value)


def summary_table(results: list[ItemResult], *, max_reason: int = 160) -> str:
    """input | status | facts | errors | output or reason, one row per release in input order."""
    rows = [("input", "status", "facts", "errors", "output / reason")]
    for r in sorted(results, key=lambda r: r.index):
        if r.status == CONVERTED:
            detail = f"{r.out_dir}/{r.document}" if r.document else r.out_dir
        else:
            detail = " ".join(r.reason.split())  # one line, whatever the exception said
            if len(detail) > max_reason:
                detail = detail[: max_reason - 1] + "…"
        rows.append((r.input, r.status, _cell(r.facts), _cell(r.errors), detail))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        lines.append(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]:>{widths[3]}}  {row[4]}".rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(rows[0][4]))
    return "\n".join(lines)


def totals_line(results: list[ItemResult], seconds: float) -> str:
    count = {s: sum(1 for r in results if r.status == s) for s in (CONVERTED, REFUSED, FAILED)}
    invalid = sum(1 for r in results if r.status == CONVERTED and r.errors)
    rate = len(results) / seconds if seconds > 0 else 0.0
    return (f"{len(results)} releases: {count[CONVERTED]} converted ({invalid} with validation errors), "
            f"{count[REFUSED]} refused, {count[FAILED]} failed in {seconds:.1f} s ({rate:.2f} releases/s)")
