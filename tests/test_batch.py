"""Issue 7: many releases at once (``ixconv batch``), the warm Arelle validator, the Dask engine."""
from __future__ import annotations

import json
import os
import shutil
import signal
import time
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED
from ixread import fact_map, read_facts

from converter.batch import BatchConfig, expand_inputs, plan, run_batch, scan_inputs
from converter.cli import main

PROFILE = SEED.with_name(SEED.stem + ".profile.toml")


def release_copy(folder: Path, name: str) -> Path:
    """The seed under another name, with its profile beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"{name}.txt"
    shutil.copyfile(SEED, copy)
    shutil.copyfile(PROFILE, folder / f"{name}.profile.toml")
    return copy


def table_rows(stdout: str) -> dict[str, list[str]]:
    """The summary table's rows by input: [status, facts, errors, output or reason]."""
    rows = {}
    for line in stdout.splitlines():
        parts = line.split(None, 4)
        if len(parts) >= 4 and parts[1] in ("converted", "refused", "failed", "timeout"):
            rows[parts[0]] = parts[1:]
    return rows


# ----------------------------------------------------------------------------------------- no Arelle

def test_inputs_from_files_and_folders(tmp_path):
    """Folders give their files named like releases that read like one; named files are taken as given."""
    folder = tmp_path / "releases"
    folder.mkdir()
    release_text = SEED.read_text(encoding="utf-8")
    for name in ("b.txt", "a.htm", "c.HTML", "e.md"):
        (folder / name).write_text(release_text)
    (folder / "d.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "README.md").write_text("# Releases\n\nCopies of press releases, one per quarter.\n")
    (folder / "fake.pdf").write_text("not a pdf")
    (folder / "empty.txt").write_text("")
    for name in ("notes.json", ".hidden.txt", "a.profile.toml"):
        (folder / name).write_text(release_text)
    (folder / "sub").mkdir()
    (folder / "sub" / "deep.txt").write_text(release_text)
    extra = tmp_path / "other.txt"
    extra.write_text("x")
    missing = tmp_path / "missing.txt"
    found, skipped = scan_inputs([folder, extra, folder / "b.txt", missing, folder / "empty.txt"])
    assert [p.name for p in found] == ["a.htm", "b.txt", "c.HTML", "d.pdf", "e.md", "other.txt", "missing.txt",
                                       "empty.txt"]
    reasons = {p.name: r for p, r in skipped}
    assert sorted(reasons) == ["README.md", "fake.pdf"]  # empty.txt was named: converted (and refused) as given
    assert "does not read like an earnings release" in reasons["README.md"]
    assert "not a PDF" in reasons["fake.pdf"]
    assert expand_inputs([folder]) == [folder / n for n in ("a.htm", "b.txt", "c.HTML", "d.pdf", "e.md")]


def test_manifest_csv_and_toml(tmp_path):
    from converter.batch.manifest import match, read_manifest
    from converter.errors import UserError

    (tmp_path / "co.profile.toml").write_text("[company]\nname = 'Co'\n")
    csv_file = tmp_path / "m.csv"
    csv_file.write_text("release,cik,company,ticker,prefix,profile,prior,timeout\n"
                        "q3.txt,320193,\"Apple, Inc.\",AAPL,,co.profile.toml,a.xml;b.xml,5\n"
                        "sub/q4.htm,1,Other,,oth,,,\n")
    toml_file = tmp_path / "m.toml"
    toml_file.write_text('[[release]]\nrelease = "q3.txt"\ncik = "320193"\ncompany = "Apple, Inc."\nticker = "AAPL"\n'
                         'profile = "co.profile.toml"\nprior = ["a.xml", "b.xml"]\ntimeout = 5\n'
                         '[[release]]\nrelease = "sub/q4.htm"\ncik = 1\ncompany = "Other"\nprefix = "oth"\n')
    for manifest in (csv_file, toml_file):
        first, second = read_manifest(manifest)
        assert first.release == (tmp_path / "q3.txt").resolve() and first.timeout == 5.0
        assert first.overrides == {"cik": "320193", "name": "Apple, Inc.", "ticker": "AAPL"}
        assert first.profile == (tmp_path / "co.profile.toml").resolve()
        assert first.prior == ((tmp_path / "a.xml").resolve(), (tmp_path / "b.xml").resolve())
        assert second.overrides == {"cik": "1", "name": "Other", "prefix": "oth"} and second.profile is None
        # matched by path, or by name when the releases sit elsewhere
        assert match([first, second], [tmp_path / "elsewhere" / "q4.htm", tmp_path / "q3.txt", tmp_path / "x.txt"]) == \
            {0: second, 1: first}
    bad = tmp_path / "bad.csv"
    bad.write_text("release,tikker\nq3.txt,AAPL\n")
    with pytest.raises(UserError, match="unknown key 'tikker'"):
        read_manifest(bad)
    bad.write_text("release,timeout\nq3.txt,soon\n")
    with pytest.raises(UserError, match="bad.csv:2: timeout 'soon'"):
        read_manifest(bad)


HANG_HOOK = """
import os, signal, time
if os.environ.get("IXCONV_TEST_HANG"):
    import converter.ingest as ingest
    real = ingest.read_document
    def read_document(path, *args, **kwargs):
        if path.name.startswith("hang-soft"):
            time.sleep(3600)  # a release that hangs where Python can stop it
        if path.name.startswith("hang-hard"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # ... and one that ignores the timer
            time.sleep(3600)
        return real(path, *args, **kwargs)
    ingest.read_document = read_document
"""


def test_a_hanging_release_is_a_timeout_and_the_batch_carries_on(tmp_path, taxonomy, capsys, monkeypatch):
    """Issue 18: each release has a time limit. Two releases hang in the worker processes (one where the
    timer stops it, one that blocks the timer, so that the watchdog must end its worker); both are
    reported as timeouts, and the two good releases are converted."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HANG_HOOK)  # loaded by every worker process at start
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", ""), str(SEED.parents[1])]))
    monkeypatch.setenv("IXCONV_TEST_HANG", "1")
    inputs = tmp_path / "in"
    releases = [release_copy(inputs, name) for name in ("good-1", "hang-soft", "hang-hard", "good-2")]
    out = tmp_path / "out"
    started = time.monotonic()
    code = main(["batch", *map(str, releases), "--out", str(out), "--jobs", "2", "--taxonomy", str(taxonomy),
                 "--no-validate", "--timeout", "3"])
    elapsed = time.monotonic() - started
    captured = capsys.readouterr()
    assert code == 1
    rows = table_rows(captured.out)
    assert [rows[str(p)][0] for p in releases] == ["converted", "timeout", "timeout", "converted"]
    summary = json.loads((out / "summary.json").read_text())
    by_input = {r["input"]: r for r in summary["releases"]}
    assert "stopped after 3 s" in by_input[str(releases[1])]["reason"]
    assert "its worker process was ended" in by_input[str(releases[2])]["reason"]
    assert summary["totals"]["timeout"] == 2 and summary["totals"]["converted"] == 2 and summary["exit"] == 1
    for good in (releases[0], releases[3]):
        assert by_input[str(good)]["facts"] > 200 and (out / good.stem / "report.json").is_file()
    assert not (out / "hang-soft" / "report.json").exists()
    assert "2 timed out" in captured.out
    assert elapsed < 120


def test_each_release_gets_its_own_folder(tmp_path):
    releases = [Path("x/q3.txt"), Path("y/q3.txt"), Path("y/Q3.pdf"), Path("z/odd name!.txt")]
    items = plan(releases, tmp_path / "out")
    assert [Path(i.out_dir).name for i in items] == ["q3", "q3-2", "Q3-3", "odd_name_"]
    assert [i.index for i in items] == [0, 1, 2, 3]


def test_one_failure_does_not_stop_the_others(tmp_path, taxonomy, capsys):
    """Without Arelle: a release whose output folder cannot be made is refused (a file stands where its folder
    should be); the others are converted."""
    inputs = tmp_path / "in"
    good, blocked = release_copy(inputs, "good"), release_copy(inputs, "blocked")
    out = tmp_path / "out"
    out.mkdir()
    (out / "blocked").write_text("a file where the folder should go")
    code = main(["batch", str(good), str(blocked), "--out", str(out), "--jobs", "2", "--taxonomy", str(taxonomy),
                 "--no-validate"])
    captured = capsys.readouterr()
    assert code == 1
    rows = table_rows(captured.out)
    assert rows[str(good)][0] == "converted" and int(rows[str(good)][1]) > 50
    assert rows[str(blocked)][0] == "refused" and "blocked" in rows[str(blocked)][3]
    assert "is a file, not a folder" in rows[str(blocked)][3]
    assert (out / "good" / "report.json").is_file()
    assert (out / "blocked").read_text() == "a file where the folder should go"
    assert "[2/2]" in captured.err  # progress on stderr (one line per release when not a terminal)


def test_removed_engine_is_one_line(tmp_path, taxonomy, capsys):
    code = main(["batch", str(SEED), "--out", str(tmp_path / "o"), "--engine", "ray", "--taxonomy", str(taxonomy)])
    err = capsys.readouterr().err
    assert code == 2
    assert "invalid choice: 'ray'" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "o").exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the warm validator forks")
def test_a_crashing_or_hanging_validation_costs_one_document():
    from converter.validate.warm import WarmValidationError, _run_in_child

    assert _run_in_child(lambda: ("fine", 42), 30)[0] == ("fine", 42)
    with pytest.raises(WarmValidationError, match="died .signal 9"):
        _run_in_child(lambda: os.kill(os.getpid(), signal.SIGKILL), 30)
    with pytest.raises(WarmValidationError, match="longer than"):
        _run_in_child(lambda: time.sleep(30), 0.5)
    with pytest.raises(WarmValidationError, match="ZeroDivisionError"):
        _run_in_child(lambda: 1 / 0, 30)


# ----------------------------------------------------------------------------------------- with Arelle

@pytest.mark.arelle
def test_batch_of_seed_empty_and_copy(tmp_path, taxonomy, capsys):
    inputs = tmp_path / "in"
    first = release_copy(inputs, "first")
    empty = inputs / "empty.txt"
    empty.write_text("")
    second = release_copy(inputs, "second")
    out = tmp_path / "out"
    code = main(["batch", str(first), str(empty), str(second), "--out", str(out), "--jobs", "2",
                 "--taxonomy", str(taxonomy)])
    captured = capsys.readouterr()
    assert code != 0  # one release refused
    rows = table_rows(captured.out)
    assert [rows[str(p)][0] for p in (first, empty, second)] == ["converted", "refused", "converted"]
    assert "empty" in rows[str(empty)][3]
    assert not (out / "empty").exists()  # a refused release writes nothing
    assert "3 releases: 2 converted" in captured.out

    documents = []
    for name in ("first", "second"):
        folder = out / name
        report = json.loads((folder / "report.json").read_text())
        document = folder / report["document"]
        assert (folder / "report.html").is_file() and document.is_file()
        assert report["validation"]["facts"] == int(rows[str(inputs / f"{name}.txt")][1])
        assert report["validation"]["errors"] == int(rows[str(inputs / f"{name}.txt")][2])
        facts = read_facts(document)
        assert len(facts) == report["validation"]["facts"] > 50
        documents.append(document.read_bytes())
    assert documents[0] == documents[1]  # the same release gives the same filing, wherever it ran

    # the same files as `ixconv convert` of that release, with the same content
    single = tmp_path / "single"
    # (a batch writes the viewer only with --viewer)
    assert main(["convert", str(first), "--out", str(single), "--taxonomy", str(taxonomy), "--no-viewer"]) in (0, 1)
    capsys.readouterr()
    files = sorted(p.relative_to(single) for p in single.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(out / "first") for p in (out / "first").rglob("*") if p.is_file())
    assert any(f.suffix == ".json" and f.name != "report.json" for f in files)  # the xBRL-JSON export too
    for name in files:
        mine, theirs = (out / "first" / name).read_bytes(), (single / name).read_bytes()
        if name.name == "report.json":  # Arelle's message order varies from run to run: compare sorted
            mine, theirs = _report_sorted(mine), _report_sorted(theirs)
        elif name.name == "report.html":
            continue  # lists the same messages, in Arelle's order of the run
        assert mine == theirs, name


def _report_sorted(data: bytes) -> dict:
    report = json.loads(data)
    if report.get("validation"):
        report["validation"]["messages"] = sorted(report["validation"]["messages"], key=json.dumps)
    return report


def _sorted(report) -> list[tuple[str, str, str, str]]:
    # Arelle's own message order differs from one run to the next (it walks sets): compare as multisets
    return sorted((m.code, m.level, m.text, m.source) for m in report.messages)


def _plant_faults(seed_output: Path, folder: Path) -> Path:
    """A copy of the seed output with an unknown concept and an instant concept in a duration context."""
    shutil.copytree(seed_output, folder)
    document = next(folder.glob("*.htm"))
    text = document.read_text(encoding="utf-8")
    first = text.index('name="us-gaap:Revenues"')
    text = text[:first] + 'name="us-gaap:RevenuesNotInTheTaxonomy"' + text[first + len('name="us-gaap:Revenues"'):]
    balance = text.index('name="us-gaap:Cash')  # a balance-sheet (instant) concept ...
    context_at = text.index('contextRef="', balance) + len('contextRef="')
    context_end = text.index('"', context_at)
    duration = text[text.index('contextRef="c-D') + len('contextRef="'):]
    duration = duration[: duration.index('"')]
    text = text[:context_at] + duration + text[context_end:]  # ... in a duration context
    document.write_text(text, encoding="utf-8")
    return document


@pytest.mark.arelle
def test_warm_validator_gives_the_fresh_messages(seed_output, taxonomy, tmp_path):
    from converter.validate import validate_filing
    from converter.validate.warm import WarmValidator

    seed_document = next(seed_output.glob("*.htm"))
    broken = _plant_faults(seed_output, tmp_path / "broken")
    fresh_seed = validate_filing(seed_document, taxonomy)
    fresh_broken = validate_filing(broken, taxonomy)
    codes = {m.code for m in fresh_broken.messages if m.level == "error"}
    assert {"ix11.12.1.2:missingReferences", "xbrl.4.7.2:contextPeriodType"} <= codes

    with WarmValidator(taxonomy, cache=False) as warm:
        for fresh, document in ((fresh_seed, seed_document), (fresh_broken, broken), (fresh_seed, seed_document)):
            report = warm.validate(document)
            assert _sorted(report) == _sorted(fresh)
            assert (report.errors, report.warnings, report.inconsistencies) == \
                   (fresh.errors, fresh.warnings, fresh.inconsistencies)
            assert (report.arelle.loaded, report.arelle.facts, report.arelle.contexts, report.arelle.units) == \
                   (fresh.arelle.loaded, fresh.arelle.facts, fresh.arelle.contexts, fresh.arelle.units)
            assert report.entry == fresh.entry
        assert warm.stats.templates == 1 and warm.stats.cold_documents == 0  # one taxonomy load for all three


@pytest.mark.arelle
def test_warm_validator_on_a_document_arelle_cannot_parse(seed_output, taxonomy, tmp_path):
    from converter.validate import validate_filing
    from converter.validate.warm import WarmValidator

    folder = tmp_path / "malformed"
    shutil.copytree(seed_output, folder)
    document = next(folder.glob("*.htm"))
    document.write_text(document.read_text(encoding="utf-8").replace("</ix:header>", "</ix:headr>", 1), encoding="utf-8")
    fresh = validate_filing(document, taxonomy)
    with WarmValidator(taxonomy) as warm:
        report = warm.validate(document)
    assert "xmlSchema:syntax" in {m.code for m in fresh.messages}
    assert _sorted(report) == _sorted(fresh)


@pytest.mark.arelle
def test_batch_on_a_dask_local_cluster(tmp_path, taxonomy):
    pytest.importorskip("dask.distributed")
    inputs = tmp_path / "in"
    releases = [release_copy(inputs, "one"), inputs / "empty.txt", release_copy(inputs, "two")]
    releases[1].write_text("")
    items = plan(releases, tmp_path / "out")
    results = sorted(run_batch(items, BatchConfig(taxonomy=str(taxonomy)), engine="dask", jobs=2), key=lambda r: r.index)
    assert [r.status for r in results] == ["converted", "refused", "converted"]
    assert "empty" in results[1].reason
    assert results[0].facts == results[2].facts > 50 and results[0].errors == results[2].errors
    for result in (results[0], results[2]):
        assert (Path(result.out_dir) / result.document).is_file()
        assert (Path(result.out_dir) / "report.json").is_file()
    # a LocalCluster of 2 worker processes, each warm once: one start-up per worker, reported with its first result
    workers = {r.worker for r in results}
    assert 1 <= len(workers) <= 2 and os.getpid() not in workers
    for worker in workers:
        assert sum("worker_startup" in r.seconds for r in results if r.worker == worker) == 1


# the corpus's companies (facts the releases do not print: the SEC's CIK; the ticker gives the prefix)
CORPUS_MANIFEST = [
    # release, cik, company, ticker, prefix, truth, accession
    ("02_orcl_fy2014q4_ex99-1.htm", "1341439", "Oracle Corporation", "ORCL", "", "", ""),
    ("05_aapl_fy2011q1_ex99-1.htm", "320193", "Apple Inc.", "AAPL", "", "aapl-20100925.xml", ""),
    ("06_aapl_fy2004q3_ex99-1.htm", "320193", "Apple Computer, Inc.", "AAPL", "", "", ""),
    ("07_sears_2004q2_ex99.txt", "319256", "Sears, Roebuck and Co.", "S", "sears", "", ""),
    ("08_so_2004q4_ex99-01_release.txt", "92122", "The Southern Company", "SO", "", "", ""),
    ("09_so_2006q4_ex99-01_release.htm", "92122", "The Southern Company", "SO", "", "", ""),
    ("12_twx_2003q3_ex99-1.txt", "1105705", "Time Warner Inc.", "TWX", "", "", ""),
    ("13_bke_fy2024q3_ex99-1.html", "885245", "The Buckle, Inc.", "BKE", "", "", ""),
    ("14_aapl_fy2022q4_ex99-1.pdf", "320193", "Apple Inc.", "AAPL", "", "aapl-20220924_htm.xml", ""),
    ("19_paltalk_2024q3_newswire.md", "1355839", "Paltalk, Inc.", "PALT", "", "", ""),
    ("20_forian_2024q3_newswire.md", "1829280", "Forian Inc.", "FORA", "", "", ""),
    ("22_goog_2025q1_release.md", "1652044", "Alphabet Inc.", "GOOGL", "goog", "CIK0001652044.json", "0001652044-25-000043"),
    ("23_goog_2025q2_release.md", "1652044", "Alphabet Inc.", "GOOGL", "goog", "CIK0001652044.json", "0001652044-25-000062"),
]
PROSE_ONLY = {"08_so_2004q4_ex99-01_release.txt", "09_so_2006q4_ex99-01_release.htm"}  # no statement to tag
GRADED = ("05_aapl_fy2011q1_ex99-1.htm", "14_aapl_fy2022q4_ex99-1.pdf", "22_goog_2025q1_release.md",
          "23_goog_2025q2_release.md")


@pytest.mark.corpus
@pytest.mark.arelle
def test_batch_of_the_corpus_from_a_manifest(tmp_path, taxonomy, capsys):
    """Issue 16: ``ixconv batch ../shared/corpus --manifest M --out DIR`` converts every release with a
    statement with 0 Arelle errors, skips the folder's README by its content, grades against the
    companies' own XBRL and writes DIR/summary.json."""
    import csv

    from conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} not found")
    manifest = tmp_path / "corpus.csv"
    with manifest.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["release", "cik", "company", "ticker", "prefix", "truth", "accession"])
        for release, cik, company, ticker, prefix, truth, accession in CORPUS_MANIFEST:
            writer.writerow([release, cik, company, ticker, prefix, str(CORPUS / "truth" / truth) if truth else "",
                             accession])
    out = tmp_path / "out"
    code = main(["batch", str(CORPUS), "--manifest", str(manifest), "--out", str(out), "--jobs", "2",
                 "--taxonomy", str(taxonomy)])
    captured = capsys.readouterr()
    summary = json.loads((out / "summary.json").read_text())
    assert [s["input"] for s in summary["skipped"]] == [str(CORPUS / "README.md")]
    assert f"skipped {CORPUS / 'README.md'}: not a release" in captured.out
    by_name = {Path(r["input"]).name: r for r in summary["releases"]}
    assert sorted(by_name) == sorted(row[0] for row in CORPUS_MANIFEST)
    for name, entry in by_name.items():
        if name in PROSE_ONLY:
            assert entry["status"] == "refused", entry
            assert "found no financial statement table" in entry["reason"]
            continue
        assert entry["status"] == "converted", entry
        assert entry["errors"] == 0 and entry["facts"] > 20, entry
        ticker = next(row for row in CORPUS_MANIFEST if row[0] == name)
        prefix = ticker[4] or ticker[3].lower()
        assert entry["document"].startswith(f"{prefix}-"), entry  # the prefix: the manifest's, else the ticker's
        assert entry["seconds"] > 0 and entry["not_tagged"] is not None
    assert summary["totals"]["converted"] == len(CORPUS_MANIFEST) - len(PROSE_ONLY)
    # graded against the company's own XBRL: no wrong fact, and what it found
    for name in GRADED:
        truth = by_name[name]["truth"]
        assert truth["wrong"] == 0 and truth["recall"] > 0.3, (name, truth)
    assert summary["totals"]["wrong"] == 0
    apple = out / "14_aapl_fy2022q4_ex99-1" / by_name["14_aapl_fy2022q4_ex99-1.pdf"]["document"]
    facts = fact_map(read_facts(apple))
    (net_sales,) = {f for f in facts[("us-gaap:Revenues", "2021-09-26/2022-09-24", ())]}
    assert (net_sales.value, net_sales.unit, net_sales.decimals) == (Decimal("394328000000"), "USD", "-6")
    assert code == (1 if summary["totals"]["refused"] else 0) == summary["exit"]
