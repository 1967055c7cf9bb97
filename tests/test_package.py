"""Issue 20 (package and public API): the README's API example, a cheap import, the version, one error
base with exit codes, one Severity, and a user's rules folder merged over the defaults."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import PROJECT, SEED
from ixread import consistent, fact_map, most_precise, read_facts

import converter
from converter.errors import IxconvError
from converter.model import Severity

Q3_13 = "2013-07-01/2013-09-30"
DOCUMENT = "lpsn-20131106.htm"


def readme_block(heading: str) -> str:
    """The first ```python block under the README's ``## heading``."""
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def run_python(code: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, *code.split("\0")], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


# ---- the README's example --------------------------------------------------------------------------

@pytest.mark.arelle
def test_readme_api_example_runs(taxonomy, tmp_path, monkeypatch, capsys):
    code = readme_block("Python API")
    assert len(code.strip().splitlines()) <= 6  # "a five-line example" (and its blank line)
    (tmp_path / "samples").symlink_to(PROJECT / "samples")
    monkeypatch.chdir(tmp_path)  # the example's relative paths, not the project's folder
    monkeypatch.setenv("IXCONV_TAXONOMY", str(taxonomy))
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    lines = capsys.readouterr().out.splitlines()
    result = namespace["result"]

    counted = re.fullmatch(r"(\d+) facts; facts: (\d+), contexts: \d+, units: \d+, errors: 0, warnings: \d+", lines[0])
    assert counted, lines[0]
    assert int(counted.group(1)) == len(result.facts) == int(counted.group(2))  # ours and Arelle's count agree
    assert len(lines) == 4 and all(re.match(r"(error|warning|info): [a-z]+\.\w+: \S", line) for line in lines[1:]), lines
    assert result.validation is not None and result.validation.errors == 0

    written = tmp_path / "out"
    facts = fact_map(read_facts(written / DOCUMENT))
    assert sum(len(group) for group in facts.values()) == len(result.facts)
    assert consistent(facts[("us-gaap:Revenues", Q3_13, ())])  # the statement's and the text's
    revenue = most_precise(facts[("us-gaap:Revenues", Q3_13, ())])
    assert (revenue.value, revenue.unit, revenue.decimals) == (Decimal(45192000), "USD", "-3")
    net = most_precise(facts[("us-gaap:NetIncomeLoss", Q3_13, ())])
    assert (net.value, net.unit, net.decimals) == (Decimal(-730000), "USD", "-3")
    assert {"report.json", "report.html", "viewer.html", "ixbrlviewer.js", "lpsn-20131106.xsd"} <= {
        p.name for p in written.iterdir()}
    # the severities keep the words JSON always had
    report = json.loads((written / "report.json").read_text())
    assert {n["severity"] for n in report["not_tagged"]} <= {"error", "warning", "info"}
    assert "warning" in {n["severity"] for n in report["not_tagged"]}
    # the files are those the conversion made, byte for byte
    assert all((written / name).read_bytes() == data for name, data in result.files.items())
    # Result.report is the typed report that report.json holds
    assert result.report.as_dict() == report
    assert len(result.report.facts) == len(result.facts) and result.report.viewer == "viewer.html"
    assert result.report.validation is not None and result.report.validation.errors == 0


def test_result_write_and_out_dir_give_the_same_files(taxonomy, tmp_path):
    direct = converter.convert(SEED, tmp_path / "a", taxonomy=taxonomy, validate=False)
    assert direct.out_dir == tmp_path / "a" and direct.validation is None
    in_memory = converter.convert(SEED, taxonomy=taxonomy, validate=False)
    assert in_memory.out_dir is None
    written = in_memory.write(tmp_path / "b")
    assert sorted(p.relative_to(tmp_path / "b").as_posix() for p in written) == sorted(in_memory.files)
    a = {p.relative_to(tmp_path / "a").as_posix(): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    assert a == dict(in_memory.files) and DOCUMENT in a and "viewer.html" not in a  # no viewer without validation


def test_company_mapping_overrides_the_profile(taxonomy):
    result = converter.convert(SEED, taxonomy=taxonomy, validate=False, company={"prefix": "abc", "cik": "123"})
    assert "abc-20131106.htm" in result.files and DOCUMENT not in result.files
    cik = [f for f in result.facts if str(f.concept) == "dei:EntityCentralIndexKey"]
    assert [f.value for f in cik] == ["0000000123"]


@pytest.mark.parametrize("kwargs,message", [
    ({"prior": ["earlier.htm"]}, "prior filing earlier.htm not found"),
    ({"company": {"ciq": "1"}}, "unknown key(s) ciq"),
    ({"company": "no-such-profile.toml"}, "company profile no-such-profile.toml not found"),
    ({"rules": "no-such-rules"}, "no-such-rules: no such rules folder"),
])
def test_convert_refuses_bad_arguments_with_an_ixconv_error(taxonomy, tmp_path, kwargs, message):
    with pytest.raises(IxconvError, match=re.escape(message)):
        converter.convert(SEED, tmp_path / "out", taxonomy=taxonomy, validate=False, **kwargs)
    assert not (tmp_path / "out").exists()  # nothing written


# ---- a cheap import, the version, python -m converter -----------------------------------------------

def test_import_is_cheap():
    probe = run_python("-c\0import sys, converter; converter.__version__; converter.Severity; "
                       "print(sorted(m for m in sys.modules if m.split('.')[0] in "
                       "('arelle', 'lxml', 'jinja2', 'pdfplumber', 'converter')))")
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "['converter', 'converter.model']"


def test_version_from_the_command_line(tmp_path):
    for args in ("-m\0converter\0--version", "-m\0converter.cli\0--version"):
        done = run_python(args, cwd=tmp_path)
        assert (done.returncode, done.stdout.strip()) == (0, f"ixconv {converter.__version__}"), done.stderr
    assert re.fullmatch(r"\d+\.\d+\.\d+", converter.__version__)
    pyproject = (PROJECT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and 'path = "converter/__init__.py"' in pyproject


def test_public_names():
    assert set(converter.__all__) == {"Fact", "Finding", "IxconvError", "Result", "Severity", "__version__", "convert"}
    for name in converter.__all__:
        assert getattr(converter, name) is not None
    assert (PROJECT / "converter" / "py.typed").is_file()
    with pytest.raises(AttributeError):
        converter.no_such_name  # noqa: B018


# ---- one error base ---------------------------------------------------------------------------------

def test_every_user_facing_error_derives_from_ixconv_error():
    import importlib
    import pkgutil

    found = {}
    for info in pkgutil.walk_packages(converter.__path__, "converter."):
        if info.name.startswith("converter.batch.engines") or info.name == "converter.__main__":
            continue  # dask / ray when present, no error class; __main__ runs the command line
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Exception) and value.__module__ == info.name:
                found[name] = value
    assert {"UserError", "IngestError", "RuleError", "TaxonomyError", "ProfileError", "ConversionError",
            "OutputError", "EvalError", "ReferenceDataError", "OimExportError", "ViewerError"} <= set(found)
    internal = {name for name, cls in found.items() if not issubclass(cls, IxconvError)}
    assert internal == {"WarmValidationError"}  # a validator process that died: a failure, not bad input
    assert all(isinstance(cls.exit_code, int) for cls in found.values() if issubclass(cls, IxconvError))


def test_cli_catches_ixconv_error_with_its_exit_code(monkeypatch, capsys):
    from converter import cli
    from converter.commands import convert as convert_command

    class Odd(IxconvError):
        exit_code = 7

    def fail(args):
        raise Odd("something the user can fix")

    monkeypatch.setattr(convert_command, "run", fail)
    assert cli.main(["convert", "x.txt", "--out", "out"]) == 7
    assert capsys.readouterr().err == "ixconv convert: error: something the user can fix\n"


def test_missing_rules_folder_is_one_line_and_exit_2(taxonomy, tmp_path, capsys):
    from converter.cli import main

    code = main(["convert", str(SEED), "--out", str(tmp_path / "out"), "--taxonomy", str(taxonomy),
                 "--rules", str(tmp_path / "nope"), "--no-validate"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no such rules folder" in err, err


# ---- one Severity -----------------------------------------------------------------------------------

def test_severity_is_a_str_enum_that_keeps_its_words():
    from converter.validate.arelle_run import Message

    assert json.dumps([Severity.WARNING, Severity.ERROR]) == '["warning", "error"]'
    assert f"{Severity.INFO}" == "info" and Severity("warning") is Severity.WARNING
    assert [Severity.of(w) for w in ("ERROR", "fatal", "critical", "inconsistency", "warning", "info-semantic")] == [
        Severity.ERROR, Severity.ERROR, Severity.ERROR, Severity.INCONSISTENCY, Severity.WARNING, Severity.INFO]
    assert Message("xbrl.x", "fatal", "t").is_error and Message("calc", "inconsistency", "t").is_error
    assert not Message("x", "warning", "t").is_error and Message("x", "warning", "t").severity is Severity.WARNING


def test_lint_validate_and_checks_share_one_finding():
    from converter.mapping import lint
    from converter.model import Finding
    from converter.validate.rules import registry

    assert registry.error("bad", "f.htm:3").severity is Severity.ERROR
    assert isinstance(registry.warning("w"), Finding) and lint.Finding is Finding and registry.Finding is Finding


# ---- a user's rules folder --------------------------------------------------------------------------

def test_rules_folder_is_merged_over_the_defaults_file_by_file(tmp_path):
    from converter.locations import default_rules
    from converter.rules import overlay_files, rule_file

    user = tmp_path / "rules"
    (user / "mappings").mkdir(parents=True)
    (user / "prose.toml").write_text("")
    (user / "mappings" / "mine.toml").write_text("")
    defaults = overlay_files(None)
    layered = overlay_files(user)
    assert default_rules() / "prose.toml" in defaults and default_rules() / "prose.toml" not in layered
    assert user / "prose.toml" in layered and user / "mappings" / "mine.toml" in layered
    assert set(defaults) - set(layered) == {default_rules() / "prose.toml"}
    assert rule_file("prose.toml", user) == user / "prose.toml"
    assert rule_file("cover.toml", user) == default_rules() / "cover.toml"


def test_an_empty_prose_file_in_the_rules_folder_switches_prose_facts_off(taxonomy, tmp_path):
    user = tmp_path / "rules"
    user.mkdir()
    (user / "prose.toml").write_text("# no prose rules\n")
    default = converter.convert(SEED, tmp_path / "default", taxonomy=taxonomy, validate=False)
    mine = converter.convert(SEED, tmp_path / "mine", taxonomy=taxonomy, validate=False, rules=user)
    before = fact_map(read_facts(tmp_path / "default" / DOCUMENT))
    after = fact_map(read_facts(tmp_path / "mine" / DOCUMENT))
    assert ("lpsn:Bookings", Q3_13, ()) in before and ("lpsn:Bookings", Q3_13, ()) not in after  # a prose figure
    (revenue,) = after[("us-gaap:Revenues", Q3_13, ())]  # the statement's only: its text figure was prose
    assert len(before[("us-gaap:Revenues", Q3_13, ())]) > 1
    assert (revenue.value, revenue.unit, revenue.decimals) == (Decimal(45192000), "USD", "-3")
    assert len(mine.facts) < len(default.facts)
