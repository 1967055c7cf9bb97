"""``ixconv validate``: exit 0 for a clean filing, 1 for one with errors, 2 for input that is not a filing.

The filings are the hand-written ones of ``test_validate_rules``; the verb runs in-process (``cli.main``)
and each Arelle-backed run happens once per module.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_validate_rules import CLEAN, INSTANCE_FAULTS, write_filing

from converter.cli import main
from converter.commands.validate import _entry, inline_documents, is_inline_xbrl
from converter.errors import UserError

VIEWER = """<!DOCTYPE html><html><head><script>
const IX = 'xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"';  // a viewer mentions the namespace, it is not a filing
</script></head><body></body></html>"""


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(capsys, *args: str) -> Run:
    capsys.readouterr()
    code = main(["validate", *args])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


@pytest.fixture(scope="module")
def clean_folder(tmp_path_factory, taxonomy) -> Path:
    folder = tmp_path_factory.mktemp("clean-filing")
    write_filing(folder, CLEAN, taxonomy)
    (folder / "report.html").write_text("<html><body>review report</body></html>", encoding="utf-8")
    (folder / "ixviewer.html").write_text(VIEWER, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def faulty_document(tmp_path_factory, taxonomy) -> Path:
    return write_filing(tmp_path_factory.mktemp("faulty-filing"), INSTANCE_FAULTS, taxonomy)


@pytest.fixture(scope="module")
def clean_run(clean_folder, taxonomy) -> Run:
    return _module_run(str(clean_folder), "--taxonomy", str(taxonomy))


@pytest.fixture(scope="module")
def faulty_run(faulty_document, taxonomy) -> Run:
    return _module_run(str(faulty_document), "--taxonomy", str(taxonomy), "--format", "json")


def _module_run(*args: str) -> Run:
    """``main`` with stdout/stderr captured by hand (capsys is function-scoped)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", *args])
    return Run(code, out.getvalue(), err.getvalue())


# --------------------------------------------------------------------------- 0: clean


@pytest.mark.arelle
def test_clean_folder_exits_0_with_a_summary(clean_run):
    assert clean_run.code == 0, clean_run
    lines = clean_run.out.splitlines()
    assert lines[0].endswith("abc-20240331.htm")  # report.html and the viewer are not filings
    # one warning: EFM.6.10.01 for the package's standard concepts, which have no labels in the shared package
    assert lines[1] == f"facts: {len(CLEAN.cover) + len(CLEAN.numbers)}, contexts: 2, units: 1, errors: 0, warnings: 1"
    assert lines[2].startswith("EDGAR plugin ") and "efm-pragmatic-all-years" in lines[2]
    assert clean_run.err == ""


# --------------------------------------------------------------------------- 1: errors, as json


@pytest.mark.arelle
def test_faulty_document_exits_1(faulty_run):
    assert faulty_run.code == 1, faulty_run


@pytest.mark.arelle
def test_json_output_lists_counts_and_messages(faulty_run, faulty_document):
    data = json.loads(faulty_run.out)
    assert data["loaded"] is True and data["documents"] == [str(faulty_document)]
    assert data["facts"] == len(INSTANCE_FAULTS.cover) + len(INSTANCE_FAULTS.numbers)
    assert data["errors"] == sum(1 for m in data["messages"] if m["level"] in ("error", "fatal", "critical", "inconsistency"))
    assert data["errors"] > 5 and data["warnings"] >= 1
    codes = {m["code"] for m in data["messages"]}
    assert {"xbrl.4.7.2:contextPeriodType", "EFM.6.05.08", "EFM.6.05.20.documentTypeValue"} <= codes
    assert all(set(m) == {"code", "level", "text", "source"} for m in data["messages"])


# --------------------------------------------------------------------------- 2: unusable input (no Arelle)


def _one_line_error(result: Run, *needles: str) -> None:
    assert result.code == 2, result
    lines = [ln for ln in result.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("ixconv validate: error: "), result.err
    assert "Traceback" not in result.err
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_missing_file_exits_2(capsys, tmp_path, taxonomy):
    _one_line_error(run(capsys, str(tmp_path / "nope.htm"), "--taxonomy", str(taxonomy)), "nope.htm", "not found")


def test_html_that_is_not_inline_xbrl_exits_2(capsys, tmp_path, taxonomy):
    page = tmp_path / "report.html"
    page.write_text("<html><body><p>hello</p></body></html>", encoding="utf-8")
    _one_line_error(run(capsys, str(page), "--taxonomy", str(taxonomy)), "report.html", "not an Inline XBRL document")


def test_folder_without_inline_xbrl_exits_2(capsys, tmp_path, taxonomy):
    (tmp_path / "report.html").write_text("<html/>", encoding="utf-8")
    (tmp_path / "ixviewer.html").write_text(VIEWER, encoding="utf-8")
    _one_line_error(run(capsys, str(tmp_path), "--taxonomy", str(taxonomy)), str(tmp_path), "no Inline XBRL document")


def test_missing_taxonomy_exits_2(capsys, tmp_path, clean_folder):
    _one_line_error(run(capsys, str(clean_folder), "--taxonomy", str(tmp_path / "none.zip")),
                    "none.zip", "--taxonomy", "IXCONV_TAXONOMY")


def test_missing_taxonomy_from_environment_exits_2(capsys, monkeypatch, tmp_path, clean_folder):
    monkeypatch.setenv("IXCONV_TAXONOMY", str(tmp_path / "env.zip"))
    _one_line_error(run(capsys, str(clean_folder)), "env.zip", "IXCONV_TAXONOMY")


# --------------------------------------------------------------------------- finding the documents


def test_inline_documents_of_a_folder(tmp_path, clean_folder):
    assert [p.name for p in inline_documents(clean_folder)] == ["abc-20240331.htm"]
    assert is_inline_xbrl(clean_folder / "abc-20240331.htm")
    assert not is_inline_xbrl(clean_folder / "report.html")
    (tmp_path / "a.xhtml").write_text('<html xmlns="http://www.w3.org/1999/xhtml" '
                                      'xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"/>', encoding="utf-8")
    (tmp_path / "b.htm").write_text("<html xmlns:ix = 'http://www.xbrl.org/2013/inlineXBRL'/>", encoding="utf-8")
    (tmp_path / "c.txt").write_text('xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"', encoding="utf-8")
    assert [p.name for p in inline_documents(tmp_path)] == ["a.xhtml", "b.htm"]


def test_several_documents_are_one_inline_document_set(tmp_path):
    one, plugins = _entry([tmp_path / "a.htm"])
    assert (one, plugins) == (str(tmp_path / "a.htm"), None)
    several, plugins = _entry([tmp_path / "a.htm", tmp_path / "b.htm"])
    assert plugins == "inlineXbrlDocumentSet"
    assert json.loads(several) == [{"ixds": [{"file": str((tmp_path / "a.htm").resolve())},
                                             {"file": str((tmp_path / "b.htm").resolve())}]}]


def test_a_missing_path_is_refused_before_arelle_is_loaded(tmp_path):
    with pytest.raises(UserError, match="not found"):
        inline_documents(tmp_path / "missing")
