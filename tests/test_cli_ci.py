"""Issue 16: a CI pipeline's and a reviewer's use of ``convert``: the prefix from the ticker, every guess a
warning, machine-readable output (json, GitHub annotations), ``--fail-on``, ``-q``, and an ``--out``
holding another filing refused unless ``--force``."""
from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest
from conftest import CORPUS, SEED
from ixread import fact_map, read_facts

from converter.cli import main

PROFILE = SEED.with_name(SEED.stem + ".profile.toml")


def _seed_without_profile(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    release = folder / "release.txt"
    shutil.copyfile(SEED, release)
    return release


@pytest.mark.corpus
@pytest.mark.arelle
def test_ticker_cik_and_company_are_enough(tmp_path, taxonomy, capsys):
    release = CORPUS / "05_aapl_fy2011q1_ex99-1.htm"
    if not release.is_file():
        pytest.skip(f"{release} not found")
    out = tmp_path / "out"
    code = main(["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), "--no-viewer",
                 "--ticker", "AAPL", "--cik", "320193", "--company", "Apple Inc."])
    printed = capsys.readouterr().out
    assert code == 0
    document = out / "aapl-20110118.htm"  # prefix: the lower-cased ticker
    facts = fact_map(read_facts(document))
    (revenue,) = facts[("us-gaap:Revenues", "2010-09-26/2010-12-25", ())]
    assert (revenue.value, revenue.unit, revenue.decimals) == (Decimal("26741000000"), "USD", "-6")
    schema = (out / "aapl-20110118.xsd").read_text()
    assert 'targetNamespace="http://aapl.example.com/20110118"' in schema
    report = json.loads((out / "report.json").read_text())
    assert report["validation"]["errors"] == 0
    guesses = {n["code"]: n for n in report["not_tagged"] if n["code"].startswith("guess.")}
    assert {"guess.prefix", "guess.namespace", "guess.reportDate", "guess.deiVersion"} <= set(guesses)
    assert all(g["severity"] == "warning" for g in guesses.values())
    assert "http://aapl.example.com/20110118 is a placeholder" in guesses["guess.namespace"]["message"]
    # every guess is in the console summary too, and in the review page
    assert "assumed: extension prefix 'aapl' taken from the ticker AAPL" in printed
    assert "assumed: report date 2011-01-18 read from the release's dateline" in printed
    html = (out / "report.html").read_text()
    assert "guess.namespace" in html and "assumed" in html


def test_the_missing_option_is_named_as_it_exists():
    import datetime as dt

    from converter.company import ProfileError, resolve_company

    with pytest.raises(ProfileError) as refused:
        resolve_company(None, {"cik": "1102993"}, dt.date(2013, 11, 6), {})
    message = str(refused.value)
    assert "give --company, --prefix (or --ticker" in message and "--name" not in message
    company, guesses = resolve_company(None, {"cik": "1", "name": "X Corp", "ticker": "BRK.B"}, dt.date(2013, 11, 6), {})
    assert company.prefix == "brkb" and [g.code for g in guesses] == ["guess.prefix", "guess.namespace", "guess.fiscalYearEnd"]
    company, guesses = resolve_company(None, {"cik": "1", "name": "X", "prefix": "xc", "namespace": "http://x.com/{date}"},
                                       dt.date(2013, 11, 6), {"fiscal_year_end": "--06-30"})
    assert company.namespace == "http://x.com/20131106" and guesses == []


def test_json_summary_and_fail_on_thresholds(tmp_path, taxonomy, capsys):
    out = tmp_path / "out"
    args = ["convert", str(SEED), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate", "--no-viewer"]
    assert main(args + ["--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    report = json.loads((out / "report.json").read_text())
    assert summary["document"] == "lpsn-20131106.htm" and summary["exit"] == 0
    assert summary["facts"] == report["summary"]["facts"] > 200
    failed_footings = report["summary"]["footings_failed"]
    assert summary["footings"]["failed"] == failed_footings > 0
    cells = [n for n in report["not_tagged"] if n["code"] == "damage.cell"]
    assert summary["not_tagged_by_reason"]["damage.cell"] == len(cells) > 10
    assert summary["not_tagged"] == sum(summary["not_tagged_by_reason"].values())
    assert [a["code"] for a in summary["assumed"]] == ["guess.deiVersion", "guess.fiscalCalendar"]

    assert main(args + ["--format", "json", "--fail-on", "footing"]) == 1
    failed = json.loads(capsys.readouterr().out)
    assert failed["exit"] == 1 and failed["failed"] == [f"{failed_footings} failed footing(s) (--fail-on footing)"]
    limit = summary["not_tagged"]
    assert main(args + ["--fail-on", f"untagged>{limit}", "-q"]) == 0
    quiet = capsys.readouterr()
    assert quiet.out == "" and quiet.err == ""
    assert main(args + ["--fail-on", f"untagged>{limit - 1}", "-q"]) == 1
    assert f"failed: {limit} not tagged, more than {limit - 1}" in capsys.readouterr().err
    assert main(args + ["--fail-on", "warning", "-q"]) == 1  # the dei version was chosen: a warning
    capsys.readouterr()
    assert main(args + ["--fail-on", "untagged>x"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "untagged>N" in err


def test_github_annotations_name_the_file_and_line(tmp_path, taxonomy, capsys):
    out = tmp_path / "out"
    code = main(["convert", str(SEED), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate", "--no-viewer",
                 "--format", "github", "-v", "--fail-on", "footing"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    report = json.loads((out / "report.json").read_text())
    damaged = [ln for ln in lines if ln.startswith("::warning ") and "title=damage.cell" in ln]
    assert len(damaged) == sum(1 for n in report["not_tagged"] if n["code"] == "damage.cell") > 10
    # the cell that lost its last digit, at its own line in the release
    cell = next(n for n in report["not_tagged"] if n["printed"] == "103,33")
    assert any(f"file={SEED.as_posix()},line={cell['source']['line']},title={cell['code']}::" in ln for ln in lines), lines[:5]
    assert any(ln.startswith("::error ") and f"{report['summary']['footings_failed']} failed footing(s)" in ln for ln in lines)


def test_out_holding_another_filing_is_refused_unless_force(tmp_path, taxonomy, capsys):
    out = tmp_path / "out"
    other = tmp_path / "other.txt"
    shutil.copyfile(SEED, other)
    shutil.copyfile(PROFILE, tmp_path / "other.profile.toml")
    base = ["--out", str(out), "--taxonomy", str(taxonomy), "--no-validate", "--no-viewer", "-q"]
    assert main(["convert", str(SEED)] + base) == 0
    assert main(["convert", str(SEED)] + base) == 0  # the same release again: its own output, replaced
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "stray.txt").write_text("left by the previous filing")
    capsys.readouterr()
    assert main(["convert", str(other)] + base) == 2
    err = capsys.readouterr().err
    assert "holds the filing of another release" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert {p.name for p in out.iterdir()} == set(first) | {"stray.txt"}  # untouched

    assert main(["convert", str(other)] + base + ["--force"]) == 0
    assert "stray.txt" not in {p.name for p in out.iterdir()}  # replaced whole: no file of the old set left
    assert json.loads((out / "report.json").read_text())["release"] == str(other)
    assert not [p for p in tmp_path.iterdir() if ".ixconv-" in p.name]  # no staging or old folder left

    folder = tmp_path / "foreign"
    folder.mkdir()
    (folder / "notes.htm").write_text("<html/>")
    assert main(["convert", str(SEED), "--out", str(folder), "--taxonomy", str(taxonomy), "--no-validate"]) == 2
    assert "is not empty and holds no filing" in capsys.readouterr().err


@pytest.mark.arelle
def test_validate_speaks_github_and_opens_the_report_package(seed_output, taxonomy, capsys):
    document = seed_output / "lpsn-20131106.htm"
    code = main(["validate", str(document), "--taxonomy", str(taxonomy), "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    report = json.loads((seed_output / "report.json").read_text())
    warnings = [m for m in report["validation"]["messages"] if m["level"] == "warning"]
    assert code == 0 and warnings
    annotations = [ln for ln in lines if ln.startswith("::")]
    assert len(annotations) == len(warnings)
    assert all(ln.startswith(f"::warning file={document},title=") for ln in annotations)
    assert lines[-1].endswith("errors: 0, warnings: %d" % len(warnings))
    assert main(["validate", str(document), "--taxonomy", str(taxonomy), "--fail-on", "warning", "-q"]) == 1
    assert capsys.readouterr().out == ""

    package = seed_output / "lpsn-20131106.xbri"
    code = main(["validate", str(package), "--taxonomy", str(taxonomy), "--format", "json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["errors"] == 0
    assert summary["facts"] == report["validation"]["facts"] > 200  # the packaged report, loaded from the zip


@pytest.mark.corpus
def test_a_year_less_dateline_takes_the_year_after_the_quarter_end(tmp_path, taxonomy, capsys):
    """Sears prints "July 22" without a year above its quarter "ended July 3, 2004": the release's date is
    July 22 of the one year that puts it within 120 days after the latest period end (2004), which the
    warning says; --report-date still wins over it."""
    release = CORPUS / "07_sears_2004q2_ex99.txt"
    if not release.is_file():
        pytest.skip(f"{release} not found")
    out = tmp_path / "out"
    assert main(["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate",
                 "--cik", "319256", "--company", "Sears, Roebuck and Co.", "--prefix", "sears"]) == 0
    printed = capsys.readouterr().out
    report = json.loads((out / "report.json").read_text())
    (guess,) = [n for n in report["not_tagged"] if n["code"] == "guess.reportDate"]
    assert "report date 2004-07-22 read from the release's dateline (no year printed" in guess["message"]
    assert "end of a period" not in guess["message"]
    assert guess["source"]["line"] == 5 and "assumed: report date 2004-07-22" in printed
    assert report["document"] == "sears-20040722.htm"
    facts = fact_map(read_facts(out / "sears-20040722.htm"))
    assert [f.value for f in facts[("dei:DocumentPeriodEndDate", "2004-07-22/2004-07-22", ())]] == ["2004-07-22"]
    assert main(["convert", str(release), "--out", str(out), "--taxonomy", str(taxonomy), "--no-validate", "-q",
                 "--cik", "319256", "--company", "Sears, Roebuck and Co.", "--prefix", "sears",
                 "--report-date", "2004-07-23"]) == 0
    report = json.loads((out / "report.json").read_text())
    assert not [n for n in report["not_tagged"] if n["code"] == "guess.reportDate"]
    assert report["document"] == "sears-20040723.htm"
    assert not list(out.glob("sears-20040722*"))  # the earlier set, named by the earlier date, is gone whole
