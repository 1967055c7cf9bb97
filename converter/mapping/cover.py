"""Cover page (dei) facts: the values ``extract.cover.read_cover`` read where the ``[[cover]]`` patterns of
``taxonomy/cover.toml`` matched, tagged as the concepts their entries name, at the report date, when the
loaded taxonomy declares the concept and the value fits its type (or the entry gives a transformation);
otherwise each is reported (``cover.conceptMissing``, ``cover.valueDoesNotFitType``), not tagged.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..model import CoverValue, Fact, Finding, Period, QName, Severity
from ..taxonomy.index import TaxonomyView


def cover_facts(values: Iterable[CoverValue], index: TaxonomyView,
                report_date: dt.date) -> tuple[list[Fact], list[Finding]]:
    period = Period(end=report_date, start=report_date)
    facts: list[Fact] = []
    findings: list[Finding] = []
    for cover in values:
        value, span, concept = cover.value, cover.reading.span, cover.concept
        known = index.get(concept)
        if known is None:
            findings.append(Finding(
                "cover.conceptMissing", Severity.INFO,
                f"cover value {value!r} ({cover.rule}) is not tagged: the loaded taxonomy has no {concept} "
                f"(dei {index.chosen['dei'].date if 'dei' in index.chosen else '?'})", span, value, "cover"))
            continue
        if not cover.format and not index.value_fits(concept, cover.normalised):
            findings.append(Finding(
                "cover.valueDoesNotFitType", Severity.INFO,
                f"cover value {value!r} ({cover.rule}) is not tagged: it does not fit the type of {concept} in the "
                f"loaded taxonomy ({known.type}) and no transformation converts it",
                span, value, "cover"))
            continue
        shown = value if (cover.repaired or cover.reading.raw != value) else None
        facts.append(Fact(
            concept=QName.parse(concept), period=period, unit=None, value=cover.normalised,
            decimals=None, scale=0, reading=cover.reading, rule=cover.origin + (" (OCR split repaired)" if shown else ""),
            table_id="cover", row_label=cover.rule, format=cover.format, shown=shown, row_line=cover.line,
        ))
    return facts, findings
