"""Hand-built models for the unit tests: facts, rows, tables and a concept index, no file read."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from pathlib import Path

from converter.model import (
    Column,
    Document,
    Extraction,
    Fact,
    Length,
    Period,
    QName,
    Reading,
    Row,
    Span,
    Table,
)
from converter.taxonomy.index import ConceptIndex, TaxonomyView

Q3 = Period(dt.date(2013, 9, 30), dt.date(2013, 7, 1))
Q3_PRIOR = Period(dt.date(2012, 9, 30), dt.date(2012, 7, 1))
SEP30 = Period(dt.date(2013, 9, 30))
GAAP = "http://fasb.org/us-gaap/2011-01-31"
_NUMBER = itertools.count(1)  # hand-built facts get ids of their own, as the pipeline's numbering gives them


def reading(raw: str, line: int = 1, col: int = 0) -> Reading:
    """A cell as extract reads it: parentheses or a minus make it negative; commas dropped."""
    negative = raw.startswith("(") or raw.startswith("-")
    digits = raw.strip("()-$ ").replace(",", "")
    value = -Decimal(digits) if negative else Decimal(digits)
    return Reading(raw, Span("unit.txt", line, col, col + len(raw)), value, negative=negative,
                   decimals_printed=len(digits.partition(".")[2]))


def fact(concept: str, period: Period, raw: str, decimals: int = -3, *, unit: str = "USD", table: str = "t1",
         label: str = "", line: int = 1, sign: str = "as-printed", scale: int = 3, id: str = "") -> Fact:
    """A table fact read from ``raw``; ``id`` (default: the next ``u-<n>``) is its ``Fact.id``."""
    r = reading(raw, line)
    assert r.value is not None
    value = r.value.scaleb(scale)
    return Fact(QName.parse(concept), period, unit, value, decimals, scale, r, "unit#test", table,
                label or concept.partition(":")[2], row_line=line, sign=sign, id=id or f"u-{next(_NUMBER)}")


def row(label: str, line: int, *cells: str, section: str = "") -> Row:
    return Row(label, label, section, line, tuple(reading(c, line, 40 + 12 * i) for i, c in enumerate(cells)))


def table(statement: str, rows: list[Row], periods: tuple[Period, ...] = (Q3, Q3_PRIOR), *, tid: str = "t1",
          title: str = "Condensed Consolidated Statements of Operations", scale: int = 3) -> Table:
    columns = tuple(Column(i, p, f"col{i}", end=p.end, length=None if p.is_instant else Length(3, "month"))
                    for i, p in enumerate(periods))
    return Table(tid, statement, title, 1, 2, rows[-1].line if rows else 2, scale, 0, columns, tuple(rows))


def extraction(*tables: Table) -> Extraction:
    return Extraction(Document("unit.txt", "text", ()), tuple(tables))


def index(concepts: dict[str, tuple[str, str, str | None]]) -> TaxonomyView:
    """A concept index of us-gaap names: name -> (item type, period type, balance), as the stages see it."""
    data = {
        "sha256": "0" * 64,
        "versions": {"us-gaap": [{"family": "us-gaap", "namespace": GAAP, "date": "2011-01-31",
                                  "url": "http://xbrl.fasb.org/us-gaap/2011/elts/us-gaap-2011-01-31.xsd"}]},
        "concepts": {GAAP: {name: [t, p, b, False, "item", None] for name, (t, p, b) in concepts.items()}},
        "calculations": [], "replacements": {},
    }
    return ConceptIndex(data, Path("unit.zip")).as_of(None)
