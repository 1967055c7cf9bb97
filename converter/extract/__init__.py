"""extract: ``Document`` -> ``Extraction`` (tables with periods, scale and read numbers; findings)."""
from __future__ import annotations

from ..model import CalendarHint, Document, Extraction, Finding, Severity, Span
from ..rules import StatementKind
from .calendar import apply_calendar, infer_calendar
from .tables import find_tables


def extract(document: Document, statements: tuple[StatementKind, ...], calendar: CalendarHint | None = None) -> Extraction:
    """Tables with their columns' periods on the company's fiscal calendar (settled from the whole
    release and ``calendar``, what the profile says), read numbers and the findings."""
    tables, findings = find_tables(document.lines, statements, document.path)
    findings = list(document.notes) + list(findings)  # ingest's own notes first
    fiscal = infer_calendar(tables, calendar)
    tables, period_findings = apply_calendar(tables, fiscal)
    findings.extend(period_findings)
    for table in tables:
        for row in table.rows:
            for reading in list(row.cells) + list(row.extras):
                if reading is not None and reading.problem and not reading.problem.startswith("column "):
                    findings.append(Finding(
                        "damage.cell", Severity.WARNING,
                        f"{reading.raw!r} in row {row.raw_label or '(no label)'!r} is not tagged: {reading.problem}",
                        reading.span, reading.raw, table.id,
                    ))
            if row.problem:
                first_cell: Span | None = next((c.span for c in row.cells if c), None)
                where = row.extras[0].span if row.extras else first_cell
                findings.append(Finding(
                    "damage.row", Severity.WARNING,
                    f"row {row.raw_label or '(no label)'!r} is not tagged: {row.problem}",
                    where,
                    " ".join(r.raw for r in row.extras) or " ".join(c.raw for c in row.cells if c), table.id,
                ))
    return Extraction(document, tuple(tables), tuple(findings), fiscal)
