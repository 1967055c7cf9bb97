"""The batch's progress bar (stderr), summary table (stdout) and ``summary.json``. No dependency."""
from __future__ import annotations

import sys
import time
from typing import TextIO

from . import CONVERTED, FAILED, REFUSED, STATUSES, TIMEOUT, ItemResult


class Progress:
    """``[#######.......]  7/15  converted 6  refused 1  failed 0  0:12`` redrawn in place on a terminal;
    elsewhere (CI logs, pipes) one line per finished release."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 30):
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.done = 0
        self.counts = {status: 0 for status in STATUSES}
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


def _percent(grade: dict | None) -> str:
    if not grade or "recall" not in grade:
        return "-"
    return f"{100 * grade['recall']:.0f}%"


def _wrong(grade: dict | None) -> str:
    return "-" if not grade or "wrong" not in grade else str(grade["wrong"])


def summary_table(results: list[ItemResult], *, max_reason: int = 160) -> str:
    """input | status | facts | errors | not tagged | recall | wrong | seconds | output or reason, one row
    per release in input order (recall and wrong against the manifest's truth, where it gives one)."""
    head = ("input", "status", "facts", "errors", "untagged", "recall", "wrong", "s", "output / reason")
    rows = [head]
    for r in sorted(results, key=lambda r: r.index):
        if r.status == CONVERTED:
            detail = f"{r.out_dir}/{r.document}" if r.document else r.out_dir
            if r.failed:
                detail += "  (fails: " + "; ".join(r.failed) + ")"
        else:
            detail = " ".join(r.reason.split())  # one line, whatever the exception said
            if len(detail) > max_reason:
                detail = detail[: max_reason - 1] + "…"
        seconds = r.seconds.get("total")
        rows.append((r.input, r.status, _cell(r.facts), _cell(r.errors), _cell(r.not_tagged), _percent(r.grade),
                     _wrong(r.grade), "-" if seconds is None else f"{seconds:.1f}", detail))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    lines = []
    for n, row in enumerate(rows):
        cells = [f"{row[0]:<{widths[0]}}", f"{row[1]:<{widths[1]}}"] + [f"{row[i]:>{widths[i]}}" for i in range(2, len(widths))]
        lines.append(("  ".join(cells) + "  " + row[-1]).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(head[-1]))
    return "\n".join(lines)


def totals_line(results: list[ItemResult], seconds: float) -> str:
    count = {s: sum(1 for r in results if r.status == s) for s in STATUSES}
    invalid = sum(1 for r in results if r.status == CONVERTED and r.errors)
    rate = len(results) / seconds if seconds > 0 else 0.0
    timeouts = f", {count[TIMEOUT]} timed out" if count[TIMEOUT] else ""
    return (f"{len(results)} releases: {count[CONVERTED]} converted ({invalid} with validation errors), "
            f"{count[REFUSED]} refused, {count[FAILED]} failed{timeouts} in {seconds:.1f} s ({rate:.2f} releases/s)")


def summary_data(results: list[ItemResult], skipped: list[tuple[str, str]], seconds: float, exit_code: int) -> dict:
    """``summary.json``: every release's status, counts, grade and time, in input order, and the totals."""
    ordered = sorted(results, key=lambda r: r.index)
    count = {s: sum(1 for r in results if r.status == s) for s in STATUSES}
    releases = []
    for r in ordered:
        entry: dict[str, object] = {
            "input": r.input, "status": r.status, "out": r.out_dir, "document": r.document or None,
            "reason": r.reason or None, "facts": r.facts, "not_tagged": r.not_tagged,
            "footings_failed": r.footings_failed, "errors": r.errors, "warnings": r.warnings, "assumed": r.assumed,
            "failed": r.failed, "seconds": round(r.seconds.get("total", 0.0), 3),
        }
        if r.grade is not None:
            entry["truth"] = r.grade
        releases.append(entry)
    graded = [r.grade for r in ordered if r.grade and "recall" in r.grade]
    return {
        "releases": releases,
        "skipped": [{"input": path, "reason": reason} for path, reason in skipped],
        "totals": {**count, "releases": len(results), "with_validation_errors":
                   sum(1 for r in results if r.status == CONVERTED and r.errors),
                   "facts": sum(r.facts or 0 for r in results if r.status == CONVERTED),
                   "wrong": sum(g["wrong"] for g in graded) if graded else None,
                   "seconds": round(seconds, 3)},
        "exit": exit_code,
    }
