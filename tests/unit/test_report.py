"""The review report as a typed ``model.Report``, built from a hand-built filing (no file read, no Arelle):
its fields hold the facts, the findings, the footings and the tables as the report lists them, and its
``as_dict()`` has report.json's shape (the keys of the reviewed golden report.json)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from build import Q3, Q3_PRIOR, SEP30, fact, reading

from converter.export.flat_csv import flat_csv
from converter.export.report import build_report, render_report
from converter.model import (
    Anchors,
    Cell,
    Column,
    Company,
    Document,
    DocumentLayout,
    Filing,
    Finding,
    Footing,
    Line,
    QName,
    Row,
    Severity,
    Span,
    Table,
    ValidationSummary,
)
from converter.rules import RuleSet
from converter.validate import ValidationReport
from converter.validate.arelle_run import ArelleResult, Message

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "report.json"
ACME = Company("Acme Corp", "1234", "ACME", "acme", "http://acme.example/20131106", "--12-31")
SEGMENT = (QName.parse("us-gaap:StatementBusinessSegmentsAxis"), QName.parse("acme:RetailMember"))


def _line(number: int, text: str, *cells: tuple[str, int]) -> Line:
    return Line(number, text, tuple(Cell(t, Span("unit.txt", number, col, col + len(t))) for t, col in cells))


def _filing() -> tuple[Filing, DocumentLayout]:
    document = Document("unit.txt", "text", (
        _line(5, "Revenue    1,234    1,000", ("Revenue", 0), ("1,234", 11), ("1,000", 20)),
        _line(6, "Costs      (234)    bad", ("Costs", 0), ("(234)", 11), ("bad", 20)),
        _line(7, "Total      1,000", ("Total", 0), ("1,000", 11)),
    ))
    revenue = fact("us-gaap:Revenues", Q3, "1,234", line=5, id="u-1")
    revenue = dataclasses.replace(revenue, reading=reading("1,234", 5, 11), row_label="Revenue")
    prior = dataclasses.replace(fact("us-gaap:Revenues", Q3_PRIOR, "1,000", line=5, id="u-2"),
                                reading=reading("1,000", 5, 20), confidence="confirmed by prior filing",
                                evidence="us-gaap:Revenues 1000000 in acme-10k.xml")
    retail = dataclasses.replace(fact("us-gaap:Revenues", Q3, "1,234", line=5, id="u-3"), dims=(SEGMENT,),
                                 member_evidence="StatementBusinessSegmentsAxis: acme:RetailMember in acme-10k.xml",
                                 rule="candidate us-gaap:Revenues (confidence 0.91)")
    cash = fact("us-gaap:Cash", SEP30, "1,000", line=7, table="t2", id="u-4")
    kind = dataclasses.replace(fact("dei:DocumentType", SEP30, "1", id="u-5"), value="8-K", unit=None, decimals=None,
                               table_id="cover:hidden", rule="hidden (given)")
    findings = (
        Finding("missing.value", Severity.WARNING, "no value in the column", Span("unit.txt", 6, 20, 23), "bad", "t1"),
        Finding("guess.deiVersion", Severity.WARNING, "dei version assumed", None, "", ""),
        Finding("footing.mismatch", Severity.ERROR, "does not add up", Span("unit.txt", 7, 11, 16), "1,000", "t1"),
        Finding("unread.cell", Severity.WARNING, "a cell not read", Span("unit.txt", 6, 11, 16, "page 1"), "(234)", "t1"),
        Finding("note.x", Severity.INFO, "said for the record", None, "", "t1"),
        Finding("missing.value", Severity.WARNING, "no value again", Span("unit.txt", 0, 0, 0), "", "t1"),
    )
    rows = (Row("Revenue", "Revenue", "", 5, ()), Row("Total", "Total:", "", 7, ()))
    tables = (
        Table("t1", "income", "Statements of Operations", 4, 4, 7, 3, 0,
              (Column(0, Q3, "Three Months 2013"), Column(1, None, "2012?", problem="year not read")), rows,
              scale_unknown=("shares",), scale_evidence="rows agree with t2"),
        Table("t2", "other", "", 8, 8, 9, 3, 3, (Column(0, SEP30, "September 30"),), (),
              statement_evidence="rows of a balance sheet"),
    )
    footings = (
        Footing("t1", Q3, "Total:", Decimal(1000000), (("Revenues", 1, Decimal(1234000)), ("Costs", -1, Decimal(234000))),
                Decimal(1000000), True, "is-total"),
        Footing("t1", Q3_PRIOR, "Nothing", Decimal(800000), (("Revenues", 1, Decimal(1000000)),), Decimal(1000000), False,
                "is-total"),
        Footing("t1", Q3_PRIOR, "Total", Decimal(800000), (), Decimal(0), False, "is-total", checkable=False),
    )
    filing = Filing(ACME, document, tables, (cash, kind, revenue, prior, retail), findings, footings,
                    dt.date(2013, 11, 6), RuleSet(rules=(), calculations=(), statements=(), extensions=()))
    layout = DocumentLayout(
        elements={"u-1": "f-2", "u-2": "f-10", "u-3": "f-3", "u-4": "f-1", "u-5": "f-11"},
        anchors=Anchors(cells={(6, 20): ("x-1", "bad")}, elements={(7, 11): "L7"}, lines={6: "L6"}),
        contexts=("c-1", "c-2", "c-3"), units=("usd",))
    return filing, layout


@pytest.fixture(scope="module")
def report():
    filing, layout = _filing()
    return build_report(filing, None, "acme-20131106.htm", layout, viewer="viewer.html")


def test_facts_in_element_order_with_their_source_rule_and_confidence(report):
    assert [f.id for f in report.facts] == ["f-1", "f-2", "f-3", "f-10", "f-11"]  # by number, not as text
    revenue = report.facts[1]
    assert (revenue.concept, revenue.period, revenue.dimensions, revenue.unit) == ("us-gaap:Revenues", Q3, (), "USD")
    assert (revenue.value, revenue.value_text, revenue.decimals, revenue.printed) == (
        Decimal(1234000), "1234000", -3, "1,234")
    assert (revenue.source.file, revenue.source.line, revenue.source.column) == ("unit.txt", 5, 12)  # 1-based column
    assert revenue.source.text == "Revenue 1,234 1,000"  # the document line's text, spaces tidied
    assert (revenue.row, revenue.table, revenue.statement, revenue.rule) == ("Revenue", "t1", "income", "unit#test")
    assert [f.confidence for f in report.facts] == ["rule", "rule", "candidate", "confirmed by prior filing", "given"]
    assert report.facts[2].dimensions == (("us-gaap:StatementBusinessSegmentsAxis", "acme:RetailMember"),)
    assert report.facts[2].member_evidence.endswith("in acme-10k.xml")
    assert report.facts[3].evidence == "us-gaap:Revenues 1000000 in acme-10k.xml"
    assert (report.facts[0].statement, report.facts[4].statement) == ("other", "cover")  # a table's, or "cover"
    assert (report.facts[4].value, report.facts[4].value_text, report.facts[4].unit) == ("8-K", "8-K", None)


def test_findings_are_listed_with_their_place_and_grouped_for_attention(report):
    entries = report.not_tagged
    assert [(n.code, n.severity, n.printed, n.table) for n in entries] == [
        ("missing.value", Severity.WARNING, "bad", "t1"), ("guess.deiVersion", Severity.WARNING, "", ""),
        ("footing.mismatch", Severity.ERROR, "1,000", "t1"), ("unread.cell", Severity.WARNING, "(234)", "t1"),
        ("note.x", Severity.INFO, "", "t1"), ("missing.value", Severity.WARNING, "", "t1")]
    assert (entries[0].source.line, entries[0].source.column, entries[0].source.text) == (6, 21, "Costs (234) bad")
    assert [n.anchor for n in entries] == ["x-1", "", "L7", "L6", "", ""]  # the refused cell, a row, the line; none
    assert entries[1].source is None and entries[4].source is None
    assert entries[3].source.path == "page 1"
    groups = [(g.phase, g.kind, g.code, g.count, g.entries) for g in report.attention]
    assert groups == [("error", "error", "footing.mismatch", 1, (3,)), ("guess", "assumed", "guess.deiVersion", 1, (2,)),
                      ("refused", "not tagged", "unread.cell", 1, (4,)),
                      ("missing", "missing value", "missing.value", 2, (1, 6))]  # the note is listed apart


def test_footings_tables_and_summary(report):
    assert [(f.line, f.total, f.total_value, f.computed, f.result) for f in report.footings] == [
        (7, "Total:", Decimal(1000000), Decimal(1000000), "pass"),  # found by the row's printed label
        (None, "Nothing", Decimal(800000), Decimal(1000000), "fail"),
        (7, "Total", Decimal(800000), Decimal(0), "not checkable")]
    assert report.footings[0].parts == (("Revenues", 1, Decimal(1234000)), ("Costs", -1, Decimal(234000)))
    t1, t2 = report.tables
    assert (t1.id, t1.statement, t1.lines, t1.scale_monetary, t1.scale_shares) == ("t1", "income", (4, 7), 3, 0)
    assert (t1.scale_unknown, t1.scale_evidence, t2.statement_evidence) == (
        ("shares",), "rows agree with t2", "rows of a balance sheet")
    assert [(c.period, c.header, c.problem) for c in t1.columns] == [
        (Q3, "Three Months 2013", None), (None, "2012?", "year not read")]
    s = report.summary
    assert (s.facts, s.contexts, s.units, s.not_tagged, s.footings, s.footings_failed) == (5, 3, 1, 6, 3, 1)
    assert (report.release, report.document, report.company, report.report_date, report.viewer) == (
        "unit.txt", "acme-20131106.htm", ACME, dt.date(2013, 11, 6), "viewer.html")
    assert report.validation is None and report.prior is None


def test_the_report_is_frozen_and_hashable(report):
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.viewer = None  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.facts[0].value = Decimal(0)  # type: ignore[misc]
    assert isinstance(report.facts, tuple) and isinstance(report.attention[0].entries, tuple)
    assert hash(report) == hash(build_report(*_args()))  # the same filing gives an equal report
    assert report == build_report(*_args())


def _args():
    filing, layout = _filing()
    return filing, None, "acme-20131106.htm", layout, "viewer.html"


def _keys(value) -> object:
    """The JSON shape of ``value``: its keys at every level (a list's items merged)."""
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in value.items()}
    if isinstance(value, list):
        merged: dict = {}
        for item in value:
            shape = _keys(item)
            if isinstance(shape, dict):
                for k, v in shape.items():
                    merged[k] = v if not isinstance(merged.get(k), dict) else {**merged[k], **(v or {})}
        return merged or None
    return None


def test_as_dict_has_the_shape_of_report_json(report):
    data = report.as_dict()
    assert json.loads(json.dumps(data)) == data  # JSON types only (Severity is a str)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert set(data) == set(golden)  # the golden report is validated, with a viewer, without --prior
    for part in ("company", "summary"):
        assert set(data[part]) == set(golden[part])
    shape, truth = _keys(data), _keys(golden)
    # the optional keys (member_evidence, a finding's source and anchor, path, a table's evidence) are the report's;
    # every key the golden report has is here
    for part in ("facts", "not_tagged", "attention", "footings", "tables"):
        assert set(truth[part]) <= set(shape[part]), part
        assert set(shape[part]) - set(truth[part]) <= {"member_evidence", "statement_evidence"}, part
    assert set(shape["facts"]["source"]) == set(truth["facts"]["source"]) == {"file", "line", "column", "text"}
    assert set(shape["not_tagged"]["source"]) == {"file", "line", "column", "text", "path"}  # path: HTML or PDF
    assert set(shape["tables"]["scale"]) == {"monetary", "shares", "evidence", "unknown"}
    fact = data["facts"][1]
    assert fact == {
        "id": "f-2", "concept": "us-gaap:Revenues", "period": {"start": "2013-07-01", "end": "2013-09-30"},
        "period_label": "2013-07-01 to 2013-09-30", "dimensions": {}, "unit": "USD", "value": "1234000",
        "decimals": -3, "printed": "1,234",
        "source": {"file": "unit.txt", "line": 5, "column": 12, "text": "Revenue 1,234 1,000"}, "row": "Revenue",
        "table": "t1", "statement": "income", "rule": "unit#test", "confidence": "rule", "evidence": "", "anchor": "f-2"}
    assert data["facts"][0]["period"] == {"instant": "2013-09-30"}
    assert data["facts"][2]["dimensions"] == {"us-gaap:StatementBusinessSegmentsAxis": "acme:RetailMember"}
    assert "source" not in data["not_tagged"][1] and "anchor" not in data["not_tagged"][1]
    assert data["tables"][0]["scale"] == {"monetary": 3, "shares": 0, "evidence": "rows agree with t2", "unknown": ["shares"]}
    assert data["tables"][1]["scale"] == {"monetary": 3, "shares": 3}
    assert data["tables"][0]["columns"][1] == {"period": None, "header": "2012?", "problem": "year not read"}
    assert data["footings"][2] == {"table": "t1", "rule": "is-total", "line": 7, "period": "2012-07-01 to 2012-09-30",
                                   "total": "Total", "total_value": "800000", "parts": [], "computed": "0",
                                   "result": "not checkable"}
    assert data["attention"][3] == {"phase": "missing", "kind": "missing value", "code": "missing.value", "count": 2,
                                    "entries": [1, 6]}
    assert data["company"] == {"name": "Acme Corp", "cik": "0000001234", "ticker": "ACME", "prefix": "acme",
                               "namespace": "http://acme.example/20131106"}
    assert (data["report_date"], data["validation"], data["viewer"]) == ("2013-11-06", None, "viewer.html")
    assert "prior" not in data
    as_json, _html = render_report(report)
    assert json.loads(as_json) == data


def test_the_flat_csv_reads_the_reports_facts(report):
    lines = flat_csv(report).decode("utf-8").splitlines()
    assert len(lines) == 1 + len(report.facts)
    assert "us-gaap:Revenues,Revenues,2013-07-01,2013-09-30,,,USD,1234000,-3,5,unit#test,rule" in lines
    assert "dei:DocumentType,Document Type,,,2013-09-30,,,8-K,,1,hidden (given),given" in lines


def test_the_validation_summary_is_typed_and_sorted():
    arelle = ArelleResult("out/acme-20131106.htm", True, facts=5, contexts=3, units=1, messages=[
        Message("xbrl.5.2", "warning", "b", "acme.htm:3"), Message("EFM.6.5", "error", "a", "acme.htm:9"),
        Message("calc", "inconsistency", "c")])
    validation = ValidationReport("out/acme-20131106.htm", arelle, [Message("ixconv.rule", "error", "z")], "EDGAR 25.1")
    summary = validation.summary()
    assert isinstance(summary, ValidationSummary)
    assert (summary.entry, summary.loaded, summary.facts, summary.errors, summary.warnings, summary.inconsistencies) == (
        "acme-20131106.htm", True, 5, 3, 1, 1)  # an inconsistency counts as an error
    assert [(m.level, m.code) for m in summary.messages] == [
        ("error", "EFM.6.5"), ("error", "ixconv.rule"), ("inconsistency", "calc"), ("warning", "xbrl.5.2")]
    filing, layout = _filing()
    data = build_report(filing, summary, "acme-20131106.htm", layout).as_dict()
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert set(data["validation"]) == set(golden["validation"])
    assert data["validation"]["messages"][0] == {"code": "EFM.6.5", "level": "error", "text": "a", "source": "acme.htm:9"}
    assert data["viewer"] is None
