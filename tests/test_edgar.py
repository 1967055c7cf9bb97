"""Issue 17: the SEC's EDGAR plugin as the authority, EDGAR-clean output, and the vendor data-quality checks.

The plugin tests (marked ``edgar``) need ../shared/arelle-plugins/EDGAR; an EDGAR validation costs seconds,
so the corpus is one parametrised test on one warm validator, and the planted divergences share one filing.
The vendor checks are tested on hand-built fact models (no Arelle), then once through the whole gate.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import CORPUS
from ixread import read_facts

from converter.errors import UserError
from converter.render import EDGAR_CHARACTERS, edgar_characters
from converter.validate import edgar
from converter.validate.arelle_run import Message
from converter.validate.rules import quality

PLUGIN = edgar.default_plugin_folder()
needs_plugin = pytest.mark.skipif(not (PLUGIN / "__init__.py").is_file() or bool(edgar.missing_modules()),
                                  reason=f"EDGAR plugin not at {PLUGIN} (or its dependencies missing)")
COMPANY = ["--cik", "0000000001", "--company", "Corpus Test Co", "--prefix", "ct"]


# --------------------------------------------------------------------------- no Arelle


def test_characters_edgar_does_not_allow_become_character_references():
    text = 'x \u00b7 y \u207d\u00b9\u207e caf\u00e9 a^b "q" <p>&amp;</p>'
    out = edgar_characters(text)
    assert out == 'x &#183; y &#8317;&#185;&#8318; caf&#233; a&#94;b "q" <p>&amp;</p>'
    assert set(out) <= EDGAR_CHARACTERS
    assert edgar_characters("plain ASCII, (1,234)") == "plain ASCII, (1,234)"


def test_plugin_option_environment_and_default(monkeypatch, tmp_path):
    monkeypatch.delenv(edgar.EDGAR_PLUGIN_ENV, raising=False)
    monkeypatch.delenv(edgar.DISCLOSURE_SYSTEM_ENV, raising=False)
    with pytest.raises(UserError, match="--edgar-plugin .*no EDGAR plugin there"):
        edgar.resolve_edgar(tmp_path / "nowhere")
    monkeypatch.setenv(edgar.EDGAR_PLUGIN_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(UserError, match="IXCONV_EDGAR_PLUGIN"):
        edgar.resolve_edgar()
    off = edgar.resolve_edgar("none")
    assert not off.active and off.plugins() is None
    notice = off.notice()
    assert notice.code == edgar.NOT_RUN_CODE and notice.level == "warning" and "did not run" in notice.text


def test_a_missing_default_plugin_is_a_notice_not_a_silent_pass(monkeypatch, tmp_path):
    monkeypatch.delenv(edgar.EDGAR_PLUGIN_ENV, raising=False)
    monkeypatch.setattr(edgar, "default_plugin_folder", lambda: tmp_path / "EDGAR" / "validate")
    options = edgar.resolve_edgar()
    assert not options.active
    assert "EDGAR checks did not run" in options.notice().text and str(tmp_path) in options.notice().text


@needs_plugin
def test_the_default_plugin_and_disclosure_system(monkeypatch):
    monkeypatch.delenv(edgar.EDGAR_PLUGIN_ENV, raising=False)
    monkeypatch.delenv(edgar.DISCLOSURE_SYSTEM_ENV, raising=False)
    options = edgar.resolve_edgar()
    assert options.active and options.disclosure_system == "efm-pragmatic-all-years"
    assert options.plugins("x") == f"{PLUGIN}|inlineXbrlDocumentSet|x"
    assert edgar.resolve_edgar(PLUGIN.parent).plugin == PLUGIN  # the EDGAR folder is accepted too
    with pytest.raises(UserError, match="disclosure system 'efm-nope'"):
        edgar.resolve_edgar(disclosure_system="efm-nope")


def test_own_rules_that_cannot_import_are_a_one_line_error_not_a_silent_pass(monkeypatch):
    """Regression (issue 20): ``own_rules`` used to swallow an ImportError of ``validate.rules`` and
    return no messages, turning every one of the project's rules off without a word."""
    import sys

    import converter.validate as validate_stage
    from converter.errors import IxconvError

    monkeypatch.delattr(validate_stage, "rules", raising=False)
    monkeypatch.setitem(sys.modules, "converter.validate.rules", None)  # importing it now raises ImportError
    report = validate_stage.ValidationReport("x.htm", validate_stage.ArelleResult("x.htm", True))
    with pytest.raises(validate_stage.ValidationSetupError) as caught:
        validate_stage.complete_report(object(), report, edgar.EdgarOptions(None, absent="switched off"))
    assert isinstance(caught.value, IxconvError) and caught.value.exit_code == 2
    text = str(caught.value)
    assert "\n" not in text and "converter.validate.rules" in text and "ModuleNotFoundError" in text, text
    assert not report.rule_messages


def test_an_edgar_plugin_that_arelle_could_not_load_is_an_error():
    """Arelle logs a plugin that fails to import and validates on without it: that is an error naming
    the plugin and the import's reason, raised before any report is made (no report claims the plugin ran)."""
    from converter.validate import ValidationReport, ValidationSetupError, check_plugin_loaded, complete_report
    from converter.validate.arelle_run import ArelleResult

    failed = Message("arelle:pluginLoadingError", "error",
                     "[arelle:pluginLoadingError] Exception loading plug-in Validate EFM: No module named 'gone'\n"
                     "Traceback (most recent call last):\n  File ...", "")
    options = edgar.EdgarOptions(Path("/somewhere/EDGAR/validate"))
    with pytest.raises(ValidationSetupError, match=r"^the EDGAR plugin at /somewhere/EDGAR/validate could not be "
                                                   r"loaded \(Exception loading plug-in Validate EFM: No module named 'gone'\)"):
        complete_report(None, ValidationReport("x.htm", ArelleResult("x.htm", False, messages=[failed])), options)
    check_plugin_loaded([failed], edgar.EdgarOptions(None, absent="switched off"))  # not asked for: nothing to load
    check_plugin_loaded([Message("EFM.6.05.08", "error", "a finding")], options)  # the plugin's own findings


def test_standard_label_errors_collapse_only_without_a_standard_label_linkbase():
    active = edgar.EdgarOptions(PLUGIN)
    standard = Message("EFM.6.10.01", "error", "no label", "http://xbrl.fasb.org/us-gaap/2011/elts/x.xsd#us-gaap_Revenues")
    own = Message("EFM.6.10.01", "error", "no label", "abc-20240331.xsd#abc_Thing")
    model = SimpleNamespace(relationshipSet=lambda arcrole: SimpleNamespace(modelRelationships=[]))
    out = edgar.adjust_messages([standard, own, Message("EFM.coverFacts", "info-result", "json")], model, active)
    assert own in out and standard not in out and all(m.level != "info-result" for m in out)
    [summary] = [m for m in out if m.level == "warning"]
    assert summary.code == "EFM.6.10.01" and "us-gaap:Revenues" in summary.text


def test_a_heading_that_marks_the_concepts_positive_side_does_not_make_a_negative():
    """Found by DQC.0015 on Forian's release: "Interest expense (195,415)" under "Other Income (Expense)" was
    tagged InterestExpense = -195415; the heading's "(Expense)" is InterestExpense's positive side."""
    from converter.checks.signs import positive_side_marked

    assert positive_side_marked("Interest expense Other Income (Expense):", "InterestExpense") == "(Expense)"
    assert positive_side_marked("Other (income) expense", "OtherNonoperatingIncomeExpense") == "(income)"
    for label, concept in [("Other income (expense), net", "NonoperatingIncomeExpense"), ("Net income (loss)", "NetIncomeLoss"),
                           ("(Benefit from) provision for income taxes", "IncomeTaxExpenseBenefit"),
                           ("Net cash provided by (used in) operating activities", "NetCashProvidedByUsedInOperatingActivities")]:
        assert positive_side_marked(label, concept) is None, label


# --------------------------------------------------------------------------- vendor checks on hand-built models

Q3 = (dt.date(2013, 7, 1), dt.date(2013, 9, 30))
NINE = (dt.date(2013, 1, 1), dt.date(2013, 9, 30))
SEP30 = (None, dt.date(2013, 9, 30))
USD, SHARES, PURE = ("USD",), ("shares",), ("pure",)


@dataclass(frozen=True)
class QN:
    prefix: str
    localName: str

    def __str__(self) -> str:
        return f"{self.prefix}:{self.localName}"


def qn(name: str) -> QN:
    return QN(*name.split(":"))


def fact(name, value, period, unit=USD, decimals="-3", dims=(), type_name="monetaryItemType"):
    start, end = period
    day = dt.timedelta(days=1)
    context = SimpleNamespace(
        isInstantPeriod=start is None,
        instantDatetime=dt.datetime.combine(end + day, dt.time()),
        startDatetime=dt.datetime.combine(start, dt.time()) if start else None,
        endDatetime=dt.datetime.combine(end + day, dt.time()),
        qnameDims={a: SimpleNamespace(memberQname=m) for a, m in dims})
    concept = SimpleNamespace(typeQname=SimpleNamespace(localName=type_name))
    return SimpleNamespace(qname=qn(name), concept=concept, isNumeric=True, isNil=False, context=context,
                           unit=SimpleNamespace(measures=unit), xValue=Decimal(value), decimals=decimals,
                           modelDocument=None, sourceline=None)


def run(rule, *facts, model=None, extension=()):
    filing = SimpleNamespace(facts=list(facts), model=model, extension_concepts=list(extension),
                             is_extension=lambda doc: doc == "ext")
    return list(rule(filing))


def test_dqc_0004_assets_must_equal_liabilities_and_equity():
    assets = fact("us-gaap:Assets", 1000000, SEP30)
    assert run(quality.values_equal, assets, fact("us-gaap:LiabilitiesAndStockholdersEquity", 1000400, SEP30)) == []
    [found] = run(quality.values_equal, assets, fact("us-gaap:LiabilitiesAndStockholdersEquity", 1010000, SEP30))
    assert found.severity == "error" and "us-gaap:Assets = 1000000 (2013-09-30)" in found.message and "1010000" in found.message


def test_dqc_0015_a_non_negative_element_tagged_negative():
    assert run(quality.non_negative, fact("us-gaap:Revenues", 5000, Q3)) == []
    assert run(quality.non_negative, fact("us-gaap:NetIncomeLoss", -5000, Q3)) == []  # may be negative
    [found] = run(quality.non_negative, fact("us-gaap:Revenues", -5000, Q3))
    assert found.severity == "error" and "-5000" in found.message and "2013-07-01 to 2013-09-30" in found.message


def test_dqc_0108_a_quarter_above_its_year_to_date():
    year_to_date = fact("us-gaap:Revenues", 150000, NINE)
    assert run(quality.shorter_period_not_above_longer, fact("us-gaap:Revenues", 50000, Q3), year_to_date) == []
    [found] = run(quality.shorter_period_not_above_longer, fact("us-gaap:Revenues", 160000, Q3), year_to_date)
    assert "larger than the value for the longer period" in found.message and "150000" in found.message
    # a weighted share count is an average, not cumulative: no finding
    assert run(quality.shorter_period_not_above_longer, fact("us-gaap:WeightedAverageNumberOfSharesOutstandingBasic",
               56, Q3, SHARES), fact("us-gaap:WeightedAverageNumberOfSharesOutstandingBasic", 55, NINE, SHARES)) == []


def test_dqc_0128_a_member_above_its_total():
    total = fact("us-gaap:Revenues", 100000, Q3)
    member = ("StatementBusinessSegmentsAxis", "abc:EnterpriseMember")
    assert run(quality.member_not_above_total, total, fact("us-gaap:Revenues", 80000, Q3, dims=(member,))) == []
    [found] = run(quality.member_not_above_total, total, fact("us-gaap:Revenues", 120000, Q3, dims=(member,)))
    assert "larger than its total" in found.message and "EnterpriseMember" in found.message


def test_per_share_scale_eps_times_shares_against_net_income():
    income = fact("us-gaap:NetIncomeLoss", 10000000, Q3, decimals="-3")
    shares = fact("us-gaap:WeightedAverageNumberOfDilutedSharesOutstanding", 50000000, Q3, SHARES, "-3")
    assert run(quality.per_share_scale, income, shares, fact("us-gaap:EarningsPerShareDiluted", "0.20", Q3, ("USD", "shares"), "2")) == []
    # the share count read in thousands as units: 50,000 shares
    small = fact("us-gaap:WeightedAverageNumberOfDilutedSharesOutstanding", 50000, Q3, SHARES, "0")
    [found] = run(quality.per_share_scale, income, small, fact("us-gaap:EarningsPerShareDiluted", "0.20", Q3, ("USD", "shares"), "2"))
    assert found.severity == "error" and "wrong scale" in found.message and "factor of 0.001" in found.message


def test_dqc_0091_a_percentage_of_1000_percent_or_more():
    rate = fact("abc:CashTaxRate", "0.25", Q3, PURE, "2", type_name="percentItemType")
    assert run(quality.percent_not_above_limit, rate) == []
    [found] = run(quality.percent_not_above_limit, fact("abc:CashTaxRate", "25", Q3, PURE, "0", type_name="percentItemType"))
    assert "wrong scale" in found.message and "2500%" in found.message
    assert run(quality.percent_not_above_limit, fact("us-gaap:EffectiveIncomeTaxRateContinuingOperations", "12", Q3,
                                                     PURE, "0", type_name="percentItemType")) == []


def test_an_extension_element_with_a_standard_equivalent():
    standard = SimpleNamespace(qname=qn("us-gaap:Revenues"), modelDocument="package")
    model = SimpleNamespace(qnameConcepts={standard.qname: standard})
    ext_qname = qn("abc:TotalRevenues")
    extension = SimpleNamespace(qname=ext_qname, get=lambda attr: "TotalRevenues", modelDocument="ext")
    used = fact("abc:TotalRevenues", 1, Q3)
    used.qname = ext_qname
    [found] = run(quality.extension_with_standard_equivalent, used, model=model, extension=[extension])
    assert found.severity == "warning" and "us-gaap:Revenues" in found.message
    other = SimpleNamespace(qname=qn("abc:Bookings"), get=lambda attr: "Bookings", modelDocument="ext")
    assert run(quality.extension_with_standard_equivalent, used, model=model, extension=[other]) == []


def test_the_standard_equivalent_is_the_first_standard_name_of_that_equivalent():
    """The rule scans only the standard names that can be an extension's equivalent: it finds what the scan of
    every standard name finds, 'Total' before or after and letter case aside, the first in the DTS's order."""
    names = ["us-gaap:TotalCosts", "us-gaap:Costs", "us-gaap:OtherIncomeTotal", "us-gaap:Revenues", "us-gaap:assets"]
    standards = [SimpleNamespace(qname=qn(n), modelDocument="package") for n in names]
    model = SimpleNamespace(qnameConcepts={c.qname: c for c in standards})

    def extension(name):
        q = qn(f"abc:{name}")
        return SimpleNamespace(qname=q, get=lambda attr, name=name: name, modelDocument="ext")

    extensions = [extension(n) for n in ("Costs", "OtherIncome", "Assets", "RevenuesTotal", "CostsAxis", "Unused")]
    used = []
    for e in extensions[:-1]:
        f = fact(f"abc:{e.get('name')}", 1, Q3)
        f.qname = e.qname
        used.append(f)
    found = run(quality.extension_with_standard_equivalent, *used, model=model, extension=extensions)
    assert [m.message for m in found] == [
        "extension element abc:Costs has the standard equivalent us-gaap:TotalCosts: use it",
        "extension element abc:OtherIncome has the standard equivalent us-gaap:OtherIncomeTotal: use it",
        "extension element abc:RevenuesTotal has the standard equivalent us-gaap:Revenues: use it",
    ]  # us-gaap:assets is not a concept name (lower case first letter); CostsAxis is structural; Unused unused


# --------------------------------------------------------------------------- with the EDGAR plugin


def _errors(report) -> list[Message]:
    return [m for m in report.messages if m.level in ("error", "fatal", "critical", "inconsistency")]


def _assert_edgar_clean(report, name):
    assert report.edgar.startswith("EDGAR plugin"), report.edgar
    assert _errors(report) == [], (name, _errors(report)[:5])
    # EFM.6.10.01 only on standard concepts, summarised as one warning; none on the filing's own concepts
    labels = [m for m in report.messages if m.code == "EFM.6.10.01"]
    assert all(m.level == "warning" and m.source == "taxonomy package" for m in labels), labels


@pytest.mark.edgar
@pytest.mark.arelle
@needs_plugin
def test_reference_release_has_no_edgar_error(seed_output):
    report = json.loads((seed_output / "report.json").read_text())["validation"]
    assert report["edgar"].startswith("EDGAR plugin") and "efm-pragmatic-all-years" in report["edgar"]
    assert report["errors"] == 0, [m for m in report["messages"] if m["level"] == "error"][:5]
    labels = [m for m in report["messages"] if m["code"] == "EFM.6.10.01"]
    assert len(labels) == 1 and labels[0]["level"] == "warning" and "standard concepts" in labels[0]["text"]
    codes = {m["code"] for m in report["messages"]}
    # the divergences issue 17 found are gone: characters, <style>, a hidden displayed cover fact, 6.12.03
    assert not codes & {"EFM.5.02.01.01", "EFM.5.02.05.disallowedElement", "EFM.6.12.03",
                        "EFM.5.02.05.14.hidden-fact-eligible-for-transform"}, codes
    document = (seed_output / "lpsn-20131106.htm").read_text(encoding="ascii")  # ASCII only
    assert "<style" not in document and "title=" not in document and "taxonomy/mappings" not in document
    hidden = document[document.index("<ix:hidden>"):document.index("</ix:hidden>")]
    assert "EntityRegistrantName" not in hidden and "TradingSymbol" not in hidden
    facts = {f.concept: f for f in read_facts(seed_output / "lpsn-20131106.htm")}
    assert facts["dei:EntityRegistrantName"].value == "LivePerson, Inc."
    assert facts["dei:DocumentType"].value == "8-K" and facts["dei:DocumentType"].period == "2013-11-06/2013-11-06"


@pytest.fixture(scope="module")
def warm(taxonomy):
    from converter.validate.warm import WarmValidator

    with WarmValidator(taxonomy) as validator:
        yield validator


def _corpus_releases() -> list:
    if not CORPUS.is_dir():
        return []
    return sorted(p.name for p in CORPUS.iterdir() if p.is_file() and p.name != "README.md")


@pytest.mark.edgar
@pytest.mark.arelle
@pytest.mark.corpus
@needs_plugin
@pytest.mark.parametrize("name", _corpus_releases())
def test_corpus_release_has_no_edgar_error(name, tmp_path, taxonomy, warm):
    from converter.cli import main

    out = tmp_path / "out"
    code = main(["convert", str(CORPUS / name), "--out", str(out), "--taxonomy", str(taxonomy), *COMPANY, "--no-validate"])
    if code == 2:
        pytest.skip(f"{name} does not convert (prose only): nothing to validate")
    assert code == 0
    _assert_edgar_clean(warm.validate(next(out.glob("*.htm"))), name)


def _planted(seed_output: Path, folder: Path, change) -> Path:
    folder.mkdir()
    for path in seed_output.iterdir():
        if path.is_file() and path.name.startswith("lpsn-20131106") and path.suffix in (".htm", ".xsd", ".xml"):
            shutil.copy(path, folder / path.name)
    document = folder / "lpsn-20131106.htm"
    document.write_text(change(document.read_text(encoding="ascii")), encoding="utf-8")
    return document


def _hide_registrant_name(text: str) -> str:
    element = re.search(r'<ix:nonNumeric name="dei:EntityRegistrantName"[^>]*>[^<]*</ix:nonNumeric>', text).group(0)
    text = text.replace(element, "LivePerson, Inc.", 1)
    return text.replace("<ix:hidden>", "<ix:hidden>\n" + element, 1)


def _divergences(text: str) -> str:
    text = text.replace("</title>", "</title>\n<style type=\"text/css\">p { margin: 0 }</style>", 1)
    text = text.replace("&#183;", "\u00b7", 1)  # a disallowed character as such
    return _hide_registrant_name(text)


@pytest.fixture(scope="module")
def divergent(seed_output, tmp_path_factory, warm):
    return warm.validate(_planted(seed_output, tmp_path_factory.mktemp("planted") / "f", _divergences))


@pytest.mark.edgar
@pytest.mark.arelle
@needs_plugin
@pytest.mark.parametrize("code, needle", [
    ("EFM.5.02.01.01", "U+00B7"),  # a planted disallowed character
    ("EFM.5.02.05.disallowedElement", "<style>"),  # a planted <style> element
    ("EFM.5.02.05.14.hidden-fact-eligible-for-transform", "dei:EntityRegistrantName"),  # a displayed cover fact hidden
])
def test_a_planted_divergence_gives_the_edgar_code(divergent, code, needle):
    found = [m for m in divergent.messages if m.code == code]
    assert found and any(needle in m.text for m in found), sorted({m.code for m in divergent.messages})


@pytest.mark.edgar
@pytest.mark.arelle
@needs_plugin
def test_a_planted_vendor_violation_fails_the_gate(seed_output, tmp_path, warm):
    def negative_revenue(text: str) -> str:
        return re.sub(r'(<ix:nonFraction name="us-gaap:Revenues" contextRef="c-D\d{8}-\d{8}"[^>]*?)( id=)', r'\1 sign="-"\2', text, count=1)

    report = warm.validate(_planted(seed_output, tmp_path / "f", negative_revenue))
    found = [m for m in report.messages if m.code == "ixconv.DQC.0015"]
    assert found and found[0].level == "error" and "us-gaap:Revenues = -" in found[0].text
    assert report.errors >= 1


@pytest.mark.edgar
@pytest.mark.arelle
@needs_plugin
def test_validate_reports_plugin_codes_on_a_filing_it_did_not_make(tmp_path, taxonomy, capsys):
    from test_validate_rules import INSTANCE_FAULTS, write_filing

    from converter.cli import main

    document = write_filing(tmp_path, INSTANCE_FAULTS, taxonomy)
    code = main(["validate", str(document), "--taxonomy", str(taxonomy), "--format", "json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 1 and summary["edgar"].startswith("EDGAR plugin")
    codes = {m["code"] for m in summary["messages"]}
    # the faults the project's own rules used to find, now reported by the EDGAR plugin
    assert {"EFM.6.05.08", "EFM.6.05.11", "EFM.6.05.17", "EFM.6.05.12"} <= codes, sorted(codes)
    assert not any(c.startswith("ixconv.EFM.6.5.") and c != "ixconv.EFM.6.5.11.unused" for c in codes)


@pytest.mark.edgar
@pytest.mark.arelle
@needs_plugin
def test_validate_with_a_plugin_that_does_not_import_fails_in_one_line(tmp_path, taxonomy):
    """Regression (issue 20): a plugin whose import fails (a dependency missing) is an error, exit 2, one
    line on stderr, for a fresh validation and for the warm validator; run in a child process, since
    Arelle's plugin manager is process-wide."""
    import os
    import subprocess
    import sys

    from test_validate_rules import CLEAN, write_filing

    broken = tmp_path / "EDGAR" / "validate"
    broken.mkdir(parents=True)
    for entry in PLUGIN.iterdir():
        if entry.name != "__init__.py":
            (broken / entry.name).symlink_to(entry)
    init = (PLUGIN / "__init__.py").read_text(encoding="utf-8")
    (broken / "__init__.py").write_text(init + "\nimport ixconv_test_module_that_is_not_installed  # noqa\n",
                                        encoding="utf-8")
    document = write_filing(tmp_path / "filing", CLEAN, taxonomy)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from converter.validate import ValidationSetupError\n"
        "from converter.validate.edgar import resolve_edgar\n"
        "from converter.validate.warm import WarmValidator\n"
        "try:\n"
        "    WarmValidator(Path(sys.argv[1]), edgar=resolve_edgar(sys.argv[2])).start()\n"
        "except ValidationSetupError as exc:\n"
        "    print(exc)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-m", "converter.cli", "validate", str(document), "--taxonomy",
                           str(taxonomy), "--edgar-plugin", str(broken)], capture_output=True, text=True, env=env,
                          timeout=600)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith(f"ixconv validate: error: the EDGAR plugin at {broken} could not be loaded")
    assert "ixconv_test_module_that_is_not_installed" in done.stderr and not done.stdout
    warm = subprocess.run([sys.executable, "-c", script, str(taxonomy), str(broken)], capture_output=True,
                          text=True, env=env, timeout=600)
    assert warm.stdout.startswith(f"the EDGAR plugin at {broken} could not be loaded"), (warm.stdout, warm.stderr)
    assert "ixconv_test_module_that_is_not_installed" in warm.stdout


@pytest.mark.edgar
@pytest.mark.arelle
@needs_plugin
def test_the_warm_validator_keeps_the_plugin_after_another_session(seed_output, taxonomy, warm):
    from converter.validate import validate_filing

    document = seed_output / "lpsn-20131106.htm"
    before = warm.validate(document)
    plain = validate_filing(document, taxonomy, edgar=edgar.resolve_edgar("none"))  # another Session, no plugin
    after = warm.validate(document)
    assert plain.edgar.startswith("EDGAR checks did not run")
    assert sorted(m.code for m in before.messages) == sorted(m.code for m in after.messages)
    assert after.edgar.startswith("EDGAR plugin") and any(m.code.startswith("EFM.") for m in after.messages)


def test_convert_refuses_a_plugin_that_is_not_there(tmp_path, taxonomy, capsys):
    from conftest import SEED

    from converter.cli import main

    code = main(["convert", str(SEED), "--out", str(tmp_path / "out"), "--taxonomy", str(taxonomy),
                 "--edgar-plugin", str(tmp_path / "no-plugin")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--edgar-plugin" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.arelle
def test_convert_without_the_plugin_says_so_in_one_line(tmp_path, taxonomy, capsys):
    from conftest import SEED

    from converter.cli import main

    out = tmp_path / "out"
    code = main(["convert", str(SEED), "--out", str(out), "--taxonomy", str(taxonomy), "--edgar-plugin", "none",
                 "--no-viewer"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert [ln for ln in err.splitlines() if "EDGAR" in ln] == [
        "EDGAR checks did not run: switched off (--edgar-plugin none)"]
    validation = json.loads((out / "report.json").read_text())["validation"]
    notices = [m for m in validation["messages"] if m["code"] == edgar.NOT_RUN_CODE]
    assert len(notices) == 1 and notices[0]["level"] == "warning"
    assert validation["edgar"].startswith("EDGAR checks did not run")
