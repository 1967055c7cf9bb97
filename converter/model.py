"""Typed models passed between the pipeline's stages.

ingest -> Document -> extract -> Extraction -> mapping -> Facts -> checks -> Findings
-> render -> Filing files -> validate -> ValidationResult -> export

Every model is a frozen dataclass; a stage reads only the model before it. Provenance
(``Span``) travels with every value so the report is built from it, never reconstructed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True, order=True)
class Span:
    """Where a piece of text sits in the source: 1-based line, 0-based column range."""

    file: str
    line: int
    col_start: int
    col_end: int
    path: str = ""  # for HTML: a path to the element (e.g. /html/body/table[3]/tr[5]/td[2]); PDF: "page N"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col_start + 1}"
        return f"{where} ({self.path})" if self.path else where


@dataclass(frozen=True)
class Cell:
    """One cell of a source line: tab-separated text, an HTML <td>, or a PDF word run."""

    text: str
    span: Span


@dataclass(frozen=True)
class Line:
    """One logical line of the source with its cells (a single cell for prose)."""

    number: int
    text: str
    cells: tuple[Cell, ...]

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Document:
    """What ingest hands to extract: the source's lines, in order, with spans."""

    path: str
    format: Literal["text", "html", "pdf"]
    lines: tuple[Line, ...]


# --------------------------------------------------------------------------- extract

UnitKind = Literal["monetary", "shares", "perShare", "pure", "percent", "count"]


@dataclass(frozen=True, order=True)
class Period:
    """A duration (start..end inclusive, as printed) or an instant (end only)."""

    end: dt.date
    start: dt.date | None = None

    @property
    def is_instant(self) -> bool:
        return self.start is None

    @property
    def key(self) -> str:
        if self.start is None:
            return f"I{self.end:%Y%m%d}"
        return f"D{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    def describe(self) -> str:
        if self.start is None:
            return f"as of {self.end.isoformat()}"
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class Reading:
    """A number as read from one cell: value as printed (sign applied), or why not."""

    raw: str
    span: Span
    value: Decimal | None  # None when unreadable or a dash-as-zero is None? (dash -> 0)
    negative: bool = False  # printed in parentheses or with a minus sign
    dash: bool = False  # printed as a dash meaning zero
    decimals_printed: int = 0  # digits after the decimal point as printed
    problem: str | None = None  # why the cell cannot be read with certainty

    @property
    def readable(self) -> bool:
        return self.problem is None and self.value is not None


@dataclass(frozen=True)
class Column:
    index: int
    period: Period | None
    header: str
    problem: str | None = None  # why the period is uncertain


@dataclass(frozen=True)
class Row:
    label: str  # normalised label, OCR splits repaired where safe
    raw_label: str
    section: str  # nearest heading row above (normalised), "" at the top
    line: int
    cells: tuple[Reading | None, ...]  # one per column; None = empty
    extras: tuple[Reading, ...] = ()  # numbers on the row that fit no column
    problem: str | None = None  # row-level reason not to trust any cell
    merged_lines: tuple[int, ...] = ()  # continuation lines whose numbers joined this row
    alt_label: str = ""  # the label with PDF split artefacts repaired (a letter doubled at a cell boundary)


@dataclass(frozen=True)
class Table:
    id: str
    statement: str  # income | balance | cashflow | nongaap | other
    title: str
    title_line: int
    first_line: int
    last_line: int
    scale_monetary: int  # power of ten: 3 for thousands
    scale_shares: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Extraction:
    document: Document
    tables: tuple[Table, ...]
    findings: tuple["Finding", ...] = ()


# --------------------------------------------------------------------------- mapping


@dataclass(frozen=True, order=True)
class QName:
    prefix: str
    local: str

    def __str__(self) -> str:
        return f"{self.prefix}:{self.local}"

    @classmethod
    def parse(cls, text: str) -> "QName":
        prefix, _, local = text.partition(":")
        if not local:
            raise ValueError(f"not a prefixed name: {text!r}")
        return cls(prefix, local)


@dataclass(frozen=True)
class Fact:
    concept: QName
    period: Period
    unit: str | None  # "USD" | "shares" | "USDPerShare" | "pure"; None for text facts
    value: Decimal | str  # the fact's value (after the rule's sign convention); str for text facts
    decimals: int | None
    scale: int  # power of ten applied to the printed number
    reading: Reading  # where it came from
    rule: str  # "<file>#<rule id>" that mapped it
    table_id: str  # the table, or "prose" / "cover" / "guidance"
    row_label: str
    dims: tuple[tuple[QName, QName], ...] = ()
    row_line: int = 0  # the line of the row (a row's cells may come from merged continuation lines)
    sign: str = "as-printed"  # the rule's sign convention: "negated" when the row prints the opposite sign
    format: str | None = None  # transformation for text facts (e.g. ixt:date-monthname-day-year-en)
    shown: str | None = None  # text to show in place of the printed one (an OCR split repaired)

    @property
    def is_numeric(self) -> bool:
        return not isinstance(self.value, str)

    @property
    def printed_negative(self) -> bool:
        return self.reading.negative

    @property
    def half_unit(self) -> Decimal:
        """Half a unit of the fact's last printed digit: the fact stands for value ± this much
        (Calculations 1.1 interval arithmetic, round to nearest)."""
        return Decimal(5).scaleb(-(self.decimals or 0) - 1)

    @property
    def sign_attr(self) -> bool:
        """True when the fact's value is negative (ix sign="-")."""
        return self.is_numeric and self.value < 0  # type: ignore[operator]


# --------------------------------------------------------------------------- checks

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    code: str  # e.g. "damage.digitGroup", "footing.mismatch", "missing.value"
    severity: Severity
    message: str
    span: Span | None = None
    raw: str = ""
    table_id: str = ""


@dataclass(frozen=True)
class Footing:
    """One checked sum: total == sum(weight * part) for one period."""

    table_id: str
    period: Period
    total_label: str
    total: Decimal
    parts: tuple[tuple[str, int, Decimal], ...]
    computed: Decimal
    ok: bool
    rule: str
    checkable: bool = True  # False: a part is unreadable, or a row among its rows is outside it


@dataclass(frozen=True)
class Company:
    name: str
    cik: str
    ticker: str
    prefix: str
    namespace: str
    fiscal_year_end: str  # --MM-DD

    @property
    def cik10(self) -> str:
        return self.cik.zfill(10)


@dataclass(frozen=True)
class Filing:
    """What render consumes: the document to show and the facts to tag in it."""

    company: Company
    document: Document
    tables: tuple[Table, ...]
    facts: tuple[Fact, ...]
    findings: tuple[Finding, ...]
    footings: tuple[Footing, ...]
    report_date: dt.date
    document_type: str = "8-K"
    extra: dict = field(default_factory=dict, compare=False, hash=False)
