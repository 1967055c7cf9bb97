"""A flat CSV of the tagged facts for data vendors: one row per fact, with its provenance.

Built from the review report (``model.Report``, ``export.report.build_report``), never from the iXBRL:
every row carries the source line and mapping rule the report carries; the label is the concept's name
in words (the report carries no label). Deterministic: rows sorted by concept, period,
dimensions and unit; UTF-8 without BOM; ``\\n`` line ends. A text cell that a spreadsheet would run
as a formula (``=``, ``+``, ``-``, ``@`` first) is written with a leading ``'``.
"""
from __future__ import annotations

import csv
import io
import re

from ..model import Report, ReportFact

COLUMNS = ("concept", "label", "period_start", "period_end", "instant", "dimensions", "unit", "value",
           "decimals", "source_line", "rule", "confidence")

_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])")


def words_of(concept: str) -> str:
    """A readable label from a concept name: ``us-gaap:NetIncomeLoss`` -> ``Net Income Loss``,
    ``EBITDAMargin`` -> ``EBITDA Margin``."""
    local = concept.rpartition(":")[2]
    return " ".join(_WORD_BREAK.sub(" ", local).split())


def _dimensions(dims: tuple[tuple[str, str], ...]) -> str:
    return ";".join(f"{axis}={member}" for axis, member in sorted(dict(dims).items()))


def _row(fact: ReportFact) -> dict[str, str]:
    period = fact.period_dict()
    return {
        "concept": fact.concept,
        "label": words_of(fact.concept),
        "period_start": period.get("start", ""),
        "period_end": period.get("end", ""),
        "instant": period.get("instant", ""),
        "dimensions": _dimensions(fact.dimensions),
        "unit": fact.unit or "",
        "value": fact.value_text,
        "decimals": "" if fact.decimals is None else str(fact.decimals),
        "source_line": str(fact.source.line),
        "rule": fact.rule,
        "confidence": fact.confidence,
    }


# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?\Z")


def defused(text: str) -> str:
    """``text`` that no spreadsheet runs: a leading ``'`` before a formula start (a plain number such as
    ``-1234`` stays as it is, so values keep their sign)."""
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _order(row: dict[str, str]) -> tuple[str, str, str, str, str, int, str]:
    end = row["period_end"] or row["instant"]
    source_line = int(row["source_line"]) if row["source_line"].isdigit() else 0
    return (row["concept"], end, row["period_start"], row["dimensions"], row["unit"], source_line, row["value"])


def flat_csv(report: Report) -> bytes:
    """The facts of ``report`` as CSV bytes with the header ``COLUMNS``."""
    rows = sorted((_row(f) for f in report.facts), key=_order)
    rows = [{k: defused(v) for k, v in row.items()} for row in rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
