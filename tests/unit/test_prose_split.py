"""Figures in sentences on hand-built models: extract reads a ``[[prose]]`` entry's matches into
``ProseValue``s (figures with their spans, the period on the fiscal calendar, or the finding why not), the
mapping tags them as the entry's concept or says why not. No file is read."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from build import Q3, Q3_PRIOR, index, row, table

from converter.extract.prose import read_prose
from converter.mapping.apply import ConceptResolver
from converter.mapping.prose import prose_facts
from converter.model import (
    Cell,
    Document,
    Finding,
    Line,
    Period,
    ProseFigure,
    ProseValue,
    QName,
    Reading,
    Severity,
    Span,
)
from converter.rules import RuleSet
from converter.rules.prose import MONEY, PERIOD, ProseRule

Q2 = Period(dt.date(2013, 6, 30), dt.date(2013, 4, 1))
Q4 = Period(dt.date(2013, 12, 31), dt.date(2013, 10, 1))
INDEX = index({
    "Revenues": ("monetaryItemType", "duration", "credit"),
    "Assets": ("monetaryItemType", "instant", "debit"),
})
RESOLVER = ConceptResolver(INDEX, RuleSet(rules=(), calculations=(), statements=(), extensions=()), "abc")
TABLES = (table("income", [row("Revenue", 2, "45,192", "38,217")], (Q3, Q3_PRIOR)),)  # lines 2..2


def rule(rid: str, pattern: str, concept: str = "us-gaap:Revenues", *, section: str = "text",
         sign: str = "as-printed") -> ProseRule:
    pattern = pattern.replace("{MONEY}", MONEY).replace("{PERIOD}", PERIOD)
    return ProseRule(rid, re.compile(pattern, re.IGNORECASE), concept, "monetary", sign, section, (), f"prose.toml#{rid}")


REVENUE = rule("revenue", r"revenue\s+(?:for\s+(?P<period>{PERIOD})\s+)?was\s+(?P<value>{MONEY})")
OUTLOOK = rule("revenue-outlook", r"revenue\s+of\s+(?P<low>{MONEY})\s+to\s+(?P<high>{MONEY})", section="guidance")


def document(*texts: str) -> Document:
    """Line 1 a title, line 2 the table's row, then one line per text."""
    texts = ("Example Corp Reports Results", "Revenue  45,192  38,217") + texts
    return Document("unit.txt", "text", tuple(
        Line(n, t, (Cell(t, Span("unit.txt", n, 0, len(t))),)) for n, t in enumerate(texts, 1)))


def test_a_figure_in_a_sentence_is_read_with_its_period_and_span():
    doc = document("Revenue for the third quarter of 2013 was $45.2 million, up 18%.")
    (value,) = read_prose(doc, TABLES, [REVENUE], "--12-31")
    assert isinstance(value, ProseValue)
    assert (value.rule, value.origin, value.concept, value.period, value.line, value.guidance) == (
        "revenue", "prose.toml#revenue", "us-gaap:Revenues", Q3, 3, False)
    (fig,) = value.figures
    assert (fig.group, fig.value, fig.decimals, fig.scale) == ("value", Decimal("45200000"), -5, 6)
    text = doc.lines[2].text
    assert fig.reading.raw == "45.2" == text[fig.reading.span.col_start:fig.reading.span.col_end]
    assert fig.reading.span.line == 3 and value.unreadable is None


def test_last_quarter_is_the_quarter_before_the_release_s_latest_column():
    (value,) = read_prose(document("Revenue for last quarter was $40.1 million."), TABLES, [REVENUE], "--12-31")
    assert isinstance(value, ProseValue) and value.period == Q2
    assert [f.value for f in value.figures] == [Decimal("40100000")]


def test_a_figure_without_a_readable_period_is_a_finding_not_a_value():
    (found,) = read_prose(document("Revenue was $45.2 million."), TABLES, [REVENUE], "--12-31")
    assert isinstance(found, Finding) and found.code == "prose.periodUnknown"
    assert found.span is not None and (found.span.line, found.span.col_start) == (3, 0)


def test_a_guidance_range_printed_high_to_low_is_read_low_then_high_in_the_heading_s_period():
    doc = document("Business Outlook", "Fourth Quarter 2013", "- Revenue of $70 million to $68 million")
    (value,) = read_prose(doc, TABLES, [OUTLOOK], "--12-31")
    assert isinstance(value, ProseValue) and value.guidance and value.period == Q4
    got = [(f.group, f.value, f.reading.raw) for f in value.figures]
    assert got == [("low", Decimal("68000000"), "68"), ("high", Decimal("70000000"), "70")]
    line = doc.lines[4].text
    assert [line[f.reading.span.col_start:f.reading.span.col_end] for f in value.figures] == ["68", "70"]


def test_no_quarter_column_means_nothing_is_read():
    no_quarter = (table("income", [row("Revenue", 2, "45,192")], (Period(dt.date(2013, 9, 30)),)),)
    assert read_prose(document("Revenue for the quarter was $45.2 million."), no_quarter, [REVENUE], "--12-31") == ()


def value(concept: str = "us-gaap:Revenues", period: Period = Q3, *, guidance: bool = False, sign: str = "as-printed",
          figures: tuple[tuple[str, str], ...] = (("value", "45.2"),), unreadable: Finding | None = None) -> ProseValue:
    span = Span("unit.txt", 3, 0, 30)
    figs = tuple(ProseFigure(g, Decimal(raw).scaleb(6), Reading(raw, Span("unit.txt", 3, 20, 20 + len(raw)), Decimal(raw).scaleb(6),
                                                                  decimals_printed=1), -5, 6) for g, raw in figures)
    return ProseValue("r", "prose.toml#r", concept, "monetary", sign, (), guidance, period, None,
                      "revenue was $45.2 million", span, 3, () if unreadable else figs, unreadable)


def test_a_value_becomes_a_fact_of_its_concept_period_and_unit():
    facts, findings = prose_facts([value()], RESOLVER, {})
    assert findings == []
    got = [(str(f.concept), f.period, f.unit, f.value, f.decimals, f.scale, f.dims, f.rule, f.table_id, f.row_line,
            f.reading.raw) for f in facts]
    assert got == [("us-gaap:Revenues", Q3, "USD", Decimal("45200000"), -5, 6, (), "prose.toml#r", "prose", 3, "45.2")]


def test_a_negated_entry_flips_the_sign():
    facts, _ = prose_facts([value(sign="negated")], RESOLVER, {})
    assert [f.value for f in facts] == [Decimal("-45200000")]


def test_a_guidance_range_is_a_forecast_with_range_members():
    facts, _ = prose_facts([value(period=Q4, guidance=True, figures=(("low", "68"), ("high", "70")))], RESOLVER, {})
    forecast = (QName("us-gaap", "StatementScenarioAxis"), QName("us-gaap", "ScenarioForecastMember"))
    got = [(f.value, f.period, f.table_id, f.dims) for f in facts]
    assert got == [
        (Decimal("68000000"), Q4, "guidance", tuple(sorted([forecast, (QName("us-gaap", "RangeAxis"), QName("us-gaap", "MinimumMember"))]))),
        (Decimal("70000000"), Q4, "guidance", tuple(sorted([forecast, (QName("us-gaap", "RangeAxis"), QName("us-gaap", "MaximumMember"))]))),
    ]


def test_a_duration_for_an_instant_concept_is_refused():
    facts, findings = prose_facts([value("us-gaap:Assets")], RESOLVER, {})
    assert facts == [] and [f.code for f in findings] == ["prose.periodType"]
    assert "us-gaap:Assets is an instant concept" in findings[0].message


def test_extract_s_findings_pass_through_in_order_and_an_unreadable_figure_is_not_tagged():
    early = Finding("prose.periodUnknown", Severity.INFO, "no period", Span("unit.txt", 2, 0, 5), "x", "prose")
    bad = Finding("prose.unreadable", Severity.WARNING, "cannot be read", Span("unit.txt", 3, 0, 5), "1,23", "prose")
    facts, findings = prose_facts([early, value(unreadable=bad), value()], RESOLVER, {})
    assert [f.code for f in findings] == ["prose.periodUnknown", "prose.unreadable"]
    assert [f.value for f in facts] == [Decimal("45200000")]
