"""Typed models passed between the pipeline's stages.

ingest -> Document -> extract -> Extraction -> mapping -> Facts -> checks -> Findings
-> render -> Filing files -> validate -> ValidationSummary -> export -> Report (report.json, the flat CSV)

Every model is a frozen dataclass; a stage reads only the model before it. Provenance
(``Span``) travels with every value so the report is built from it, never reconstructed.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # a service of its own, not loaded with the model (importing converter stays cheap)
    from .rules import RuleSet

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
    problem: str | None = None  # why the cell cannot be read with certainty (e.g. what a browser shows is undecided)


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
    notes: tuple[Finding, ...] = ()  # what ingest could not read as printed (bytes not UTF-8, ...), and where


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
class Length:
    """A duration's length as printed: "Three Months", "13 Weeks", "Year To Date" (unit "ytd", count 0)."""

    count: int
    unit: Literal["month", "week", "ytd"]

    def describe(self) -> str:
        if self.unit == "ytd":
            return "year to date"
        return f"{self.count} {self.unit}{'s' if self.count != 1 else ''}"


@dataclass(frozen=True)
class Column:
    index: int
    period: Period | None
    header: str
    problem: str | None = None  # why the period is uncertain
    end: dt.date | None = None  # the end date as printed
    length: Length | None = None  # the length as printed; None for an instant
    # in a reconciliation printed side by side (GAAP | adjustments | non-GAAP): "gaap", "adjustment" or
    # "nongaap"; "" in any other table
    role: str = ""


# the problem of a row of numbers printed without a label (a subtotal under its parts): not tagged, unless a
# rule naming the rows around it maps it and its arithmetic proves it (the net amount under a gross and its
# deduction, ``net_of_above``; ``Mapping.read_damaged``)
UNLABELED_ROW = "numbers on a line without a label"


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
    statement_evidence: str = ""  # how an untitled table's statement was recognised from its rows ("" by its title)
    scale_caption: str = ""  # the printed caption the scale was read from ("" when none is printed)
    # the kinds of amount ("monetary", "shares") whose scale is neither printed nor proven: none is tagged
    scale_unknown: tuple[str, ...] = ()
    scale_evidence: str = ""  # how a scale that is not printed was proven (rows agreeing with a captioned table)


@dataclass(frozen=True)
class Extraction:
    document: Document
    tables: tuple[Table, ...]
    findings: tuple[Finding, ...] = ()
    calendar: FiscalCalendar | None = None


@dataclass(frozen=True)
class CoverValue:
    """A value the 8-K cover prints, as extract read it where a ``[[cover]]`` entry's pattern matched
    (``extract.cover.read_cover``); the mapping tags it as ``concept`` if the loaded taxonomy takes it.

    ``reading`` holds the printed text and its span; ``value`` is what the pattern's group matched (cells a
    PDF split joined back when ``repaired``), ``normalised`` the value in the form the concept's type takes
    (a date in ISO form, upper case: the entry's ``value``); ``format`` is the entry's transformation for
    it, if any; ``line`` the document line it is on."""

    rule: str  # the [[cover]] entry's id
    origin: str  # its file and id ("cover.toml#date-of-report")
    concept: str
    value: str
    normalised: str
    format: str | None
    reading: Reading
    repaired: bool
    line: int


@dataclass(frozen=True)
class ProseFigure:
    """One figure of a sentence a ``[[prose]]`` entry matched: its pattern group (``value``, or ``low`` and
    ``high`` of a range, in value order whatever order the range was printed in), its ``value`` (printed
    sign applied, scaled), the figure as read (``reading``: digits, span, value), its ``decimals`` and
    ``scale`` (the scale word, -2 for a percent)."""

    group: str
    value: Decimal
    reading: Reading
    decimals: int
    scale: int


@dataclass(frozen=True)
class ProseValue:
    """Figures a ``[[prose]]`` entry's pattern matched in one sentence, as extract read them
    (``extract.prose.read_prose``); the mapping tags them as the entry's concept if its period type fits.

    ``rule``/``origin`` name the entry, ``concept``, ``unit`` (its kind), ``sign`` and ``dims`` are the
    entry's own; ``guidance`` is True under a guidance heading (a forecast). ``period`` is the period read
    for the sentence (on the company's fiscal calendar); ``member`` the segment phrase the pattern's
    ``member`` group matched, if any; ``text`` the matched text and ``span`` its place, ``line`` the document
    line. ``figures`` holds what was read, unless a number could not be: then ``unreadable`` says so and
    ``figures`` holds none."""

    rule: str
    origin: str
    concept: str
    unit: str
    sign: str
    dims: tuple[tuple[str, str], ...]
    guidance: bool
    period: Period
    member: str | None
    text: str
    span: Span
    line: int
    figures: tuple[ProseFigure, ...]
    unreadable: Finding | None = None


# --------------------------------------------------------------------------- mapping


@dataclass(frozen=True, order=True)
class QName:
    prefix: str
    local: str

    def __str__(self) -> str:
        return f"{self.prefix}:{self.local}"

    @classmethod
    def parse(cls, text: str) -> QName:
        prefix, _, local = text.partition(":")
        if not local:
            raise ValueError(f"not a prefixed name: {text!r}")
        return cls(prefix, local)


class Footed(StrEnum):
    """The footing verdict on a fact (``checks/footings.py``): whether a footing vouches for its value.

    A ``str`` enum whose ``NO`` member is ``""``, so ``if fact.footed:`` reads "a footing vouches for it"."""

    NO = ""  # no footing vouches for it: none takes it in, one it takes part in fails, or none can be checked
    FOOTING = "footing"  # every footing it takes part in balances (or balances once its culprit is refused)
    FIGURE = "figure"  # its printed figure is vouched for under another concept (an equity line and its component)


class SignVerdict(StrEnum):
    """Why a table fact's printed sign is trusted (``checks/signs.py``); one whose sign is in doubt is refused."""

    UNCHECKED = ""  # no sign to judge: text, prose, a figure without a sign, or checks have not run
    RULE = "rule"  # the rule states the row's convention (sign = "negated" or "magnitude")
    LABEL = "label"  # the label names only the concept's negative side, and the parentheses agree
    FOOTING = "footing"  # a footing vouches for the value (``Fact.footed``)
    NEGATIVE_CASE = "negative case"  # the row's label or heading names the negative case in parentheses


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
    column: Period | None = None  # the period of the column it was read from, when the fact's own differs
    # (a cash balance at the start or end of a cash-flow column); footings bind the facts of one column
    group: str = ""  # for dimensional facts: the breakdown (table and heading) whose members add up to a total
    confidence: str = ""  # set by prior evidence ("confirmed by prior filing", ...); "" = as the rule/candidate says
    evidence: str = ""  # the prior fact (and its filing) behind the confidence
    member_evidence: str = ""  # the company's prior member (and its filing) a member named from the row's label reuses
    # the fact's identity in its filing, assigned once when the mapping's output is assembled
    # (``number_facts``; "" until then) and kept by every later ``dataclasses.replace``: the checks key
    # their refusals by it, render its element ids
    id: str = ""
    footed: Footed = Footed.NO  # the footing verdict, set by checks
    sign_verdict: SignVerdict = SignVerdict.UNCHECKED  # why its sign is trusted, set by checks

    @property
    def is_numeric(self) -> bool:
        return not isinstance(self.value, str)

    @property
    def amount(self) -> Decimal:
        """The value of a numeric fact (a ``TypeError`` for a text fact: arithmetic on it is a bug)."""
        if isinstance(self.value, str):
            raise TypeError(f"{self.concept} is a text fact: it has no amount")
        return self.value

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
        return self.is_numeric and self.amount < 0


def number_facts(facts: Iterable[Fact], prefix: str) -> list[Fact]:
    """``facts`` in their order, each without an id given ``<prefix>-<n>`` (n from 1, in that order;
    a fact that has an id keeps it): ids are assigned once, and the same facts in the same order get the
    same ids on every run. A ``ValueError`` when two facts would share an id."""
    out: list[Fact] = []
    n = 0
    for fact in facts:
        if not fact.id:
            n += 1
            fact = replace(fact, id=f"{prefix}-{n}")
        out.append(fact)
    require_ids(out)
    return out


def require_ids(facts: Iterable[Fact]) -> None:
    """A ``ValueError`` unless every fact has an id of its own (what keys a fact in the checks and render)."""
    seen: set[str] = set()
    for fact in facts:
        if not fact.id:
            raise ValueError(f"{fact.concept} ({fact.reading.span}) has no id: facts are numbered "
                             f"(model.number_facts) when the mapping's output is assembled")
        if fact.id in seen:
            raise ValueError(f"two facts have the id {fact.id!r}")
        seen.add(fact.id)


# --------------------------------------------------------------------------- checks

class Severity(StrEnum):
    """How much a finding matters, one scale for every stage (checks, mapping lint, validation).

    A ``str`` enum: its members are their strings (``Severity.ERROR == "error"``), so JSON output and
    templates keep the words they always had.
    """

    ERROR = "error"  # the output is wrong or cannot be made (a validation error, a rule that cannot apply)
    INCONSISTENCY = "inconsistency"  # Arelle's word for a calculation that does not add up: counted as an error
    WARNING = "warning"  # something was refused or is doubtful: not tagged, with its reason
    INFO = "info"  # said for the record: nothing was lost

    @property
    def is_error(self) -> bool:
        return self in (Severity.ERROR, Severity.INCONSISTENCY)

    @classmethod
    def of(cls, level: str) -> Severity:
        """The severity of a level as another tool words it (Arelle: ``fatal``, ``critical``,
        ``inconsistency``, ``info-semantic``, ...; any case): unknown words are ``INFO``."""
        word = level.strip().lower()
        if word in ("error", "fatal", "critical"):
            return cls.ERROR
        if word in ("inconsistency", "warning"):
            return cls(word)
        return cls.INFO


@dataclass(frozen=True)
class Finding:
    """One thing a stage found and says, with where: the one finding type of every stage.

    ``span`` locates it in the release (extract, mapping, checks) or in a rule file (the mapping lint:
    file and line); ``source`` names a place outside both, as the tool that found it words it (a
    validation rule: ``file.htm:123`` of the rendered filing).
    """

    code: str  # e.g. "damage.digitGroup", "footing.mismatch", "missing.value", "mapping.unknownConcept"
    severity: Severity
    message: str
    span: Span | None = None
    raw: str = ""
    table_id: str = ""
    source: str = ""


# --------------------------------------------------------------------------- mapping -> checks


@dataclass(frozen=True)
class Refusal:
    """A cell a rule would have mapped but that is not tagged (for footings: 'present but unreadable')."""

    concept: QName
    period: Period | None
    table_id: str
    reading: Reading
    reason: str


@dataclass
class Mapping:
    """The mapping stage's output: the facts tagged, the cells refused, and what no rule maps."""

    facts: list[Fact] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unmapped: list[tuple[str, int]] = field(default_factory=list)  # (table, line) of readable rows no rule maps
    unmapped_rows: list[tuple[Table, Row]] = field(default_factory=list)  # (Table, Row) of those rows
    members: dict[str, str] = field(default_factory=dict)  # extension members named from row labels -> label
    # (table, first cell's span) of damaged rows extraction reported that a rule read all the same (an
    # unlabeled net row proven by its arithmetic): their ``damage.row`` findings no longer hold
    read_damaged: list[tuple[str, Span | None]] = field(default_factory=list)


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
class PriorSummary:
    """What the company's prior filings (``--prior``) did to one conversion (evidence.votes.apply_prior):
    the evidence used and set aside, the facts its votes confirmed, retagged, added or refused, and the
    rows given a member of the company's own (mapping's ``prior.member*`` findings). The report's
    ``prior`` object is ``as_dict()``."""

    files: tuple[str, ...]
    facts: int  # prior facts used
    ignored_filed_after: int  # prior facts filed (or for periods ending) on or after the release's date
    ignored: tuple[str, ...]  # why files or facts were set aside
    year_ends: tuple[dt.date, ...]  # fiscal-year ends given to the calendar
    confirmed: int
    concept_confirmed: int
    retagged: int
    rows_added: int
    refused: int  # by the cross-check
    restated: int
    not_applied: int
    members_reused: int = 0
    members_ambiguous: int = 0
    members_not_applied: int = 0

    def as_dict(self) -> dict[str, object]:
        """The report's ``prior`` object (JSON types, keys in this order)."""
        return {
            "files": list(self.files), "facts": self.facts, "ignored_filed_after": self.ignored_filed_after,
            "ignored": list(self.ignored), "year_ends": [d.isoformat() for d in self.year_ends],
            "confirmed": self.confirmed, "concept_confirmed": self.concept_confirmed,
            "retagged": self.retagged, "rows_added": self.rows_added, "refused": self.refused,
            "restated": self.restated, "not_applied": self.not_applied,
            "members_reused": self.members_reused, "members_ambiguous": self.members_ambiguous,
            "members_not_applied": self.members_not_applied,
        }


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
    # the rule set the facts were mapped by, with the extension concepts this filing declares (the
    # profile's segments, members named from row labels, the prior filing's company concepts): render's rules
    rules: RuleSet = field(compare=False)
    document_type: str = "8-K"
    # what the company's prior filings did as evidence (evidence.votes.Outcome.summary); None without them
    prior: PriorSummary | None = field(default=None, compare=False)
    # (table id, rule concept) -> the company concept its prior filing used instead (the calculations follow it)
    concept_aliases: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)


# --------------------------------------------------------------------------- render -> export


@dataclass(frozen=True)
class Anchors:
    """Where a source position is drawn in the filing, as element ids: a refused cell's own id (``x-N``)
    with the text it shows; the row or paragraph (``L<n>``) drawn from each source cell; the table
    (``T<n>``) for its header lines. Tagged facts are linked by their own ids (``f-N``)."""

    cells: dict[tuple[int, int], tuple[str, str]]
    elements: dict[tuple[int, int], str]
    lines: dict[int, str]

    def find(self, line: int, column: int, printed: str = "") -> str:
        """The element for a source position: the refused cell when ``printed`` is what that cell shows (or
        is not given), else the row or paragraph that holds the position, else the line's first element."""
        cell = self.cells.get((line, column))
        if cell is not None and (not printed or " ".join(printed.split()) == " ".join(cell[1].split())):
            return cell[0]
        return self.elements.get((line, column)) or self.lines.get(line, "")


@dataclass
class ModelOutputs:
    """What Arelle produced from a loaded filing besides its messages, as data (nothing written yet): the
    xBRL-JSON/CSV export (``oim``: names relative to the output folder; None when not made, with ``oim_error``
    when Arelle could not make it) and the viewer (``viewer``: viewer.html and ixbrlviewer.js; None when not
    asked for, with ``viewer_error`` when it could not be built). Made by validate (``produce_outputs``, in the
    session that validated the filing), written by export (``export.arelle.write_outputs``). Picklable: it
    crosses from a validating child process to the process that writes it."""

    oim: dict[str, bytes] | None = None
    oim_error: str | None = None
    viewer: dict[str, bytes] | None = None
    viewer_error: str | None = None


@dataclass(frozen=True)
class DocumentLayout:
    """Where render drew the filing in its iXBRL document, for the stages after it (the review report
    links each fact and each finding to its element, and counts contexts and units, without drawing the
    document again): ``elements``, each tagged fact's element id (``f-N``) by its ``Fact.id``;
    ``anchors``, the element that shows a source position; the ids of the contexts and units declared."""

    elements: dict[str, str]
    anchors: Anchors
    contexts: tuple[str, ...]
    units: tuple[str, ...]


# --------------------------------------------------------------------------- validate -> export, export -> faces
# The review report (``export.report.build_report``): what report.json and report.html say and the flat CSV
# lists, as typed values. A field is named as its report.json key; ``as_dict()`` gives report.json's object.

JSONObject = dict[str, object]


@dataclass(frozen=True)
class ValidationMessage:
    """One message of the validation (Arelle's or the project's own rules'), as the report lists it."""

    code: str
    level: str  # as Arelle words it (error, warning, inconsistency, info, ...)
    text: str
    source: str = ""

    def as_dict(self) -> JSONObject:
        return {"code": self.code, "level": self.level, "text": self.text, "source": self.source}


@dataclass(frozen=True)
class ValidationSummary:
    """What the validation said of the filing (``validate.ValidationReport.summary``): the counts Arelle
    loaded, the errors, warnings and inconsistencies, which EDGAR checks ran, and every message, sorted
    by level, code, text and source."""

    entry: str  # the filing document's file name
    loaded: bool
    facts: int
    contexts: int
    units: int
    errors: int
    warnings: int
    inconsistencies: int
    edgar: str
    messages: tuple[ValidationMessage, ...] = ()

    def as_dict(self) -> JSONObject:
        return {
            "entry": self.entry, "loaded": self.loaded, "facts": self.facts, "contexts": self.contexts,
            "units": self.units, "errors": self.errors, "warnings": self.warnings,
            "inconsistencies": self.inconsistencies, "edgar": self.edgar,
            "messages": [m.as_dict() for m in self.messages],
        }


@dataclass(frozen=True)
class ReportSource:
    """Where the report says a fact or a finding was read: the release's file, 1-based line and column,
    the tidied text of the document line that holds it, and the element path (HTML) or page (PDF)."""

    file: str
    line: int
    column: int
    text: str
    path: str = ""

    def as_dict(self) -> JSONObject:
        return {"file": self.file, "line": self.line, "column": self.column, "text": self.text,
                **({"path": self.path} if self.path else {})}


@dataclass(frozen=True)
class ReportFact:
    """One tagged fact as the report lists it: ``id`` is its element id in the filing document (report.json
    gives it as ``id`` and ``anchor``); ``statement`` the statement of its table; ``confidence`` the
    report's word for how sure the mapping is (``export.report.confidence``)."""

    id: str
    concept: str
    period: Period
    dimensions: tuple[tuple[str, str], ...]  # (axis, member), in the fact's order
    unit: str | None
    value: Decimal | str
    decimals: int | None
    printed: str
    source: ReportSource
    row: str
    table: str
    statement: str
    rule: str
    confidence: str
    evidence: str = ""  # the prior fact (and its filing) behind the confidence
    member_evidence: str = ""  # the company's prior member (and its filing) the fact's member reuses

    @property
    def value_text(self) -> str:
        """The value as report.json and the flat CSV write it (a number in plain notation)."""
        return self.value if isinstance(self.value, str) else format(self.value, "f")

    def period_dict(self) -> dict[str, str]:
        """report.json's ``period``: ``{"instant": ...}`` or ``{"start": ..., "end": ...}`` (ISO dates)."""
        if self.period.start is None:
            return {"instant": self.period.end.isoformat()}
        return {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}

    def as_dict(self) -> JSONObject:
        return {
            "id": self.id, "concept": self.concept, "period": self.period_dict(),
            "period_label": self.period.describe(), "dimensions": dict(self.dimensions), "unit": self.unit,
            "value": self.value_text, "decimals": self.decimals, "printed": self.printed,
            "source": self.source.as_dict(), "row": self.row, "table": self.table, "statement": self.statement,
            "rule": self.rule, "confidence": self.confidence, "evidence": self.evidence,
            **({"member_evidence": self.member_evidence} if self.member_evidence else {}),
            "anchor": self.id,
        }


@dataclass(frozen=True)
class ReportEntry:
    """One entry of the report's "not tagged" list (a ``Finding`` of the filing): with ``source`` and
    ``anchor`` (the element of the filing document that shows it; "" when none) when it has a place in
    the release."""

    code: str
    severity: Severity
    message: str
    printed: str
    table: str
    source: ReportSource | None = None
    anchor: str = ""

    def as_dict(self) -> JSONObject:
        return {"code": self.code, "severity": self.severity, "message": self.message, "printed": self.printed,
                "table": self.table,
                **({"source": self.source.as_dict(), "anchor": self.anchor} if self.source is not None else {})}


@dataclass(frozen=True)
class AttentionGroup:
    """A group of the report's "needs attention" list: one reason (``code``) in one phase (``kind`` is the
    phase's word), with its entries' 1-based positions in ``Report.not_tagged``."""

    phase: str  # error | guess | refused | missing
    kind: str
    code: str
    entries: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.entries)

    def as_dict(self) -> JSONObject:
        return {"phase": self.phase, "kind": self.kind, "code": self.code, "count": self.count,
                "entries": list(self.entries)}


@dataclass(frozen=True)
class ReportFooting:
    """One checked sum as the report lists it: ``total`` is the total row's label, ``line`` its source line
    (None when no row of the table has that label), ``parts`` (concept, weight, value)."""

    table: str
    rule: str
    line: int | None
    period: Period
    total: str
    total_value: Decimal
    parts: tuple[tuple[str, int, Decimal], ...]
    computed: Decimal
    result: Literal["pass", "fail", "not checkable"]

    def as_dict(self) -> JSONObject:
        return {
            "table": self.table, "rule": self.rule, "line": self.line, "period": self.period.describe(),
            "total": self.total, "total_value": format(self.total_value, "f"),
            "parts": [{"concept": c, "weight": w, "value": format(v, "f")} for c, w, v in self.parts],
            "computed": format(self.computed, "f"), "result": self.result,
        }


@dataclass(frozen=True)
class ReportColumn:
    """A column of a table as the report lists it: its period (None when not read), header and problem."""

    period: Period | None
    header: str
    problem: str | None = None

    def as_dict(self) -> JSONObject:
        return {"period": self.period.describe() if self.period else None, "header": self.header,
                "problem": self.problem}


@dataclass(frozen=True)
class ReportTable:
    """A table of the release as the report lists it: ``lines`` (first, last); how an untitled table's
    statement was recognised; its scales (powers of ten), with how a scale not printed was proven and the
    kinds of amount whose scale is unknown (none of them tagged)."""

    id: str
    statement: str
    title: str
    lines: tuple[int, int]
    scale_monetary: int
    scale_shares: int
    columns: tuple[ReportColumn, ...]
    statement_evidence: str = ""
    scale_evidence: str = ""
    scale_unknown: tuple[str, ...] = ()

    def as_dict(self) -> JSONObject:
        return {
            "id": self.id, "statement": self.statement, "title": self.title, "lines": list(self.lines),
            **({"statement_evidence": self.statement_evidence} if self.statement_evidence else {}),
            "scale": {"monetary": self.scale_monetary, "shares": self.scale_shares,
                      **({"evidence": self.scale_evidence} if self.scale_evidence else {}),
                      **({"unknown": list(self.scale_unknown)} if self.scale_unknown else {})},
            "columns": [c.as_dict() for c in self.columns],
        }


@dataclass(frozen=True)
class ReportSummary:
    """The report's counts: facts, contexts and units declared, entries not tagged, footings and failed ones."""

    facts: int
    contexts: int
    units: int
    not_tagged: int
    footings: int
    footings_failed: int

    def as_dict(self) -> JSONObject:
        return {"facts": self.facts, "contexts": self.contexts, "units": self.units, "not_tagged": self.not_tagged,
                "footings": self.footings, "footings_failed": self.footings_failed}


@dataclass(frozen=True)
class Report:
    """The review report of one filing: every fact with its provenance, every number not tagged with its
    reason, every footing checked, and the validation's outcome (``None``: not validated). ``release`` is
    the release's path as read, ``document`` the filing document's name, ``viewer`` the viewer's file name
    (``None``: no viewer written). ``as_dict()`` is report.json's object."""

    release: str
    document: str
    company: Company
    report_date: dt.date
    summary: ReportSummary
    tables: tuple[ReportTable, ...]
    facts: tuple[ReportFact, ...]
    not_tagged: tuple[ReportEntry, ...]
    attention: tuple[AttentionGroup, ...]
    footings: tuple[ReportFooting, ...]
    validation: ValidationSummary | None = None
    prior: PriorSummary | None = None
    viewer: str | None = None

    def as_dict(self) -> JSONObject:
        """report.json's object (JSON types; ``not_tagged``'s severities are ``Severity``, a ``str``)."""
        company = self.company
        return {
            "release": self.release,
            "document": self.document,
            "company": {"name": company.name, "cik": company.cik10, "ticker": company.ticker,
                        "prefix": company.prefix, "namespace": company.namespace},
            "report_date": self.report_date.isoformat(),
            "summary": self.summary.as_dict(),
            "tables": [t.as_dict() for t in self.tables],
            "facts": [f.as_dict() for f in self.facts],
            "not_tagged": [n.as_dict() for n in self.not_tagged],
            "attention": [g.as_dict() for g in self.attention],
            "footings": [f.as_dict() for f in self.footings],
            "validation": self.validation.as_dict() if self.validation is not None else None,
            **({"prior": self.prior.as_dict()} if self.prior is not None else {}),
            "viewer": self.viewer,
        }


# --------------------------------------------------------------------------- evidence (a company's own XBRL)


@dataclass(frozen=True)
class ReportedFact:
    """A numeric fact a company reported in its own XBRL (an instance, an Inline XBRL filing or SEC
    companyfacts JSON): the truth a conversion is graded against, and prior evidence for a conversion.

    ``concept`` is the local name (prefixes and taxonomy years differ between filings); ``dims`` are
    (axis, member) local names, sorted; ``decimals`` is None when the source gives none (companyfacts)
    or says INF."""

    concept: str
    period: Period
    value: Decimal
    decimals: int | None = None
    dims: tuple[tuple[str, str], ...] = ()
    unit: str = ""
    prefix: str = ""  # the concept's prefix or taxonomy ("us-gaap", "dei", the company's own)
    accession: str = ""
    form: str = ""
    filed: dt.date | None = None
    source: str = ""  # the file it was read from
    qualified_dims: tuple[tuple[str, str], ...] = ()  # the dims as written, "prefix:local" (axis, member), sorted


@dataclass(frozen=True)
class CompanyMember:
    """A dimension member on an axis of the company's prior facts (``--prior``): a breakdown row whose
    label names it is given this member in place of one named from the label (mapping/apply.py).
    ``axis`` and ``member`` are QNames as the prior filing writes them; ``filing`` says where it was read."""

    axis: QName
    member: QName
    filing: str


# --------------------------------------------------------------------------- fiscal calendar

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")


def month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, month_end(year, month + 1).day))


@dataclass(frozen=True)
class YearEndRule:
    """A 52/53-week fiscal year's end: the ``last`` ``weekday`` of ``month``, or the ``weekday``
    ``nearest`` the last day of ``month``."""

    kind: Literal["last", "nearest"]
    weekday: int  # 0 = Monday
    month: int

    def end_in(self, year: int) -> dt.date:
        last = month_end(year, self.month)
        if self.kind == "last":
            return last - dt.timedelta(days=(last.weekday() - self.weekday) % 7)
        back = (last.weekday() - self.weekday) % 7
        return last - dt.timedelta(days=back) if back <= 3 else last + dt.timedelta(days=7 - back)

    def fits(self, day: dt.date) -> bool:
        return any(self.end_in(y) == day for y in (day.year - 1, day.year, day.year + 1))

    def describe(self) -> str:
        what = f"{WEEKDAYS[self.weekday].title()} nearest the end of" if self.kind == "nearest" else \
            f"last {WEEKDAYS[self.weekday].title()} of"
        return f"{what} {MONTH_NAMES[self.month - 1].title()}"

    @classmethod
    def parse(cls, text: str) -> YearEndRule | None:
        """"last Saturday of September", "Saturday nearest January 31", "Saturday closest to the end of
        January"."""
        import re

        t = re.sub(r"\s+", " ", text.strip().lower())
        days, months = "|".join(WEEKDAYS), "|".join(MONTH_NAMES)
        m = re.fullmatch(rf"last ({days}) (?:of|in) ({months})", t)
        if m:
            return cls("last", WEEKDAYS.index(m.group(1)), MONTH_NAMES.index(m.group(2)) + 1)
        m = re.fullmatch(rf"({days}) (?:nearest|closest to)(?: the)?(?: end of| last day of)? ({months})(?: \d{{1,2}})?", t)
        if m:
            return cls("nearest", WEEKDAYS.index(m.group(1)), MONTH_NAMES.index(m.group(2)) + 1)
        return None


@dataclass(frozen=True)
class FiscalCalendar:
    """How a company's periods run, asked by every stage for a period's start.

    ``kind``: "months" (periods end on a month's last day), "weeks" (52/53-week years whose periods end
    on one weekday), or "unknown". ``rules`` are the year-end rules consistent with everything known
    (several when the evidence does not tell them apart: a date is certain only if all agree).
    ``year_ends`` are fiscal-year ends known for certain (printed twelve-month or 52/53-week columns,
    the profile, prior filings). ``extra_week_quarter`` (1-4) says which quarter of a 53-week year has
    14 weeks, when the profile or a prior filing tells."""

    kind: Literal["months", "weeks", "unknown"]
    rules: tuple[YearEndRule, ...] = ()
    year_ends: tuple[dt.date, ...] = ()
    fiscal_year_end_month: int | None = None  # for a months calendar, when known
    extra_week_quarter: int | None = None
    source: str = ""  # how the calendar was settled (profile, prior filing, inferred from ...)

    def describe(self) -> str:
        if self.kind == "weeks":
            if not self.rules:
                return "52/53-week fiscal years whose year-end rule the release does not show"
            return "52/53-week fiscal years ending on the " + " or ".join(r.describe() for r in self.rules)
        if self.kind == "months":
            return "calendar-month periods" + (
                f", fiscal year ending in {MONTH_NAMES[self.fiscal_year_end_month - 1].title()}"
                if self.fiscal_year_end_month else "")
        return "an unknown fiscal calendar"

    # ---- fiscal-year ends

    def _year_end_before(self, day: dt.date) -> tuple[dt.date | None, str | None]:
        """The latest fiscal-year end strictly before ``day``, if certain."""
        if self.kind == "months":
            if self.fiscal_year_end_month is None:
                return None, "the fiscal year's end month is not known (give fiscal_year_end in the profile)"
            end = month_end(day.year, self.fiscal_year_end_month)
            while end >= day:
                end = month_end(end.year - 1, self.fiscal_year_end_month)
            return end, None
        known = [e for e in self.year_ends if e < day]
        if not self.rules:
            latest = max(known, default=None)
            if latest is not None and (day - latest).days <= 364:
                return latest, None
            return None, ("the 52/53-week rule that ends the fiscal year is not known (give fiscal_calendar, "
                          "e.g. \"last Saturday of September\", in the profile)")
        found = set()
        for rule in self.rules:
            end = rule.end_in(day.year + 1)
            while end >= day:
                end = rule.end_in(end.year - 1)
            found.add(end)
        if len(found) > 1:
            settled = found & set(known)
            if len(settled) != 1:
                return None, ("the fiscal-year rules consistent with the release disagree here ("
                              + ", ".join(r.describe() for r in self.rules) + "); give fiscal_calendar in the profile")
            found = settled
        end = found.pop()
        if any(end < k < day for k in known):
            return None, f"a known fiscal-year end falls between {end} (the rule's) and {day}"
        return end, None

    def _year_end_on_or_after(self, day: dt.date) -> tuple[dt.date | None, str | None]:
        prior, why = self._year_end_before(day + dt.timedelta(days=400))
        if prior is None:
            return None, why
        before, why = self._year_end_before(prior)
        if before is not None and before >= day:
            return before, None
        return prior, None

    def is_year_end(self, day: dt.date) -> bool:
        if day in self.year_ends:
            return True
        if self.kind == "months":
            return self.fiscal_year_end_month == day.month and day == month_end(day.year, day.month)
        return bool(self.rules) and all(r.fits(day) for r in self.rules)

    # ---- periods

    def period(self, end: dt.date, length: Length | None) -> tuple[Period | None, str | None]:
        """The period ending on ``end`` with the printed ``length`` (None: an instant), or why its start
        cannot be determined with certainty."""
        if length is None:
            return Period(end=end), None
        if length.unit == "week":
            return Period(end=end, start=end - dt.timedelta(days=7 * length.count - 1)), None
        if length.unit == "ytd":
            prior, why = self._year_end_before(end)
            if prior is None:
                return None, f"year to date: {why}"
            return Period(end=end, start=prior + dt.timedelta(days=1)), None
        if self.kind == "months" or (self.kind == "unknown" and end == month_end(end.year, end.month)):
            if end != month_end(end.year, end.month):
                return None, f"{end} is not a month's end, yet the calendar is one of calendar months"
            return Period(end=end, start=add_months(end + dt.timedelta(days=1), -length.count)), None
        if self.kind == "unknown":
            return None, (f"{end} is not a month's end and the release does not say how many weeks the period has; "
                          "give fiscal_calendar in the profile")
        return self._weeks_period(end, length.count)

    def _weeks_period(self, end: dt.date, months: int) -> tuple[Period | None, str | None]:
        prior, why = self._year_end_before(end)
        if prior is None:
            return None, why
        start = prior + dt.timedelta(days=1)
        elapsed = (end - prior).days
        if abs(elapsed - months * 30.44) <= 10:  # a year-to-date period (a first quarter, a half, a year)
            if months == 12 and not self.is_year_end(end):
                return None, f"twelve months to {end}, which is not a fiscal-year end: a trailing period of unknown start"
            return Period(end=end, start=start), None
        if months != 3:
            return None, f"{months} months to {end} is not a year-to-date period and its weeks are not printed"
        year_end, why = self._year_end_on_or_after(end)
        if year_end is None:
            return None, why
        year_start, why = self._year_end_before(year_end)
        if year_start is None:
            return None, why
        weeks = (year_end - year_start).days // 7
        if weeks == 52:
            return Period(end=end, start=end - dt.timedelta(days=90)), None
        quarter = round(((end - year_start).days) / 91.3)
        if self.extra_week_quarter is None:
            return None, (f"the fiscal year ending {year_end} has 53 weeks and the release does not say which quarter has "
                          "the 14th week; give extra_week_quarter in the profile's fiscal_calendar")
        days = 98 if quarter == self.extra_week_quarter else 91
        return Period(end=end, start=end - dt.timedelta(days=days - 1)), None

    def quarter(self, months_period: Period) -> tuple[Period | None, str | None]:
        """A fiscal quarter or year named in words ("fourth quarter", "fiscal 2022"), given as the
        calendar-month period it would be: the same period on this calendar, or why not."""
        if self.kind == "months" or months_period.start is None:
            return months_period, None
        if self.kind == "unknown":
            return None, "the fiscal calendar is not known"
        prior, why = self._year_end_before(months_period.start + dt.timedelta(days=11))
        if prior is None:
            return None, why
        if abs((months_period.start - prior).days) > 10 and not (months_period.end - months_period.start).days < 100:
            return None, "the period does not start at a fiscal year's start"
        if (months_period.end - months_period.start).days > 300:
            year_end, why = self._year_end_on_or_after(months_period.end - dt.timedelta(days=10))
            return (Period(end=year_end, start=prior + dt.timedelta(days=1)), None) if year_end else (None, why)
        year_end, why = self._year_end_on_or_after(prior + dt.timedelta(days=1))
        if year_end is None:
            return None, why
        if (year_end - prior).days // 7 != 52 and self.extra_week_quarter is None:
            return None, "a 53-week year whose long quarter is not known"
        ends, day = [], prior
        for q in range(1, 5):
            day = day + dt.timedelta(days=98 if q == self.extra_week_quarter and (year_end - prior).days // 7 == 53 else 91)
            ends.append(day)
        best = min(range(4), key=lambda i: abs((ends[i] - months_period.end).days))
        if abs((ends[best] - months_period.end).days) > 10:
            return None, "the quarter does not line up with the calendar"
        start = prior + dt.timedelta(days=1) if best == 0 else ends[best - 1] + dt.timedelta(days=1)
        return Period(end=ends[best], start=start), None


@dataclass(frozen=True)
class CalendarHint:
    """What the company profile (or its prior filings) says of its calendar, ahead of inference:
    ``fiscal_calendar`` ("last Saturday of September", "Saturday nearest January 31", "calendar months"),
    ``fiscal_year_end`` (--MM-DD, when stated), known fiscal-year ends, the long quarter of 53-week years."""

    fiscal_calendar: str | None = None
    fiscal_year_end: str | None = None
    year_ends: tuple[dt.date, ...] = ()
    extra_week_quarter: int | None = None
    source: str = ""
