"""The 8-K cover on hand-built documents: extract reads the values the ``[[cover]]`` entries find (cells a PDF
split joined back, each value with its span), the mapping tags them as dei facts or says why not."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from converter.extract.cover import read_cover
from converter.mapping.cover import cover_facts
from converter.model import Cell, CoverValue, Document, Line, Period, QName, Reading, Span
from converter.rules.cover import CoverRule
from converter.taxonomy.index import ConceptIndex, TaxonomyView

DEI = "http://xbrl.sec.gov/dei/2023"
REPORT_DATE = dt.date(2024, 10, 31)


def document(*rows: tuple[str, ...]) -> Document:
    """Lines of cells as a PDF reader gives them: each cell at its columns, one space between cells."""
    lines = []
    for number, cells in enumerate(rows, 1):
        out, col = [], 0
        for text in cells:
            out.append(Cell(text, Span("cover.pdf", number, col, col + len(text), "page 1")))
            col += len(text) + 1
        lines.append(Line(number, " ".join(cells), tuple(out)))
    return Document("cover.pdf", "pdf", tuple(lines))


def rule(rid: str, pattern: str, concepts: dict[str, str], *, caption: str | None = None,
         formats: dict[str, str] | None = None, values: dict[str, str] | None = None) -> CoverRule:
    return CoverRule(rid, re.compile(pattern, re.IGNORECASE), concepts,
                     re.compile(caption, re.IGNORECASE) if caption else None, formats or {}, values or {},
                     f"cover.toml#{rid}")


PHONE = rule("phone", r"telephone\s+number,?\s+including\s+area\s+code:?\s*\(\s*(?P<area>\d{3})\s*\)\s*(?P<local>\d{3}-\d{4})(?!\d)",
             {"area": "dei:CityAreaCode", "local": "dei:LocalPhoneNumber"})
NAME = rule("registrant-name", r"^\s*(?P<name>[A-Z][^()]{1,120}?)\s*$", {"name": "dei:EntityRegistrantName"},
            caption=r"\(\s*exact\s+name\s+of\s+registrant")
DATE = rule("report-date", r"date\s+of\s+report[^:]*:\s*(?P<date>[A-Za-z]+\s+\d{1,2},\s*\d{4})",
            {"date": "dei:DocumentPeriodEndDate"}, formats={"date": "ixt:date-monthname-day-year-en"},
            values={"date": "date"})


def test_a_phone_number_split_across_cells_is_joined_back_with_its_span():
    # the reader cut "609-4200" in two with its doubled digit: "609-420" | "00"; joined directly it would be
    # "609-42000" (no ddd-dddd), with the doubled digit dropped it is the pattern's
    doc = document(("Registrant's telephone number, including area code: (609) 609-420", "00"))
    values = read_cover(doc, [PHONE])
    by_concept = {v.concept: v for v in values}
    assert sorted(by_concept) == ["dei:CityAreaCode", "dei:LocalPhoneNumber"]
    local = by_concept["dei:LocalPhoneNumber"]
    assert (local.value, local.normalised, local.repaired) == ("609-4200", "609-4200", True)
    text = doc.lines[0].text
    assert text[local.reading.span.col_start:local.reading.span.col_end] == local.reading.raw == "609-420 00"
    assert local.origin == "cover.toml#phone" and local.rule == "phone" and local.line == 1


def test_a_value_read_as_printed_keeps_its_own_characters_and_a_caption_looks_above():
    doc = document(("ACME WIDGETS, INC.",), ("(Exact name of registrant as specified in its charter)",),
                   ("Date of Report (Date of earliest event reported): October 31, 2024",))
    values = read_cover(doc, [NAME, DATE])
    assert [(v.concept, v.value, v.normalised, v.format, v.repaired, v.line) for v in values] == [
        ("dei:EntityRegistrantName", "ACME WIDGETS, INC.", "ACME WIDGETS, INC.", None, False, 1),
        ("dei:DocumentPeriodEndDate", "October 31, 2024", "2024-10-31", "ixt:date-monthname-day-year-en", False, 3),
    ]
    assert values[1].reading.span == Span("cover.pdf", 3, 50, 66, "")  # the span as the reader placed the cell
    assert values[1].reading.raw == "October 31, 2024"


def test_each_concept_is_read_once_from_the_first_entry_that_finds_it_and_nothing_past_the_first_item():
    doc = document(("Date of Report: October 31, 2024",), ("Item 2.02 Results of Operations",),
                   ("Date of Report: November 1, 2024",))
    twice = rule("again", r"date\s+of\s+report:\s*(?P<d>[A-Za-z]+\s+\d{1,2},\s*\d{4})", {"d": "dei:DocumentPeriodEndDate"})
    values = read_cover(doc, [DATE, twice])
    assert [(v.rule, v.value) for v in values] == [("report-date", "October 31, 2024")]
    assert read_cover(document(("Item 2.02",), ("Date of Report: October 31, 2024",)), [DATE]) == ()


def index(concepts: dict[str, str], patterns: dict[str, list[str]] | None = None) -> TaxonomyView:
    """A view of a concept index of dei names: name -> item type (with xs:pattern facets by type)."""
    data = {
        "sha256": "0" * 64,
        "versions": {"dei": [{"family": "dei", "namespace": DEI, "date": "2023-03-07",
                              "url": "https://xbrl.sec.gov/dei/2023/dei-2023.xsd"}]},
        "concepts": {DEI: {name: [t, "duration", None, False, "item", None] for name, t in concepts.items()}},
        "patterns": {DEI: patterns or {}}, "calculations": [], "replacements": {},
    }
    return ConceptIndex(data, Path("unit.zip")).as_of(None)


def cover_value(concept: str, value: str, *, normalised: str | None = None, fmt: str | None = None,
                printed: str | None = None, repaired: bool = False) -> CoverValue:
    raw = printed or value
    return CoverValue("entry", "cover.toml#entry", concept, value, normalised or value, fmt,
                      Reading(raw, Span("cover.pdf", 4, 10, 10 + len(raw)), Decimal(0)), repaired, 4)


def test_cover_values_become_dei_facts_at_the_report_date_with_their_rule_and_span():
    idx = index({"EntityRegistrantName": "normalizedStringItemType", "DocumentPeriodEndDate": "dateItemType",
                 "LocalPhoneNumber": "normalizedStringItemType"})
    facts, findings = cover_facts([
        cover_value("dei:EntityRegistrantName", "ACME WIDGETS, INC."),
        cover_value("dei:DocumentPeriodEndDate", "October 31, 2024", normalised="2024-10-31",
                    fmt="ixt:date-monthname-day-year-en"),
        cover_value("dei:LocalPhoneNumber", "609-4200", printed="609-420 00", repaired=True),
    ], idx, REPORT_DATE)
    assert findings == []
    day = Period(end=REPORT_DATE, start=REPORT_DATE)
    assert [(f.concept, f.period, f.unit, f.value, f.decimals, f.format, f.shown, f.rule, f.table_id, f.row_line,
             f.reading.span.line) for f in facts] == [
        (QName("dei", "EntityRegistrantName"), day, None, "ACME WIDGETS, INC.", None, None, None, "cover.toml#entry",
         "cover", 4, 4),
        (QName("dei", "DocumentPeriodEndDate"), day, None, "2024-10-31", None, "ixt:date-monthname-day-year-en", None,
         "cover.toml#entry", "cover", 4, 4),
        (QName("dei", "LocalPhoneNumber"), day, None, "609-4200", None, None, "609-4200",
         "cover.toml#entry (OCR split repaired)", "cover", 4, 4),
    ]


def test_a_concept_the_taxonomy_lacks_or_a_value_that_does_not_fit_its_type_is_reported_not_tagged():
    idx = index({"EntityFileNumber": "fileNumberItemType"}, {"fileNumberItemType": [r"\d{1,3}-\d{4,6}"]})
    facts, findings = cover_facts([
        cover_value("dei:EntityAddressCityOrTown", "Cupertino"),
        cover_value("dei:EntityFileNumber", "1-2-3"),
        cover_value("dei:EntityFileNumber", "001-36743"),
    ], idx, REPORT_DATE)
    assert [(f.code, f.raw, f.table_id) for f in findings] == [
        ("cover.conceptMissing", "Cupertino", "cover"), ("cover.valueDoesNotFitType", "1-2-3", "cover")]
    assert "no dei:EntityAddressCityOrTown (dei 2023-03-07)" in findings[0].message
    assert "fileNumberItemType" in findings[1].message
    assert [(str(f.concept), f.value) for f in facts] == [("dei:EntityFileNumber", "001-36743")]
