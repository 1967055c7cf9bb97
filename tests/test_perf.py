"""Issue 19: the faster paths give the answers of the slow ones (no test here is timed: the timings are
``benchmarks/``'s)."""
from __future__ import annotations

import difflib
import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.mapping.lint import close_match


def _difflib(word, names, cutoff):
    close = difflib.get_close_matches(word, names, n=1, cutoff=cutoff)
    return close[0] if close else None


WORDS = st.text(alphabet="abcdeRevnuSalsIcomTtx", min_size=0, max_size=14)


@settings(max_examples=300, deadline=None)
@given(word=WORDS, names=st.lists(WORDS, max_size=30), cutoff=st.sampled_from([0.6, 0.85, 0.9]))
def test_close_match_is_difflib_on_any_names(word, names, cutoff):
    assert close_match(word, names, cutoff) == _difflib(word, names, cutoff)


def test_close_match_is_difflib_on_the_taxonomy_names(taxonomy):
    from converter.taxonomy.index import load_index

    names = load_index(taxonomy).as_of(None).names("us-gaap")
    assert len(names) > 10_000
    for word, cutoff in [("Revenu", 0.85), ("NetIncomeLos", 0.85), ("SalesRevenueNett", 0.85),
                         ("revenuesnet", 0.9), ("earningspersharediluted", 0.9), ("Zzzzqqq", 0.85),
                         ("OperatingExpense", 0.85), ("costofrevenues", 0.9)]:
        expected = _difflib(word, names, cutoff)
        assert close_match(word, names, cutoff) == expected
    assert close_match("NetIncomeLos", names, 0.85) == "NetIncomeLoss"
    assert close_match("Zzzzqqq", names, 0.85) is None


def test_a_verb_imports_only_its_own_module(taxonomy):
    """``ixconv check-mappings`` imports neither the pipeline, the other verbs nor Arelle; ``--help``
    still lists every verb."""
    import subprocess

    code = ("import sys; from converter.cli import main; rc = main(sys.argv[1:]); "
            "bad = sorted(m for m in sys.modules if m.startswith(('arelle', 'converter.pipeline', 'jinja2', "
            "'converter.commands.convert', 'converter.commands.batch', 'converter.commands.validate'))); "
            "print(bad); sys.exit(rc)")
    run = subprocess.run([sys.executable, "-c", code, "check-mappings", "--taxonomy", str(taxonomy)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
    helped = subprocess.run([sys.executable, "-m", "converter", "--help"], capture_output=True, text=True, check=False)
    for verb in ("convert", "validate", "check-mappings", "eval", "batch", "mutate"):
        assert verb in helped.stdout


def test_templates_compiled_from_the_disk_cache_render_the_same_filing(tmp_path, taxonomy):
    """A conversion whose templates come from Jinja's on-disk bytecode cache writes the same bytes as one
    that compiles them from source; the cache is filled by the first run."""
    import os
    import subprocess

    from conftest import SEED

    def convert(out, **env):
        run = subprocess.run([sys.executable, "-m", "converter", "convert", str(SEED), "--out", str(out), "--no-validate",
                              "--taxonomy", str(taxonomy)], capture_output=True, text=True, check=False,
                             env={**os.environ, "IXCONV_CACHE": str(tmp_path / "cache"), **env})
        assert run.returncode == 0, run.stderr
        return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    fresh = convert(tmp_path / "a", IXCONV_NO_TEMPLATE_CACHE="1")
    assert not list((tmp_path / "cache").glob("jinja-*/*.cache"))
    filled = convert(tmp_path / "b")
    cached = list((tmp_path / "cache").glob("jinja-*/*.cache"))
    assert len(cached) >= 3
    warm = convert(tmp_path / "c")
    assert fresh.keys() == filled.keys() == warm.keys() and any(str(k).endswith(".htm") for k in fresh)
    for name in fresh:
        assert fresh[name] == filled[name] == warm[name], name


@pytest.mark.arelle
def test_convert_validates_in_one_pass_with_the_fresh_messages(seed_output, taxonomy, tmp_path):
    """``convert``'s validator (Arelle started beside the pipeline, base taxonomy loaded once, base checks
    replayed, export and viewer from the validated model) reports what a fresh validation reports, on a
    clean and on a broken filing, and writes the viewer a separate Arelle session writes."""
    from test_batch import _plant_faults, _sorted

    from converter.pipeline import validate_and_write
    from converter.validate import validate_filing
    from converter.validate.background import BackgroundValidator
    from converter.validate.viewer import build_viewer

    seed_document = next(p for p in seed_output.glob("*.htm"))
    broken = _plant_faults(seed_output, tmp_path / "broken")
    for document in (seed_document, broken):
        fresh = validate_filing(document, taxonomy)
        out = tmp_path / f"out-{document.parent.name}"
        out.mkdir()
        with BackgroundValidator(taxonomy) as validator:
            report, exported, viewed = validate_and_write(document, taxonomy, out, document.stem,
                                                          validator=validator.validate_and_produce, viewer=True)
        assert _sorted(report) == _sorted(fresh)
        assert (report.errors, report.warnings, report.arelle.facts, report.arelle.contexts) == \
               (fresh.errors, fresh.warnings, fresh.arelle.facts, fresh.arelle.contexts)
        assert viewed == out / "viewer.html"
        assert viewed.read_bytes() == build_viewer(document, taxonomy)["viewer.html"]
        if fresh.errors:
            assert exported == [] and not (out / f"{document.stem}.json").exists()
        else:
            # the export (made in a fork of the loaded filing while it was validated) is the one a fresh
            # session writes after its validation, byte for byte
            assert out / f"{document.stem}.json" in exported
            again = tmp_path / f"fresh-{document.parent.name}"
            again.mkdir()
            _report, exported_fresh, _viewed = validate_and_write(document, taxonomy, again, document.stem)
            assert [p.relative_to(again) for p in exported_fresh] == [p.relative_to(out) for p in exported]
            for path in exported_fresh:
                assert path.read_bytes() == (out / path.relative_to(again)).read_bytes(), path.name
    assert fresh.errors  # the broken one


@pytest.mark.arelle
def test_warm_validator_with_the_base_messages_from_the_cache(seed_output, taxonomy, tmp_path, monkeypatch):
    """A template built with the base schemas' load and check messages from the cache (their XML-schema
    checks not run again) gives the messages of a fresh validation, on a clean and a broken filing; the
    first validator fills the cache, the second reads it."""
    from test_batch import _plant_faults, _sorted

    from converter.validate import validate_filing
    from converter.validate.warm import WarmValidator

    monkeypatch.setenv("IXCONV_CACHE", str(tmp_path / "cache"))
    seed_document = next(seed_output.glob("*.htm"))
    broken = _plant_faults(seed_output, tmp_path / "broken")
    fresh = {d: validate_filing(d, taxonomy) for d in (seed_document, broken)}
    assert fresh[broken].errors and not fresh[seed_document].errors
    for run in ("fills the cache", "reads the cache"):
        with WarmValidator(taxonomy) as warm:
            for document in (seed_document, broken):
                report = warm.validate(document)
                assert _sorted(report) == _sorted(fresh[document]), run
                assert (report.errors, report.warnings) == (fresh[document].errors, fresh[document].warnings), run
        assert len(list((tmp_path / "cache").glob("arelle-base-check-*.json"))) == 1, run
        assert len(list((tmp_path / "cache").glob("arelle-concepts-*.pickle"))) == 1, run

    # the kept concept properties are the ones Arelle computes on a template built without the cache
    from converter.validate import concept_table
    from converter.validate.warm import base_imports

    [kept] = (tmp_path / "cache").glob("arelle-concepts-*.pickle")
    rows = concept_table.read(kept)
    with WarmValidator(taxonomy, cache=False, prewarm=True) as cold:
        cold.prepare(seed_document)
        [template] = [t for t in cold._templates.values() if t is not None]
        computed = concept_table.table(template.model)
        assert template.key == base_imports(seed_document)
    assert rows == computed and len(rows) > 10000
    assert sum(1 for row in rows.values() if row[concept_table.PROPERTIES.index("isItem")]) > 10000


@pytest.mark.arelle
def test_plugin_discovery_from_the_cache_is_arelles(tmp_path, monkeypatch):
    """Arelle's discovery of its built-in plugins, kept in the cache, finds what Arelle finds; a plugin file
    that changes is discovered again."""
    from arelle import PluginManager
    from arelle.api.Session import Session
    from arelle.plugin_system.entry_point_ref import EntryPointRef
    from arelle.RuntimeOptions import RuntimeOptions

    from converter.validate import arelle_plugins

    monkeypatch.setenv("IXCONV_CACHE", str(tmp_path / "cache"))
    with Session() as session:
        session.run(RuntimeOptions(disablePersistentConfig=True, logFile="logToBuffer", keepOpen=True))
        pm = PluginManager.getInstance()

        def found():
            pm._entryPointRefCache = pm._entryPointRefAliasCache = None
            return [(sorted(r.aliases), r.moduleFilename, r.moduleInfo) for r in EntryPointRef.discoverAll(pm)]

        arelles = found()
        with arelle_plugins.discovery_cached():
            filled = found()
            cached = found()
        assert EntryPointRef.discoverAll(pm) is pm._entryPointRefCache  # Arelle's own again
        assert filled == cached == arelles and len(arelles) > 40
        assert len(list((tmp_path / "cache").glob("arelle-plugins-*.pickle"))) == 1

    folder = tmp_path / "plugins"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.py").write_text("__pluginInfo__ = {}\n")
    before = arelle_plugins._fingerprint(str(folder))
    (folder / "sub" / "two.py").write_text("x = 1\n")
    assert arelle_plugins._fingerprint(str(folder)) != before


@pytest.mark.arelle
def test_convert_writes_the_viewer_without_a_second_arelle_session(tmp_path, taxonomy, monkeypatch):
    from conftest import SEED

    from converter.cli import main
    from converter.validate import viewer

    def second_session(*_args, **_kwargs):
        raise AssertionError("a second Arelle session for the viewer")

    monkeypatch.setattr(viewer, "build_viewer", second_session)
    assert main(["convert", str(SEED), "--out", str(tmp_path / "out"), "--taxonomy", str(taxonomy)]) in (0, 1)
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["viewer"] == "viewer.html" and (tmp_path / "out" / "ixbrlviewer.js").is_file()
    html = (tmp_path / "out" / "viewer.html").read_text(encoding="utf-8")
    assert 'src="ixbrlviewer.js"' in html and "us-gaap:Revenues" in html
