"""Issue 7: many releases at once (``ixconv batch``), the warm Arelle validator, the Dask engine."""
from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from conftest import SEED
from converter.batch import BatchConfig, expand_inputs, plan, run_batch
from converter.cli import main
from ixread import read_facts

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
        if len(parts) >= 4 and parts[1] in ("converted", "refused", "failed"):
            rows[parts[0]] = parts[1:]
    return rows


# ----------------------------------------------------------------------------------------- no Arelle

def test_inputs_from_files_and_folders(tmp_path):
    folder = tmp_path / "releases"
    folder.mkdir()
    for name in ("b.txt", "a.htm", "c.HTML", "d.pdf", "e.md", "notes.json", ".hidden.txt", "a.profile.toml"):
        (folder / name).write_text("x")
    (folder / "sub").mkdir()
    (folder / "sub" / "deep.txt").write_text("x")
    extra = tmp_path / "other.txt"
    extra.write_text("x")
    missing = tmp_path / "missing.txt"
    found = expand_inputs([folder, extra, folder / "b.txt", missing])
    assert [p.name for p in found] == ["a.htm", "b.txt", "c.HTML", "d.pdf", "e.md", "other.txt", "missing.txt"]


def test_each_release_gets_its_own_folder(tmp_path):
    releases = [Path("x/q3.txt"), Path("y/q3.txt"), Path("y/Q3.pdf"), Path("z/odd name!.txt")]
    items = plan(releases, tmp_path / "out")
    assert [Path(i.out_dir).name for i in items] == ["q3", "q3-2", "Q3-3", "odd_name_"]
    assert [i.index for i in items] == [0, 1, 2, 3]


def test_one_failure_does_not_stop_the_others(tmp_path, taxonomy, capsys):
    """Without Arelle: a release whose output folder cannot be made fails; the others are converted."""
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
    assert rows[str(blocked)][0] == "failed" and "blocked" in rows[str(blocked)][3]
    assert (out / "good" / "report.json").is_file()
    assert (out / "blocked").read_text() == "a file where the folder should go"
    assert "[2/2]" in captured.err  # progress on stderr (one line per release when not a terminal)


def test_missing_engine_is_one_line(tmp_path, taxonomy, capsys):
    try:
        import ray  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("ray is installed")
    code = main(["batch", str(SEED), "--out", str(tmp_path / "o"), "--engine", "ray", "--taxonomy", str(taxonomy)])
    err = capsys.readouterr().err
    assert code == 2
    assert "pip install ray" in err and "Traceback" not in err
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
