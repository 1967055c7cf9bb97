"""Cover page (dei) facts, found by the ``[[cover]]`` patterns of ``taxonomy/cover.toml``.

Where a PDF extraction split a value across cells, the cells are joined back in the order of
preference below, and a join is kept only when the entry's pattern then matches:
- digit | digit: joined directly ("4" | "75 Tenth Avenue" -> "475 Tenth Avenue"), else with the
  doubled digit dropped ("609-420" | "00" -> "609-4200"), else with a space;
- letter | same letter: the doubled letter dropped ("telepho" | "one" -> "telephone"), else a space;
- otherwise a space.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..model import (
    Document,
    Fact,
    Finding,
    Line,
    Period,
    QName,
    Reading,
    Severity,
    Span,
)
from ..rules import RuleError, _read_toml, rule_file
from ..taxonomy.index import TaxonomyView

ITEM_HEADING = re.compile(r"^\s*item\s+\d+\.\d+", re.IGNORECASE)
MAX_VARIANTS = 81


@dataclass(frozen=True)
class CoverRule:
    id: str
    pattern: re.Pattern[str]
    concepts: dict[str, str]
    caption: re.Pattern[str] | None
    formats: dict[str, str]
    values: dict[str, str]
    origin: str


def load_cover_rules(path: Path | None = None) -> list[CoverRule]:
    path = path or rule_file("cover.toml")
    if not path.is_file():
        return []
    _text, data = _read_toml(path)
    out = []
    for entry in data.get("cover", []):
        try:
            out.append(CoverRule(
                entry["id"], re.compile(entry["pattern"], re.IGNORECASE), dict(entry["concepts"]),
                re.compile(entry["caption"], re.IGNORECASE) if entry.get("caption") else None,
                dict(entry.get("format", {})), dict(entry.get("value", {})), f"{path.name}#{entry['id']}",
            ))
        except (KeyError, re.error) as exc:
            raise RuleError(f"{path}: cover entry {entry.get('id', '?')!r} is incomplete or has a bad pattern: {exc}") from None
    return out


def _joins(left: str, right: str) -> list[str]:
    """How two cells may be joined, in order of preference."""
    if left and right and left[-1].isdigit() and right[0].isdigit():
        out = ["", "dedupe", " "] if left[-1] == right[0] else ["", " "]
        return out
    if left and right and left[-1].isalpha() and left[-1].lower() == right[0].lower():
        return ["dedupe", " "]
    return [" "]


def line_variants(line: Line) -> list[tuple[str, list[int], bool]]:
    """(text, column of each character in the source line, repaired?) for the ways the line's cells join."""
    cells = [c for c in line.cells if c.text]
    if not cells:
        return []
    verbatim = all(line.text[c.span.col_start:c.span.col_end] == c.text for c in cells)
    # OCR-split repairs rely on the cells being the line's own characters at their columns
    options = [_joins(a.text, b.text) if verbatim else [" "] for a, b in zip(cells, cells[1:])]
    variants = []
    for n, choice in enumerate(itertools.product(*options)):
        if n >= MAX_VARIANTS:
            break
        text, cols = cells[0].text, list(range(cells[0].span.col_start, cells[0].span.col_start + len(cells[0].text)))
        for how, cell in zip(choice, cells[1:]):
            piece, start = cell.text, cell.span.col_start
            if how == "dedupe":
                piece, start = piece[1:], start + 1
            elif how == " ":
                text += " "
                cols.append(cell.span.col_start - 1)
            text += piece
            cols.extend(range(start, start + len(piece)))
        variants.append((text, cols, any(h != " " for h in choice)))
    return variants


def cover_region(document: Document) -> list[Line]:
    out = []
    for line in document.lines:
        if ITEM_HEADING.match(line.text):
            break
        out.append(line)
    return out[:80]


def _normalise(value: str, kind: str | None) -> str:
    if kind == "date":
        from ..extract.periods import make_date

        m = re.match(r"([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})", value)
        date = make_date(m.group(1), m.group(2), int(m.group(3))) if m else None
        return date.isoformat() if date else value
    if kind == "upper":
        return value.upper()
    return re.sub(r"\s+", " ", value).strip()


def cover_facts(document: Document, index: TaxonomyView, report_date: dt.date,
                rules: list[CoverRule] | None = None) -> tuple[list[Fact], list[Finding]]:
    rules = load_cover_rules() if rules is None else rules
    lines = cover_region(document)
    period = Period(end=report_date, start=report_date)
    facts: list[Fact] = []
    findings: list[Finding] = []
    seen: set[str] = set()
    for rule in rules:
        candidates = lines
        if rule.caption is not None:
            candidates = []
            for i, line in enumerate(lines):
                if rule.caption.search(line.text):
                    above = next((lines[k] for k in range(i - 1, -1, -1) if not lines[k].is_blank), None)
                    if above is not None:
                        candidates.append(above)
                    break
        for line in candidates:
            match = None
            for text, cols, repaired in line_variants(line):
                match = rule.pattern.search(text)
                if match:
                    break
            if not match:
                continue
            for group, concept in rule.concepts.items():
                value = match.group(group)
                if value is None or concept in seen:
                    continue
                seen.add(concept)
                start, end = match.span(group)
                if not repaired and cols[end - 1] - cols[start] != end - 1 - start:
                    continue  # the value spans cells whose spacing the reader did not keep: no exact place
                span = Span(document.path, _source_line(line),  cols[start], cols[end - 1] + 1)
                if repaired:  # cells joined back: show the line's own characters over the span
                    printed = document.lines[line.number - 1].text[span.col_start:span.col_end]
                else:  # the cells' own characters (a reader may have collapsed the line's spacing)
                    printed = value
                reading = Reading(printed if printed.strip() else value, span, Decimal(0))
                if index.get(concept) is None:
                    findings.append(Finding(
                        "cover.conceptMissing", Severity.INFO,
                        f"cover value {value!r} ({rule.id}) is not tagged: the loaded taxonomy has no {concept} "
                        f"(dei {index.chosen['dei'].date if 'dei' in index.chosen else '?'})", span, value, "cover"))
                    continue
                normalised = _normalise(value, rule.values.get(group))
                if not rule.formats.get(group) and not index.value_fits(concept, normalised):
                    findings.append(Finding(
                        "cover.valueDoesNotFitType", Severity.INFO,
                        f"cover value {value!r} ({rule.id}) is not tagged: it does not fit the type of {concept} in the "
                        f"loaded taxonomy ({index.get(concept).type}) and no transformation converts it",  # type: ignore[union-attr]
                        span, value, "cover"))
                    continue
                shown = value if (repaired or reading.raw != value) else None
                facts.append(Fact(
                    concept=QName.parse(concept), period=period, unit=None, value=normalised,
                    decimals=None, scale=0, reading=reading, rule=rule.origin + (" (OCR split repaired)" if shown else ""),
                    table_id="cover", row_label=rule.id, format=rule.formats.get(group), shown=shown, row_line=line.number,
                ))
            break
    return facts, findings


def _source_line(line: Line) -> int:
    """The file line a document line starts on (the same number for plain text)."""
    return line.cells[0].span.line if line.cells else line.number
