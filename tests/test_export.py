"""Exports for data vendors: xBRL-JSON and xBRL-CSV (Arelle's OIM serialisers) and the flat CSV of the report.

The OIM files are read back independently (json, csv) and compared with the iXBRL document as read by
``ixread`` (lxml, knows nothing of the converter): same facts, same values. Two exports of the same
filing from two Arelle loads are byte-identical.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import random
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED
from ixread import read_facts

from converter.export.flat_csv import COLUMNS, flat_csv, words_of
from converter.model import Company, Period, Report, ReportFact, ReportSource, ReportSummary

OIM_ASPECTS = {"concept", "entity", "period", "unit", "language", "noteId"}


@pytest.fixture(scope="module")
def seed(tmp_path_factory, taxonomy) -> Path:
    """The seed converted without the validation gate (the exports are tested, not the filing's findings)."""
    from converter.cli import main

    out = tmp_path_factory.mktemp("export") / "seed"
    assert main(["convert", str(SEED), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate"]) == 0
    return out


def _document(folder: Path) -> Path:
    return next(p for p in sorted(folder.glob("*.htm")))


@pytest.fixture(scope="module")
def exported(seed, taxonomy) -> dict:
    """validate_and_write into the filing's own folder; then, from a second Arelle load, export_oim into the
    same folder again (its bytes kept to compare) and into a sibling folder."""
    from converter.export.arelle import export_oim
    from converter.pipeline import validate_and_write
    from converter.validate.arelle_run import arelle_model
    from converter.validate.edgar import resolve_edgar

    document = _document(seed)
    base = document.stem
    report, files, _viewed = validate_and_write(document, taxonomy, seed, base, export_invalid=True)
    assert report.arelle.loaded
    first = {p: p.read_bytes() for p in files}
    sibling = seed.parent / "again"
    edgar = resolve_edgar()  # the same Arelle configuration as validate_and_produce's (the EDGAR plugin sets languages)
    with arelle_model(document, taxonomy, plugins=edgar.plugins(),
                      disclosure_system=edgar.disclosure_system if edgar.active else None) as (model, _result):
        again = export_oim(model, seed, base)
        second = {p: p.read_bytes() for p in again}
        elsewhere = export_oim(model, sibling, base)
    return {"base": base, "document": document, "files": files, "first": first, "second": second,
            "elsewhere": elsewhere, "sibling": sibling}


def _period(oim: str) -> str:
    """An OIM period (``2013-07-01T00:00:00/2013-10-01T00:00:00``) as ixread writes it (``2013-07-01/2013-09-30``)."""
    def day(text: str, end: bool) -> str:
        moment = dt.datetime.fromisoformat(text)
        if end and moment.time() == dt.time(0):
            return (moment.date() - dt.timedelta(days=1)).isoformat()
        return moment.date().isoformat()

    start, _, end = oim.rpartition("/")
    return f"{day(start, False)}/{day(end, True)}" if start else day(end, True)


def _oim_key(fact: dict) -> tuple:
    dims = fact["dimensions"]
    axes = tuple(sorted((k, v) for k, v in dims.items() if k not in OIM_ASPECTS))
    value = fact["value"]
    if "decimals" in fact or dims.get("unit"):
        value = Decimal(value)
    else:
        value = " ".join(str(value).split())
    return dims["concept"], _period(dims["period"]), axes, value


def _ix_key(fact) -> tuple:
    value = fact.value if isinstance(fact.value, Decimal) else " ".join(fact.value.split())
    if isinstance(value, str):
        try:  # ixread does not apply transformations; the one for dates printed "November 6, 2013" is done here
            value = dt.datetime.strptime(value, "%B %d, %Y").date().isoformat()
        except ValueError:
            pass
    return fact.concept, fact.period, tuple(sorted(fact.dims)), value


# --------------------------------------------------------------------------- xBRL-JSON


@pytest.mark.arelle
def test_files_written(exported, seed):
    base = exported["base"]
    assert exported["files"] == [seed / f"{base}.json", seed / f"{base}-csv" / f"{base}-metadata.json",
                                 seed / f"{base}-csv" / f"{base}-facts.csv"]
    assert all(p.is_file() for p in exported["files"])
    assert not list(seed.glob(".oim-*")), "the scratch folder is removed"


@pytest.mark.arelle
def test_xbrl_json_has_the_documents_facts_and_values(exported):
    report = json.loads(exported["files"][0].read_text(encoding="utf-8"))
    assert report["documentInfo"]["documentType"] == "https://xbrl.org/2021/xbrl-json"
    oim = Counter(_oim_key(f) for f in report["facts"].values())
    ix = Counter(_ix_key(f) for f in read_facts(exported["document"]))
    assert sum(oim.values()) == sum(ix.values()) > 100
    assert oim == ix


@pytest.mark.arelle
def test_xbrl_json_keeps_units_decimals_and_ids(exported):
    report = json.loads(exported["files"][0].read_text(encoding="utf-8"))
    facts = report["facts"]
    revenue = [f for f in facts.values() if f["dimensions"]["concept"] == "us-gaap:Revenues"]
    assert revenue and all(f["dimensions"]["unit"] == "iso4217:USD" and f["decimals"] <= -3 for f in revenue)
    ix = {(f.concept, f.value, f.decimals) for f in read_facts(exported["document"]) if f.unit}
    oim = {(f["dimensions"]["concept"], Decimal(f["value"]), str(f["decimals"])) for f in facts.values() if "decimals" in f}
    assert oim == ix
    assert [f["value"] for f in facts.values() if f["dimensions"]["concept"] == "dei:DocumentType"] == ["8-K"]
    assert all(f["dimensions"]["entity"] == "cik:0001102993" for f in facts.values())


@pytest.mark.arelle
def test_taxonomy_reference_is_relative_to_each_file(exported, seed):
    base = exported["base"]
    here = json.loads((seed / f"{base}.json").read_text(encoding="utf-8"))["documentInfo"]["taxonomy"]
    assert here == [f"{base}.xsd"]
    there = exported["sibling"] / f"{base}.json"
    refs = json.loads(there.read_text(encoding="utf-8"))["documentInfo"]["taxonomy"]
    assert refs == [f"../seed/{base}.xsd"] and (there.parent / refs[0]).resolve().is_file()
    csv_meta = seed / f"{base}-csv" / f"{base}-metadata.json"
    refs = json.loads(csv_meta.read_text(encoding="utf-8"))["documentInfo"]["taxonomy"]
    assert refs == [f"../{base}.xsd"] and (csv_meta.parent / refs[0]).resolve().is_file()


@pytest.mark.arelle
def test_two_loads_export_byte_identical_files(exported):
    assert list(exported["first"]) == list(exported["second"])
    for path, data in exported["first"].items():
        assert exported["second"][path] == data, f"{path.name} differs between two loads"
    assert [p.relative_to(exported["sibling"]) for p in exported["elsewhere"]] == [
        p.relative_to(exported["files"][0].parent) for p in exported["files"]]


# --------------------------------------------------------------------------- xBRL-CSV


@pytest.mark.arelle
def test_xbrl_csv_has_one_row_per_fact(exported, seed):
    base = exported["base"]
    folder = seed / f"{base}-csv"
    metadata = json.loads((folder / f"{base}-metadata.json").read_text(encoding="utf-8"))
    assert metadata["documentInfo"]["documentType"] == "https://xbrl.org/2021/xbrl-csv"
    table = metadata["tables"]["facts"]["url"]
    assert (folder / table).is_file()
    rows = list(csv.DictReader(io.StringIO((folder / table).read_text(encoding="utf-8-sig"))))
    ix = read_facts(exported["document"])
    assert len(rows) == len(ix)
    as_read = Counter((r["concept"], Decimal(r["value"])) for r in rows if r["decimals"])  # numeric (pure has no unit)
    assert as_read == Counter((f.concept, f.value) for f in ix if f.unit)


# --------------------------------------------------------------------------- the flat CSV (no Arelle)


@pytest.fixture(scope="module")
def converted(taxonomy):
    """The seed converted through the API without Arelle: its ``Result.report`` and files."""
    from converter import convert

    return convert(SEED, taxonomy=taxonomy, validate=False)


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_flat_csv_has_a_row_per_reported_fact_with_its_provenance(converted):
    report = converted.report
    data = flat_csv(report)
    assert data == converted.files[f"{Path(converted.document_name).stem}-flat.csv"]  # what convert wrote
    assert data.decode("utf-8").splitlines()[0] == ",".join(COLUMNS)
    rows = _rows(data)
    assert len(rows) == len(report.facts) == len(converted.facts) > 100
    by_line = {(f.concept, f.source.line, f.value_text) for f in report.facts}
    assert {(r["concept"], int(r["source_line"]), r["value"]) for r in rows} == by_line
    assert all(r["rule"] for r in rows)
    for row in rows:
        assert bool(row["instant"]) != bool(row["period_start"] and row["period_end"])


def test_flat_csv_is_deterministic_whatever_the_order_of_facts(converted):
    report = converted.report
    facts = list(report.facts)
    random.Random(7).shuffle(facts)
    assert facts != list(report.facts)
    assert flat_csv(dataclasses.replace(report, facts=tuple(facts))) == flat_csv(report)
    rows = _rows(flat_csv(report))
    keys = [(r["concept"], r["period_end"] or r["instant"], r["period_start"]) for r in rows]
    assert keys == sorted(keys)


def _report_fact(concept: str, period: Period, dims: tuple[tuple[str, str], ...], unit: str, value: str,
                 decimals: int, line: int, rule: str) -> ReportFact:
    return ReportFact(id=f"f-{line}", concept=concept, period=period, dimensions=dims, unit=unit, value=Decimal(value),
                      decimals=decimals, printed=value, source=ReportSource("r.txt", line, 1, value), row="",
                      table="t1", statement="nongaap", rule=rule, confidence="rule")


def test_flat_csv_labels_dimensions_and_quoting():
    q3 = Period(dt.date(2013, 9, 30), dt.date(2013, 7, 1))
    facts = (
        _report_fact("us-gaap:Assets", Period(dt.date(2013, 9, 30)), (), "USD", "193330000", -3, 277, "bs.toml#assets"),
        _report_fact("lpsn:AdjustedEBITDAMargin", q3,
                     (("us-gaap:StatementBusinessSegmentsAxis", "lpsn:SmallBusinessMember"),
                      ("srt:ProductOrServiceAxis", "lpsn:Consumer, Retail Member")),
                     "pure", "0.125", 3, 12, "non-gaap.toml#margin"),
        _report_fact("lpsn:Loss", q3, (), "USD", "-1000", 0, 13, "=cmd|' /C calc'!A0"),
    )
    report = Report("r.txt", "lpsn-20131106.htm", Company("Acme", "1", "ACME", "lpsn", "http://acme", "--12-31"),
                    dt.date(2013, 11, 6), ReportSummary(len(facts), 0, 0, 0, 0, 0), (), facts, (), (), ())
    rows = _rows(flat_csv(report))
    assert [r["concept"] for r in rows] == ["lpsn:AdjustedEBITDAMargin", "lpsn:Loss", "us-gaap:Assets"]
    assert [r["label"] for r in rows] == ["Adjusted EBITDA Margin", "Loss", "Assets"]  # the concept's name in words
    assert rows[0]["dimensions"] == ("srt:ProductOrServiceAxis=lpsn:Consumer, Retail Member;"
                                     "us-gaap:StatementBusinessSegmentsAxis=lpsn:SmallBusinessMember")
    assert (rows[0]["period_start"], rows[0]["period_end"], rows[0]["value"], rows[0]["unit"]) == (
        "2013-07-01", "2013-09-30", "0.125", "pure")
    assert (rows[2]["instant"], rows[2]["period_start"], rows[2]["decimals"], rows[2]["source_line"]) == (
        "2013-09-30", "", "-3", "277")
    assert (rows[1]["value"], rows[1]["rule"]) == ("-1000", "'=cmd|' /C calc'!A0")  # a number keeps its sign


@pytest.mark.parametrize("concept, words", [
    ("us-gaap:NetIncomeLoss", "Net Income Loss"),
    ("lpsn:EBITDA", "EBITDA"),
    ("lpsn:AdjustedEBITDAPerShareDiluted", "Adjusted EBITDA Per Share Diluted"),
    ("us-gaap:IncomeTax2013Expense", "Income Tax 2013 Expense"),
])
def test_words_of_a_concept_name(concept, words):
    assert words_of(concept) == words


# --------------------------------------------------------------------------- nothing exported from a filing with errors


def test_remove_oim_removes_only_a_previous_export(tmp_path):
    from converter.export.arelle import remove_oim

    (tmp_path / "x.json").write_text("{}")
    (tmp_path / "x-csv").mkdir()
    (tmp_path / "x-csv" / "x-facts.csv").write_text("")
    (tmp_path / "x-csv" / "x-metadata.json").write_text("{}")
    (tmp_path / "x.htm").write_text("<html/>")
    removed = remove_oim(tmp_path, "x")
    assert sorted(p.name for p in removed) == ["x-facts.csv", "x-metadata.json", "x.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.htm"]
    assert remove_oim(tmp_path, "x") == []


@pytest.mark.arelle
def test_a_filing_with_errors_is_not_exported(tmp_path, taxonomy):
    from test_validate_rules import FORM_FAULTS, write_filing  # cheap: imports dei only

    from converter.pipeline import validate_and_write

    document = write_filing(tmp_path, FORM_FAULTS, taxonomy)
    (tmp_path / f"{document.stem}.json").write_text("{}")  # a previous run's export
    report, files, _viewed = validate_and_write(document, taxonomy, tmp_path, document.stem)
    assert report.errors and files == []
    assert not (tmp_path / f"{document.stem}.json").exists()
    report, files, _viewed = validate_and_write(document, taxonomy, tmp_path, document.stem, export_invalid=True)
    assert [p.name for p in files] == [f"{document.stem}.json", f"{document.stem}-metadata.json",
                                       f"{document.stem}-facts.csv"]
